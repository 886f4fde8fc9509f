#include "crypto/OpenSsl.h"

#include <QStringList>

#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
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

QByteArray hkdfSha256(const QByteArray& ikm, const QByteArray& salt, const QByteArray& info,
                      int length)
{
    PkeyCtx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
    QByteArray out(length, Qt::Uninitialized);
    size_t len = size_t(out.size());
    auto u = [](const QByteArray& b) {
        return reinterpret_cast<const unsigned char*>(b.constData());
    };
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), u(salt), int(salt.size())) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), u(ikm), int(ikm.size())) <= 0 ||
        EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), u(info), int(info.size())) <= 0 ||
        EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) <= 0) {
        return {};
    }
    return out;
}

namespace {
constexpr int kGcmTag = 16;
const unsigned char* bytes(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}
} // namespace

std::optional<QByteArray> aesGcmSeal(const QByteArray& key, const QByteArray& nonce,
                                     const QByteArray& plaintext, const QByteArray& aad)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(plaintext.size() + kGcmTag, Qt::Uninitialized);
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int len = 0;
    if (key.size() != 32 || nonce.size() != 12 || !ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), o, &len, bytes(plaintext), int(plaintext.size())) != 1) {
        return std::nullopt;
    }
    int total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), o + total, &len) != 1) {
        return std::nullopt;
    }
    total += len;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kGcmTag, o + total) != 1) {
        return std::nullopt;
    }
    out.resize(total + kGcmTag);
    return out;
}

std::optional<QByteArray> aesGcmOpen(const QByteArray& key, const QByteArray& nonce,
                                     const QByteArray& sealed, const QByteArray& aad)
{
    if (key.size() != 32 || nonce.size() != 12 || sealed.size() < kGcmTag) {
        return std::nullopt;
    }
    const QByteArray ct = sealed.left(sealed.size() - kGcmTag);
    QByteArray tag = sealed.right(kGcmTag);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(ct.size() + kGcmTag, Qt::Uninitialized);
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int len = 0;
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), int(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), o, &len, bytes(ct), int(ct.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kGcmTag, tag.data()) != 1) {
        return std::nullopt;
    }
    int total = len;
    if (EVP_DecryptFinal_ex(ctx.get(), o + total, &len) != 1) {
        ERR_clear_error();
        return std::nullopt;
    }
    out.resize(total + len);
    return out;
}

} // namespace madoguchi::ossl
