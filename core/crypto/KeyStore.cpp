#include "crypto/KeyStore.h"

#include "common/Clock.h"
#include "crypto/OpenSsl.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

#include <openssl/kdf.h>

namespace madoguchi {

namespace {
constexpr int kKeyBytes = 32;
constexpr int kNonceBytes = 12;
constexpr int kTagBytes = 16;

QByteArray hkdf(const QByteArray& ikm, const QByteArray& info)
{
    return ossl::hkdfSha256(ikm, QByteArrayLiteral("madoguchi-installation-key-v1"), info,
                            kKeyBytes);
}
} // namespace

QString KeyStore::keyDirectory()
{
    const QString env = qEnvironmentVariable("MADOGUCHI_KEY_DIR");
    if (!env.isEmpty()) {
        return env;
    }
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("keys"));
}

Result<KeyStore> KeyStore::open(const Database& db)
{
    KeyStore ks;
    auto id = db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = 'installation.id'"));
    if (!id) {
        return id.error();
    }
    if (id->isValid()) {
        ks.m_installationId = id->toString();
    } else {
        ks.m_installationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (Status st =
                db.run(QStringLiteral("INSERT INTO settings (key, value, updated_at, updated_by) "
                                      "VALUES ('installation.id', ?, ?, 'system')"),
                       {ks.m_installationId, Clock::isoNow()});
            !st) {
            return st.error();
        }
    }
    const QString dir = keyDirectory();
    ks.m_path = QDir(dir).filePath(ks.m_installationId + QStringLiteral(".key"));
    QByteArray key;
    QFile f(ks.m_path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly)) {
            return Error(QCoreApplication::translate("KeyStore", "cannot read the key file %1: %2")
                             .arg(ks.m_path, f.errorString()),
                         QStringLiteral("key.read"));
        }
        key = f.readAll();
        if (key.size() != kKeyBytes) {
            return Error(QCoreApplication::translate(
                             "KeyStore", "the key file %1 is damaged (%2 bytes instead of %3)")
                             .arg(ks.m_path)
                             .arg(key.size())
                             .arg(kKeyBytes),
                         QStringLiteral("key.damaged"));
        }
    } else {
        auto sealedValues = db.scalar(
            QStringLiteral("SELECT (SELECT COUNT(*) FROM residents WHERE my_number_enc IS NOT "
                           "NULL) + (SELECT COUNT(*) FROM ledger_persons WHERE sealed IS NOT "
                           "NULL)"));
        if (!sealedValues) {
            return sealedValues.error();
        }
        if (sealedValues->toLongLong() > 0) {
            return Error(
                QCoreApplication::translate(
                    "KeyStore",
                    "the key of this database (installation %1) is missing: restore %2 from the "
                    "backup; nothing was changed")
                    .arg(ks.m_installationId, ks.m_path),
                QStringLiteral("key.missing"));
        }
        key = ossl::randomBytes(kKeyBytes);
        if (key.isEmpty() || !QDir().mkpath(dir)) {
            return Error(QCoreApplication::translate("KeyStore", "cannot create the key file in %1")
                             .arg(dir),
                         QStringLiteral("key.write"));
        }
        QSaveFile out(ks.m_path);
        if (!out.open(QIODevice::WriteOnly) || out.write(key) != key.size()) {
            return Error(QCoreApplication::translate("KeyStore", "cannot write the key file %1: %2")
                             .arg(ks.m_path, out.errorString()),
                         QStringLiteral("key.write"));
        }
        out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (!out.commit()) {
            return Error(QCoreApplication::translate("KeyStore", "cannot write the key file %1: %2")
                             .arg(ks.m_path, out.errorString()),
                         QStringLiteral("key.write"));
        }
    }
    ks.m_encKey = hkdf(key, QByteArrayLiteral("my-number aes-256-gcm"));
    ks.m_macKey = hkdf(key, QByteArrayLiteral("my-number lookup hmac"));
    if (ks.m_encKey.isEmpty() || ks.m_macKey.isEmpty()) {
        return Error(ossl::errorString(QStringLiteral("HKDF")), QStringLiteral("key.derive"));
    }
    return ks;
}

Result<QString> KeyStore::seal(const QString& plaintext, const QString& context) const
{
    const QByteArray nonce = ossl::randomBytes(kNonceBytes);
    const auto sealed =
        nonce.isEmpty() ? std::nullopt
                        : ossl::aesGcmSeal(m_encKey, nonce, plaintext.toUtf8(), context.toUtf8());
    if (!sealed) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("key.crypto"));
    }
    return QString::fromLatin1((nonce + *sealed).toBase64());
}

Result<QString> KeyStore::unseal(const QString& sealed, const QString& context) const
{
    const QByteArray raw = QByteArray::fromBase64(sealed.toLatin1());
    if (raw.size() < kNonceBytes + kTagBytes) {
        return Error(QCoreApplication::translate("KeyStore", "an encrypted value is damaged"),
                     QStringLiteral("key.damaged_value"));
    }
    const auto plain =
        ossl::aesGcmOpen(m_encKey, raw.left(kNonceBytes), raw.mid(kNonceBytes), context.toUtf8());
    if (!plain) {
        return Error(
            QCoreApplication::translate(
                "KeyStore",
                "an encrypted value does not match its key or its record (tampered or moved)"),
            QStringLiteral("key.auth_failed"));
    }
    return QString::fromUtf8(*plain);
}

QString KeyStore::lookupHash(const QString& value) const
{
    return QString::fromLatin1(ossl::hmacSha256(m_macKey, value.toUtf8()).toHex());
}

} // namespace madoguchi
