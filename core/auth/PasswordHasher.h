#pragma once
// Password hashing with scrypt (OpenSSL 3.0 has no Argon2). Each hash carries its parameters
// and a random per-account salt: "scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>".

#include "common/Result.h"

#include <QByteArray>

namespace madoguchi {

struct ScryptParams
{
    int log2N = 15; // N = 32768: ~32 MiB and ~0.1 s per hash on a counter PC
    int r = 8;
    int p = 1;
};

class PasswordHasher
{
public:
    using Params = ScryptParams;

    static Result<QString> hash(const QString& password, Params params);
    static Result<QString> hash(const QString& password) { return hash(password, Params{}); }
    // Constant-time comparison. A malformed stored hash never verifies.
    static bool verify(const QString& password, const QString& stored);
    // True when the stored hash uses weaker parameters than `current` (rehash on next login).
    static bool needsRehash(const QString& stored, Params current = Params{});

    // Password rules for operator accounts: at least 8 characters, not all the same character,
    // not equal to the login name.
    static Status checkPolicy(const QString& password, const QString& login);
    static constexpr int kMinLength = 8;
};

} // namespace madoguchi
