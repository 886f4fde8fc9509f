#pragma once
// The installation key that protects My Numbers and the disaster ledger's contact fields at
// rest. It lives outside the database file:
// <MADOGUCHI_KEY_DIR or <AppData>/keys>/<installation id>.key (32 random bytes, mode 0600),
// where the installation id is a UUID kept in the database's settings. Workstations that share
// a PostgreSQL database need the same key file (copy it with the administrator's tools).
//
// From the key, HKDF-SHA-256 derives an AES-256-GCM key (encryption) and an HMAC-SHA-256 key
// (exact lookup without decrypting).

#include "storage/Database.h"

#include <QByteArray>

namespace madoguchi {

class KeyStore
{
public:
    // Loads the key, or creates it when this database holds no encrypted value yet. A database
    // that holds encrypted values without its key is an error that names the missing file.
    static Result<KeyStore> open(const Database& db);
    static QString keyDirectory();

    const QString& installationId() const { return m_installationId; }
    const QString& keyPath() const { return m_path; }

    // base64(nonce | ciphertext | tag); `context` is authenticated too (e.g. the resident code),
    // so that a value moved to another row no longer decrypts.
    Result<QString> seal(const QString& plaintext, const QString& context) const;
    Result<QString> unseal(const QString& sealed, const QString& context) const;
    // Hex HMAC of a value, for exact lookup.
    QString lookupHash(const QString& value) const;

private:
    QString m_installationId;
    QString m_path;
    QByteArray m_encKey;
    QByteArray m_macKey;
};

} // namespace madoguchi
