#include "disaster/RegisterExtract.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "crypto/OpenSsl.h"
#include "registry/RegistryService.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/err.h>
#include <openssl/kdf.h>

namespace madoguchi::disaster {

namespace {

const QByteArray kMagic = QByteArrayLiteral("MADOGUCHI-EXTRACT 1\n");
constexpr int kTagBytes = 16;
constexpr int kNonceBytes = 12;
constexpr quint64 kScryptN = 1u << 15;
constexpr quint64 kScryptR = 8;
constexpr quint64 kScryptP = 1;

Error invalidFile(const QString& why)
{
    return Error(
        QCoreApplication::translate("RegisterExtract", "not a readable extract: %1").arg(why),
        QStringLiteral("extract.invalid"));
}

const unsigned char* u(const QByteArray& b)
{
    return reinterpret_cast<const unsigned char*>(b.constData());
}

Result<QByteArray> deriveKey(const QByteArray& passphrase, const QByteArray& salt, quint64 n,
                             quint64 r, quint64 p)
{
    QByteArray key(32, Qt::Uninitialized);
    const quint64 maxMem = 128 * n * r * p + (16u << 20);
    if (EVP_PBE_scrypt(passphrase.constData(), size_t(passphrase.size()), u(salt),
                       size_t(salt.size()), n, r, p, maxMem,
                       reinterpret_cast<unsigned char*>(key.data()), size_t(key.size())) != 1) {
        return Error(ossl::errorString(QStringLiteral("scrypt")), QStringLiteral("extract.crypto"));
    }
    return key;
}

QJsonObject residentJson(const Resident& r)
{
    return {{QStringLiteral("code"), r.residentCode},
            {QStringLiteral("household_no"), r.householdNo},
            {QStringLiteral("relationship"), r.relationship},
            {QStringLiteral("family_name"), r.familyName},
            {QStringLiteral("given_name"), r.givenName},
            {QStringLiteral("family_kana"), r.familyKana},
            {QStringLiteral("given_kana"), r.givenKana},
            {QStringLiteral("alpha_name"), r.alphaName},
            {QStringLiteral("birth_date"), r.birthDate.toString(Qt::ISODate)},
            {QStringLiteral("sex"), r.sex},
            {QStringLiteral("address"), r.addressDisplay},
            {QStringLiteral("lg_code"), r.address.lgCode},
            {QStringLiteral("dv_support"), r.dvSupport}};
}

} // namespace

RegisterExtract::RegisterExtract(Database db) : m_db(std::move(db)) {}

Result<QByteArray> RegisterExtract::write(const QByteArray& passphrase, const Session& by,
                                          qint64 disasterId, ExtractSummary* summary)
{
    for (Permission p : {Permission::ViewResidents, Permission::ManageDisaster}) {
        if (Status st = by.require(p); !st) {
            return st.error();
        }
    }
    if (passphrase.size() < kMinPassphraseLength) {
        return Error(QCoreApplication::translate("RegisterExtract",
                                                 "the passphrase must have at least %1 characters")
                         .arg(kMinPassphraseLength),
                     QStringLiteral("disaster.invalid"));
    }
    DisasterService service(m_db);
    auto x = disasterId != 0 ? service.disaster(disasterId) : service.current();
    if (!x) {
        return x.error();
    }
    if (x->affectedAreas.isEmpty()) {
        return Error(QCoreApplication::translate("RegisterExtract",
                                                 "disaster %1 (%2) has no affected areas: there "
                                                 "is nobody to extract")
                         .arg(x->id)
                         .arg(x->name),
                     QStringLiteral("disaster.invalid"));
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT id FROM residents WHERE status = 'current' AND "
                                      "lg_code IN (%1) ORDER BY id")
                           .arg(m_db.textList()),
                       {Database::listParameter(x->affectedAreas)});
    if (!q) {
        return q.error();
    }
    QList<qint64> ids;
    while (q->next()) {
        ids << q->value(0).toLongLong();
    }
    auto residents = RegistryService(m_db).loadMany(ids);
    if (!residents) {
        return residents.error();
    }
    QJsonArray rows;
    for (const Resident& r : *residents) {
        rows.append(residentJson(r));
    }
    const QByteArray plain = QJsonDocument(QJsonObject{{QStringLiteral("residents"), rows}})
                                 .toJson(QJsonDocument::Compact);

