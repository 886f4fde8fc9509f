#pragma once
// A reproducible demo municipality: residents in households, built from the bundled name lists
// (real names with readings, not real people) and the municipality's postal addresses, with
// variant kanji spellings (髙橋, 齋藤, 渡邊, 山﨑 …) injected at a realistic rate, since the
// name lists hold none. The database is marked as a demo and gets the account demo/demo with
// every role. With residents, a demo disaster is opened too: three shelters (one a 福祉避難所)
// and about thirty evacuees taken from the register, arriving over three days, with statuses,
// special-care needs, one person under DV protection and one likely duplicate to review.

#include "storage/Database.h"

namespace madoguchi {

struct DemoOptions
{
    int residents = 1000;
    quint64 seed = 20261126;
    QString lgCode = QStringLiteral("142042"); // 鎌倉市
    double variantRate = 0.08; // share of eligible family names written with a variant kanji
};

struct DemoSummary
{
    int residents = 0;
    int households = 0;
    int variantNames = 0;
    QString lgCode;
    QString municipality;
    int evacuees = 0; // persons in the demo disaster's ledger
};

class DemoSeeder
{
public:
    explicit DemoSeeder(Database db) : m_db(std::move(db)) {}

    static constexpr int kMaxResidents = 2000000;
    static QString demoLogin() { return QStringLiteral("demo"); }
    static QString demoPassword() { return QStringLiteral("demo"); }

    // Migrates, loads reference data, and seeds. Refuses a database that already holds
    // residents or non-demo accounts, so that demo data never mixes with a real register.
    Result<DemoSummary> seed(const DemoOptions& options);

private:
    Result<int> seedDisaster(const QString& lgCode);

    Database m_db;
};

} // namespace madoguchi
