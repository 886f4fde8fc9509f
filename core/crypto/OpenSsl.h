#pragma once
// RAII for OpenSSL objects and one place that turns the OpenSSL error queue into a message.

#include <QByteArray>
#include <QString>

#include <memory>

#include <openssl/evp.h>

namespace madoguchi::ossl {

struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// Drains the thread's OpenSSL error queue into one line ("what: reason; reason"). Never empty:
// when the queue is empty it says so, so that a failure is never reported without a reason.
QString errorString(const QString& what);

QByteArray randomBytes(int n); // empty on failure

// HMAC-SHA-256.
QByteArray hmacSha256(const QByteArray& key, const QByteArray& data);

} // namespace madoguchi::ossl