    const QDateTime now = Clock::now().toUTC();
    const QByteArray salt = ossl::randomBytes(16);
    const QByteArray nonce = ossl::randomBytes(kNonceBytes);
    if (salt.isEmpty() || nonce.isEmpty()) {
        return Error(ossl::errorString(QStringLiteral("random")), QStringLiteral("extract.crypto"));
    }
    const QJsonObject header{{QStringLiteral("kdf"), QStringLiteral("scrypt")},
                             {QStringLiteral("n"), qint64(kScryptN)},
                             {QStringLiteral("r"), qint64(kScryptR)},
                             {QStringLiteral("p"), qint64(kScryptP)},
                             {QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())},
                             {QStringLiteral("cipher"), QStringLiteral("aes-256-gcm")},
                             {QStringLiteral("nonce"), QString::fromLatin1(nonce.toBase64())},
                             {QStringLiteral("disaster"), x->code},
                             {QStringLiteral("written_at"), now.toString(Qt::ISODate)}};
    const QByteArray head = kMagic + QJsonDocument(header).toJson(QJsonDocument::Compact) + '\n';
    auto key = deriveKey(passphrase, salt, kScryptN, kScryptR, kScryptP);
    if (!key) {
        return key.error();
    }
    ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray ct(plain.size() + 16, Qt::Uninitialized);
    unsigned char tag[kTagBytes];
    int len = 0;
    int total = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(*key), u(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &len, u(head), int(head.size())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()), &len, u(plain),
                          int(plain.size())) != 1) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("extract.crypto"));
    }
    total = len;
    if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(ct.data()) + total, &len) !=
            1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) != 1) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("extract.crypto"));
    }
    ct.resize(total + len);
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("disaster.extract"), x->code,
            QStringLiteral("%1 residents of %2").arg(rows.size()).arg(x->affectedAreas.join(u' ')));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    if (summary) {
        summary->disasterCode = x->code;
        summary->writtenAt = now;
        summary->residents = int(rows.size());
    }
    return head + ct + QByteArray(reinterpret_cast<const char*>(tag), kTagBytes);
}

