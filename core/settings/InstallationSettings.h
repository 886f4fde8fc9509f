#pragma once
// Settings of this installation, kept in the database so that every workstation on a shared
// PostgreSQL sees the same: the municipality served, whether the database holds demo data,
// the idle lock policy. (Per-user preferences such as the UI language stay in QSettings.)

#include "storage/Database.h"

namespace madoguchi {

class InstallationSettings
{
public:
    explicit InstallationSettings(Database db) : m_db(std::move(db)) {}

    Result<QString> value(const QString& key, const QString& fallback = {}) const;
    Status setValue(const QString& key, const QString& value, const QString& byOperator = {});
    // The sync engine's own bookkeeping (cursors): kept with the settings but not audited, since
    // no person changes it (and auditing the audit log's own cursor would never end).
    Status setStateValue(const QString& key, const QString& value);

    // The municipality (its 6-digit local-government code, checked against the check digit).
    Result<QString> municipalityCode() const;
    Status setMunicipalityCode(const QString& code, const QString& byOperator);

    Result<bool> isDemo() const;
    Status markDemo(const QString& byOperator);

    // Minutes of inactivity before the screen locks; 0 turns the idle lock off. Default 5.
    Result<int> idleLockMinutes() const;
    Status setIdleLockMinutes(int minutes, const QString& byOperator);

    // Printed on certificates: the mayor's name and the image of the official seal (a PNG file
    // on this workstation).
    Result<QString> mayorName() const;
    Status setMayorName(const QString& name, const QString& byOperator);
    Result<QString> sealImagePath() const;
    Status setSealImagePath(const QString& path, const QString& byOperator);

    // Printed on the 交付通知書: where card holders collect their cards (the counter and the
    // building). Default: 市民課 マイナンバーカード交付窓口.
    Result<QString> cardCounter() const;
    Status setCardCounter(const QString& counter, const QString& byOperator);

    static constexpr int kDefaultIdleLockMinutes = 5;
    static constexpr int kMaxIdleLockMinutes = 120;

private:
    Database m_db;
};

} // namespace madoguchi
