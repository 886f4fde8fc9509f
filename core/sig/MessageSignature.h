#pragma once
// HTTP Message Signatures (RFC 9421) and Content-Digest (RFC 9530).
//
// The signature base is built from the covered components of a message (fields and derived
// components such as @method, @target-uri, @authority, @path, @query, @status) followed by the
// "@signature-params" line; algorithms: ecdsa-p256-sha256 (raw r‖s, 64 bytes, not DER),
// ed25519, hmac-sha256, rsa-pss-sha512 and rsa-v1_5-sha256, all through OpenSSL 3.

#include "sig/HttpMessage.h"
#include "sig/StructuredFields.h"

#include <QDateTime>
#include <QStringList>

#include <memory>
#include <optional>

typedef struct evp_pkey_st EVP_PKEY;

namespace madoguchi::sig {

enum class Algorithm { EcdsaP256Sha256, Ed25519, HmacSha256, RsaPssSha512, RsaV15Sha256 };
std::optional<Algorithm> algorithmFromName(const QString& name);
QString algorithmName(Algorithm alg);

struct Key
{
    std::shared_ptr<EVP_PKEY> pkey; // asymmetric keys
    QByteArray secret;              // hmac-sha256
    bool isPrivate = false;
};

// A PEM private key, public key or certificate; for hmac-sha256 a file holding the base64
// secret (or, with `hmacSecret` set, these bytes are the secret itself).
Result<Key> loadKey(const QByteArray& pemOrBase64, bool hmacSecret = false);
// The algorithm a key can do, for a key given without --alg (nullopt for RSA: PSS or v1.5).
std::optional<Algorithm> algorithmForKey(const Key& key);

// One component's value as it goes into the base ("@method" → "POST").
Result<QByteArray> componentValue(const HttpMessage& message, const sf::Item& component,
                                  const HttpMessage* request = nullptr);
// The whole signature base, LF-separated, without a trailing newline.
Result<QByteArray> signatureBase(const HttpMessage& message, const sf::InnerList& params,
                                 const HttpMessage* request = nullptr);

Result<QByteArray> signBase(Algorithm alg, const Key& key, const QByteArray& base);
Status verifyBase(Algorithm alg, const Key& key, const QByteArray& base,
                  const QByteArray& signature);

struct SignatureEntry
{
    QString label;
    sf::InnerList params; // covered components and the signature parameters
    QByteArray signature;
};
// Signature-Input and Signature of a message, matched by label.
Result<QList<SignatureEntry>> signaturesOf(const HttpMessage& message);

struct VerifyOptions
{
    QString label;                      // empty: the only (or first) signature
    std::optional<Algorithm> algorithm; // else from the alg parameter or the key
    int maxAgeSeconds = -1;             // >= 0: created must be within this age (and not ahead)
    QDateTime now;                      // for the age check; invalid: the clock
    QStringList requiredComponents;     // each must be covered
};
// Verifies one signature of the message; the error says why it does not verify.
Result<SignatureEntry> verifyMessage(const HttpMessage& message, const Key& key,
                                     const VerifyOptions& options,
                                     const HttpMessage* request = nullptr);

// Adds Signature-Input and Signature for `label` covering `components`.
Status signMessage(HttpMessage& message, const QString& label, const QStringList& components,
                   const sf::Parameters& params, Algorithm alg, const Key& key,
                   const HttpMessage* request = nullptr);

// Content-Digest for a body: "sha-256=:…:".
QByteArray contentDigest(const QByteArray& body);
// True when the message's Content-Digest has a sha-256 member that matches its body.
Status checkContentDigest(const HttpMessage& message);

} // namespace madoguchi::sig
