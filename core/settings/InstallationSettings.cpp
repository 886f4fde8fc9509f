#include "settings/InstallationSettings.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "ids/Identifiers.h"
#include "storage/Transaction.h"
#include "text/JapaneseText.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

namespace madoguchi {

namespace {
const QString kMunicipality = QStringLiteral("municipality.lg_code");
const QString kDemo = QStringLiteral("installation.demo");
const QString kIdle = QStringLiteral("security.idle_lock_minutes");
const QString kMayor = QStringLiteral("municipality.mayor_name");
const QString kSeal = QStringLiteral("municipality.seal_image");
const QString kCardCounter = QStringLiteral("municipality.card_counter");
} // namespace

Result<QString> InstallationSettings::value(const QString& key, const QString& fallback) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!v) {
        return v.error();
    }
    return v->isValid() ? v->toString() : fallback;
}

Status InstallationSettings::setValue(const QString& key, const QString& value,
                                      const QString& byOperator)
{
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto existing = m_db.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key});
    if (!existing) {
        return existing.error();
    }
    Status st =
        existing->isValid()
            ? m_db.run(
                  QStringLiteral("UPDATE settings SET value = ?, updated_at = ?, updated_by = ? "
                                 "WHERE key = ?"),
                  {value, Clock::isoNow(), byOperator, key})
            : m_db.run(QStringLiteral("INSERT INTO settings (key, value, updated_at, updated_by) "
                                      "VALUES (?, ?, ?, ?)"),
                       {key, value, Clock::isoNow(), byOperator});
    if (!st) {
        return st;
    }
    if (st = AuditLog(m_db).record(byOperator, QStringLiteral("settings.change"), key, value);
        !st) {
        return st;
    }
    return tx.commit();
}

Status InstallationSettings::setStateValue(const QString& key, const QString& value)
{
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("DELETE FROM settings WHERE key = ?"), {key}); !st) {
        return st;
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO settings (key, value, updated_at, "
                                            "updated_by) VALUES (?, ?, ?, 'sync')"),
                             {key, value, Clock::isoNow()});
        !st) {
        return st;
    }
    return tx.commit();
}

Result<QString> InstallationSettings::municipalityCode() const
{
    return value(kMunicipality);
}

Status InstallationSettings::setMunicipalityCode(const QString& code, const QString& byOperator)
{
    const ids::Check c = ids::check(ids::Kind::LocalGovernmentCode, code);
    if (!c.valid) {
        return Error(c.reason, QStringLiteral("settings.lg_code"));
    }
    auto known = m_db.scalar(QStringLiteral("SELECT type FROM ref_local_government WHERE code = ?"),
                             {c.normalised});
    if (!known) {
        return known.error();
    }
    auto count = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM ref_local_government"));
    if (!count) {
        return count.error();
    }
    // With reference data loaded, the code must name a municipality or ward that exists.
    if (count->toInt() > 0) {
        if (!known->isValid()) {
            return Error(QCoreApplication::translate("InstallationSettings",
                                                     "%1 is not in the local-government code list")
                             .arg(c.normalised),
                         QStringLiteral("settings.lg_code"));
        }
        if (known->toString() == QStringLiteral("prefecture")) {
            return Error(QCoreApplication::translate(
                             "InstallationSettings",
                             "%1 is a prefecture; choose the municipality this installation serves")
                             .arg(c.normalised),
                         QStringLiteral("settings.lg_code"));
        }
    }
    return setValue(kMunicipality, c.normalised, byOperator);
}

Result<bool> InstallationSettings::isDemo() const
{
    auto v = value(kDemo, QStringLiteral("0"));
    if (!v) {
        return v.error();
    }
    return *v == QStringLiteral("1");
}

Status InstallationSettings::markDemo(const QString& byOperator)
{
    return setValue(kDemo, QStringLiteral("1"), byOperator);
}

Result<int> InstallationSettings::idleLockMinutes() const
{
    auto v = value(kIdle, QString::number(kDefaultIdleLockMinutes));
    if (!v) {
        return v.error();
    }
    bool ok = false;
    const int m = v->toInt(&ok);
    return ok && m >= 0 && m <= kMaxIdleLockMinutes ? m : kDefaultIdleLockMinutes;
}

Status InstallationSettings::setIdleLockMinutes(int minutes, const QString& byOperator)
{
    if (minutes < 0 || minutes > kMaxIdleLockMinutes) {
        return Error(
            QCoreApplication::translate("InstallationSettings",
                                        "the idle lock must be between 0 (off) and %1 minutes")
                .arg(kMaxIdleLockMinutes),
            QStringLiteral("settings.idle"));
    }
    return setValue(kIdle, QString::number(minutes), byOperator);
}

Result<QString> InstallationSettings::mayorName() const
{
    return value(kMayor);
}

Status InstallationSettings::setMayorName(const QString& name, const QString& byOperator)
{
    if (name.trimmed().isEmpty()) {
        return Error(
            QCoreApplication::translate("InstallationSettings", "the mayor's name is empty"),
            QStringLiteral("settings.mayor"));
    }
    return setValue(kMayor, name.trimmed(), byOperator);
}

Result<QString> InstallationSettings::cardCounter() const
{
    return value(kCardCounter, QStringLiteral("市民課 マイナンバーカード交付窓口"));
}

Status InstallationSettings::setCardCounter(const QString& counter, const QString& byOperator)
{
    if (counter.trimmed().isEmpty()) {
        return Error(QCoreApplication::translate("InstallationSettings",
                                                 "the card counter's description is empty"),
                     QStringLiteral("settings.card_counter"));
    }
    return setValue(kCardCounter, counter.trimmed(), byOperator);
}

Result<QString> InstallationSettings::sealImagePath() const
{
    return value(kSeal);
}

Status InstallationSettings::setSealImagePath(const QString& path, const QString& byOperator)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.read(8) != QByteArray("\x89PNG\r\n\x1a\n", 8)) {
        return Error(
            QCoreApplication::translate("InstallationSettings", "%1 is not a readable PNG image")
                .arg(path),
            QStringLiteral("settings.seal"));
    }
    return setValue(kSeal, QFileInfo(path).absoluteFilePath(), byOperator);
}

} // namespace madoguchi