Result<ExtractSummary> RegisterExtract::import(const QByteArray& file, const QByteArray& passphrase,
                                               const Session& by)
{
    if (Status st = by.require(Permission::ManageDisaster); !st) {
        return st.error();
    }
    if (!file.startsWith(kMagic)) {
        return invalidFile(QCoreApplication::translate(
            "RegisterExtract", "it does not begin with MADOGUCHI-EXTRACT 1"));
    }
    const qsizetype end = file.indexOf('\n', kMagic.size());
    if (end < 0) {
        return invalidFile(QCoreApplication::translate("RegisterExtract", "the header is cut off"));
    }
    const QByteArray head = file.left(end + 1);
    QJsonParseError parseError;
    const QJsonObject header =
        QJsonDocument::fromJson(file.mid(kMagic.size(), end - kMagic.size()), &parseError).object();
    const QByteArray salt =
        QByteArray::fromBase64(header.value(QStringLiteral("salt")).toString().toLatin1());
    const QByteArray nonce =
        QByteArray::fromBase64(header.value(QStringLiteral("nonce")).toString().toLatin1());
    const qint64 n = header.value(QStringLiteral("n")).toInteger();
    const qint64 r = header.value(QStringLiteral("r")).toInteger();
    const qint64 p = header.value(QStringLiteral("p")).toInteger();
    // Bounded, so that a crafted header cannot ask for gigabytes.
    if (parseError.error != QJsonParseError::NoError ||
        header.value(QStringLiteral("kdf")).toString() != QStringLiteral("scrypt") ||
        header.value(QStringLiteral("cipher")).toString() != QStringLiteral("aes-256-gcm") ||
        salt.size() < 16 || nonce.size() != kNonceBytes || n < 2 || n > (1 << 20) ||
        (n & (n - 1)) != 0 || r < 1 || r > 16 || p < 1 || p > 4) {
        return invalidFile(QCoreApplication::translate("RegisterExtract", "the header is damaged"));
    }
    const QByteArray body = file.mid(end + 1);
    if (body.size() < kTagBytes) {
        return invalidFile(QCoreApplication::translate("RegisterExtract", "the file is cut off"));
    }
    const QByteArray ct = body.left(body.size() - kTagBytes);
    QByteArray tag = body.right(kTagBytes);
    auto key = deriveKey(passphrase, salt, quint64(n), quint64(r), quint64(p));
    if (!key) {
        return key.error();
    }
    ossl::CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray plain(ct.size() + 16, Qt::Uninitialized);
    int len = 0;
    int total = 0;
    bool opened =
        ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(*key), u(nonce)) == 1 &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &len, u(head), int(head.size())) == 1 &&
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, u(ct),
                          int(ct.size())) == 1;
    if (opened) {
        total = len;
        opened = EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
                 EVP_DecryptFinal_ex(
                     ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + total, &len) == 1;
    }
    ERR_clear_error();
    if (!opened) {
        return Error(QCoreApplication::translate("RegisterExtract",
                                                 "the extract cannot be opened: the passphrase is "
                                                 "wrong, or the file was changed after it was "
                                                 "written"),
                     QStringLiteral("extract.auth"));
    }
    plain.resize(total + len);
    const QJsonArray rows =
        QJsonDocument::fromJson(plain).object().value(QStringLiteral("residents")).toArray();

    auto keys = KeyStore::open(m_db);
    if (!keys) {
        return keys.error();
    }
    ExtractSummary summary;
    summary.disasterCode = header.value(QStringLiteral("disaster")).toString();
    summary.writtenAt =
        QDateTime::fromString(header.value(QStringLiteral("written_at")).toString(), Qt::ISODate);
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    const QString now = Clock::isoNow();
    for (const QJsonValue& v : rows) {
        const QJsonObject o = v.toObject();
        const QString code = o.value(QStringLiteral("code")).toString();
        if (code.isEmpty()) {
            return invalidFile(
                QCoreApplication::translate("RegisterExtract", "a resident without a code"));
        }
        ++summary.residents;
        auto old = m_db.scalar(
            QStringLiteral("SELECT sealed FROM disaster_extract_residents WHERE resident_code = ?"),
            {code});
        if (!old) {
            return old.error();
        }
        const QString record = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
        if (old->isValid()) {
            auto was = (*keys).unseal(old->toString(), QStringLiteral("extract:") + code);
            if (was && *was == record) {
                ++summary.unchanged;
                continue;
            }
        }
        auto sealed = (*keys).seal(record, QStringLiteral("extract:") + code);
        if (!sealed) {
            return sealed.error();
        }
        const Status st =
            old->isValid()
                ? m_db.run(QStringLiteral("UPDATE disaster_extract_residents SET sealed = ?, "
                                          "disaster_code = ?, imported_at = ?, imported_by = ? "
                                          "WHERE resident_code = ?"),
                           {*sealed, summary.disasterCode, now, by.login(), code})
                : m_db.run(QStringLiteral("INSERT INTO disaster_extract_residents (resident_code, "
                                          "sealed, disaster_code, imported_at, imported_by) "
                                          "VALUES (?, ?, ?, ?, ?)"),
                           {code, *sealed, summary.disasterCode, now, by.login()});
        if (!st) {
            return st.error();
        }
        ++(old->isValid() ? summary.updated : summary.added);
    }
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("disaster.extract_import"), summary.disasterCode,
            QStringLiteral("%1 residents: %2 added, %3 updated, %4 unchanged")
                .arg(summary.residents)
                .arg(summary.added)
                .arg(summary.updated)
                .arg(summary.unchanged));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return summary;
}

Result<std::optional<Person>> RegisterExtract::person(const QString& residentCode) const
{
    auto sealed = m_db.scalar(
        QStringLiteral("SELECT sealed FROM disaster_extract_residents WHERE resident_code = ?"),
        {residentCode});
    if (!sealed) {
        return sealed.error();
    }
    if (!sealed->isValid()) {
        return std::optional<Person>();
    }
    auto keys = KeyStore::open(m_db);
    if (!keys) {
        return keys.error();
    }
    auto plain = (*keys).unseal(sealed->toString(), QStringLiteral("extract:") + residentCode);
    if (!plain) {
        return plain.error();
    }
    const QJsonObject o = QJsonDocument::fromJson(plain->toUtf8()).object();
    Person p;
    p.familyName = o.value(QStringLiteral("family_name")).toString();
    p.givenName = o.value(QStringLiteral("given_name")).toString();
    if (p.familyName.isEmpty()) {
        p.familyName = o.value(QStringLiteral("alpha_name")).toString();
    }
    p.familyKana = o.value(QStringLiteral("family_kana")).toString();
    p.givenKana = o.value(QStringLiteral("given_kana")).toString();
    p.birthDate = QDate::fromString(o.value(QStringLiteral("birth_date")).toString(), Qt::ISODate);
    p.sex = o.value(QStringLiteral("sex")).toString();
    p.registeredAddress = o.value(QStringLiteral("address")).toString();
    p.householdKey = o.value(QStringLiteral("household_no")).toString();
    p.dv = o.value(QStringLiteral("dv_support")).toBool();
    return std::optional<Person>(p);
}

} // namespace madoguchi::disaster
