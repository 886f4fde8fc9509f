#pragma once
// RAII for OpenSSL objects and one place that turns the OpenSSL error queue into a message.

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

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

// Owners for the X.509 objects (certificates, CRLs, verification stores).
template <typename T, void (*F)(T*)> struct Free
{
    void operator()(T* p) const { F(p); }
};
using Bio = std::unique_ptr<BIO, Free<BIO, BIO_free_all>>;
using Pkey = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using Bignum = std::unique_ptr<BIGNUM, Free<BIGNUM, BN_free>>;
using Cert = std::unique_ptr<X509, Free<X509, X509_free>>;
using Crl = std::unique_ptr<X509_CRL, Free<X509_CRL, X509_CRL_free>>;
using Revoked = std::unique_ptr<X509_REVOKED, Free<X509_REVOKED, X509_REVOKED_free>>;
using Store = std::unique_ptr<X509_STORE, Free<X509_STORE, X509_STORE_free>>;
using StoreCtx = std::unique_ptr<X509_STORE_CTX, Free<X509_STORE_CTX, X509_STORE_CTX_free>>;
using Time = std::unique_ptr<ASN1_TIME, Free<ASN1_TIME, ASN1_TIME_free>>;
using Integer = std::unique_ptr<ASN1_INTEGER, Free<ASN1_INTEGER, ASN1_INTEGER_free>>;
using Enumerated = std::unique_ptr<ASN1_ENUMERATED, Free<ASN1_ENUMERATED, ASN1_ENUMERATED_free>>;
// A stack of certificates that owns them.
struct CertStackFree
{
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using CertStack = std::unique_ptr<STACK_OF(X509), CertStackFree>;

// A read-only memory BIO over `data` (which must outlive it), and what a memory BIO holds.
Bio memBio(const QByteArray& data);
QByteArray bioData(BIO* bio);

// Drains the thread's OpenSSL error queue into one line ("what: reason; reason"). Never empty:
// when the queue is empty it says so, so that a failure is never reported without a reason.
QString errorString(const QString& what);

QByteArray randomBytes(int n); // empty on failure

// HMAC-SHA-256.
QByteArray hmacSha256(const QByteArray& key, const QByteArray& data);

// HKDF-SHA-256 (RFC 5869); empty on failure.
QByteArray hkdfSha256(const QByteArray& ikm, const QByteArray& salt, const QByteArray& info,
                      int length);

// AES-256-GCM with a 12-byte nonce and a 16-byte tag: seal returns ciphertext | tag; open
// returns the plaintext, or nothing when the tag does not match (wrong key, nonce or aad, or a
// changed ciphertext) or OpenSSL fails.
std::optional<QByteArray> aesGcmSeal(const QByteArray& key, const QByteArray& nonce,
                                     const QByteArray& plaintext, const QByteArray& aad);
std::optional<QByteArray> aesGcmOpen(const QByteArray& key, const QByteArray& nonce,
                                     const QByteArray& sealed, const QByteArray& aad);

} // namespace madoguchi::ossl
