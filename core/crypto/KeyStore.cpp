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
    ossl::PkeyCtx ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr));
    QByteArray out(kKeyBytes, Qt::Uninitialized);
    size_t len = size_t(out.size());
    static const QByteArray salt = QByteArrayLiteral("madoguchi-installation-key-v1");
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
        EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(),
                                    reinterpret_cast<const unsigned char*>(salt.constData()),
                                    int(salt.size())) <= 0 ||
        EVP_PKEY_CTX_set1_hkdf_key(ctx.get(),
                                   reinterpret_cast<const unsigned char*>(ikm.constData()),
                                   int(ikm.size())) <= 0 ||
        EVP_PKEY_CTX_add1_hkdf_info(ctx.get(),
                                    reinterpret_cast<const unsigned char*>(info.constData()),
                                    int(info.size())) <= 0 ||
        EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) <= 0) {
        return {};
    }
    return out;
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
    const QByteArray pt = plaintext.toUtf8();
    const QByteArray aad = context.toUtf8();
    ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray ct(pt.size() + 16, Qt::Uninitialized);
    int len = 0, total = 0;
    unsigned char tag[kTagBytes];
    auto u = [](const QByteArray& b) {
        return reinterpret_cast<const unsigned char*>(b.constData());
    };
    if (nonce.isEmpty() || !ctx ||
        EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(m_encKey), u(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, u(aad), int(aad.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()), &len, u(pt),
                          int(pt.size())) != 1) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("key.crypto"));
    }
    total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()) + total, &len) !=
            1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) != 1) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("key.crypto"));
    }
    total += len;
    ct.resize(total);
    return QString::fromLatin1(
        (nonce + ct + QByteArray(reinterpret_cast<const char*>(tag), kTagBytes)).toBase64());
}

Result<QString> KeyStore::unseal(const QString& sealed, const QString& context) const
{
    const QByteArray raw = QByteArray::fromBase64(sealed.toLatin1());
    if (raw.size() < kNonceBytes + kTagBytes) {
        return Error(QCoreApplication::translate("KeyStore", "an encrypted value is damaged"),
                     QStringLiteral("key.damaged_value"));
    }
    const QByteArray nonce = raw.left(kNonceBytes);
    const QByteArray tag = raw.right(kTagBytes);
    const QByteArray ct = raw.mid(kNonceBytes, raw.size() - kNonceBytes - kTagBytes);
    const QByteArray aad = context.toUtf8();
    auto u = [](const QByteArray& b) {
        return reinterpret_cast<const unsigned char*>(b.constData());
    };
    ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray pt(ct.size() + 16, Qt::Uninitialized);
    int len = 0, total = 0;
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(m_encKey), u(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, u(aad), int(aad.size())) != 1 ||
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(pt.data()), &len, u(ct),
                          int(ct.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes,
                            const_cast<char*>(tag.constData())) != 1) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("key.crypto"));
    }
    total = len;
    if (EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(pt.data()) + total, &len) !=
        1) {
        ossl::errorString(QString()); // clear the queue
        return Error(
            QCoreApplication::translate(
                "KeyStore",
                "an encrypted value does not match its key or its record (tampered or moved)"),
            QStringLiteral("key.auth_failed"));
    }
    total += len;
    pt.resize(total);
    return QString::fromUtf8(pt);
}

QString KeyStore::lookupHash(const QString& value) const
{
    return QString::fromLatin1(ossl::hmacSha256(m_macKey, value.toUtf8()).toHex());
}

} // namespace madoguchi
