#include "crypto/OpenSsl.h"

#include <QStringList>

#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace madoguchi::ossl {

QString errorString(const QString& what)
{
    QStringList reasons;
    unsigned long e = 0;
    while ((e = ERR_get_error()) != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        reasons << QString::fromLatin1(buf);
    }
    if (reasons.isEmpty()) {
        reasons << QStringLiteral("no detail from OpenSSL");
    }
    return what + QStringLiteral(": ") + reasons.join(QStringLiteral("; "));
}

Bio memBio(const QByteArray& data)
{
    return Bio(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bioData(BIO* bio)
{
    char* p = nullptr;
    const long n = BIO_get_mem_data(bio, &p);
    return QByteArray(p, int(n));
}

QByteArray randomBytes(int n)
{
    QByteArray out(n, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), n) != 1) {
        return {};
    }
    return out;
}

QByteArray hmacSha256(const QByteArray& key, const QByteArray& data)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()),
              reinterpret_cast<const unsigned char*>(data.constData()), size_t(data.size()), md,
              &len)) {
        return {};
    }
    return QByteArray(reinterpret_cast<const char*>(md), int(len));
}

} // namespace madoguchi::ossl
