#include "auth/PasswordHasher.h"

#include <QCoreApplication>
#include <QStringList>

#include <optional>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace madoguchi {

namespace {
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;

QString openSslError()
{
    unsigned long e = ERR_get_error();
    if (!e) {
        return QStringLiteral("unknown OpenSSL error");
    }
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return QString::fromLatin1(buf);
}

Result<QByteArray> derive(const QByteArray& password, const QByteArray& salt,
                          const PasswordHasher::Params& p)
{
    if (p.log2N < 10 || p.log2N > 22 || p.r < 1 || p.r > 32 || p.p < 1 || p.p > 16) {
        return Error(QStringLiteral("scrypt parameters out of range"), QStringLiteral("auth.hash"));
    }
    const uint64_t n = uint64_t(1) << p.log2N;
    const uint64_t maxmem = 128 * n * uint64_t(p.r) * uint64_t(p.p) + (16u << 20);
    QByteArray key(kKeyBytes, Qt::Uninitialized);
    if (EVP_PBE_scrypt(password.constData(), size_t(password.size()),
                       reinterpret_cast<const unsigned char*>(salt.constData()),
                       size_t(salt.size()), n, uint64_t(p.r), uint64_t(p.p), maxmem,
                       reinterpret_cast<unsigned char*>(key.data()), size_t(key.size())) != 1) {
        return Error(QStringLiteral("scrypt failed: %1").arg(openSslError()),
                     QStringLiteral("auth.hash"));
    }
    return key;
}

struct Parsed
{
    PasswordHasher::Params params;
    QByteArray salt;
    QByteArray key;
};

std::optional<Parsed> parse(const QString& stored)
{
    const QStringList parts = stored.split(u'$');
    if (parts.size() != 6 || parts[0] != QStringLiteral("scrypt")) {
        return std::nullopt;
    }
    Parsed out;
    bool ok1 = false, ok2 = false, ok3 = false;
    out.params.log2N = parts[1].toInt(&ok1);
    out.params.r = parts[2].toInt(&ok2);
    out.params.p = parts[3].toInt(&ok3);
    out.salt = QByteArray::fromBase64(parts[4].toLatin1());
    out.key = QByteArray::fromBase64(parts[5].toLatin1());
    if (!ok1 || !ok2 || !ok3 || out.salt.size() < 8 || out.key.size() != kKeyBytes) {
        return std::nullopt;
    }
    return out;
}
} // namespace

Result<QString> PasswordHasher::hash(const QString& password, Params params)
{
    QByteArray salt(kSaltBytes, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), kSaltBytes) != 1) {
        return Error(QStringLiteral("no random bytes: %1").arg(openSslError()),
                     QStringLiteral("auth.hash"));
    }
    auto key = derive(password.toUtf8(), salt, params);
    if (!key) {
        return key.error();
    }
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(params.log2N)
        .arg(params.r)
        .arg(params.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(key->toBase64()));
}

bool PasswordHasher::verify(const QString& password, const QString& stored)
{
    const auto parsed = parse(stored);
    if (!parsed) {
        return false;
    }
    auto key = derive(password.toUtf8(), parsed->salt, parsed->params);
    if (!key) {
        return false;
    }
    return CRYPTO_memcmp(key->constData(), parsed->key.constData(), kKeyBytes) == 0;
}

bool PasswordHasher::needsRehash(const QString& stored, Params current)
{
    const auto parsed = parse(stored);
    return !parsed || parsed->params.log2N < current.log2N || parsed->params.r < current.r ||
           parsed->params.p < current.p;
}

Status PasswordHasher::checkPolicy(const QString& password, const QString& login)
{
    if (password.size() < kMinLength) {
        return Error(QCoreApplication::translate("PasswordHasher",
                                                 "the password must have at least %1 characters")
                         .arg(kMinLength),
                     QStringLiteral("auth.policy"));
    }
    if (password.count(password.front()) == password.size()) {
        return Error(QCoreApplication::translate("PasswordHasher",
                                                 "the password must not repeat one character"),
                     QStringLiteral("auth.policy"));
    }
    if (!login.isEmpty() && password.compare(login, Qt::CaseInsensitive) == 0) {
        return Error(QCoreApplication::translate("PasswordHasher",
                                                 "the password must not be the login name"),
                     QStringLiteral("auth.policy"));
    }
    return {};
}

} // namespace madoguchi
