// Database-side costs a new installation pays: loading the reference data and seeding a demo
// municipality, on SQLite (and on PostgreSQL when MADOGUCHI_BENCH_PG_URL names a server).
#include "demo/DemoSeeder.h"
#include "refdata/ReferenceData.h"
#include "storage/Migrations.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace madoguchi;

class BenchStorage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_n = 0;

    Database fresh()
    {
        const QString pg = qEnvironmentVariable("MADOGUCHI_BENCH_PG_URL");
        auto db = Database::open(
            pg.isEmpty() ? m_dir.filePath(QStringLiteral("b%1.sqlite3").arg(m_n++)) : pg);
        if (!db) {
            qFatal("%s", qPrintable(db.errorMessage()));
        }
        if (!pg.isEmpty()) {
            for (const char* t :
                 {"residents", "ref_postal_code", "ref_local_government", "ref_dataset",
                  "audit_log", "operator_roles", "operators", "settings"}) {
                db->run(QStringLiteral("DELETE FROM %1").arg(QLatin1String(t))).ok();
            }
        }
        return *db;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void loadReferenceData()
    {
        QBENCHMARK_ONCE
        {
            Database db = fresh();
            QVERIFY(Migrator::migrate(db).ok());
            QVERIFY(ReferenceData(db).ensureLoaded().ok());
        }
    }

    void seed10000Residents()
    {
        Database db = fresh();
        QVERIFY(Migrator::migrate(db).ok());
        QVERIFY(ReferenceData(db).ensureLoaded().ok());
        DemoOptions o;
        o.residents = 10000;
        QBENCHMARK_ONCE
        {
            QVERIFY(DemoSeeder(db).seed(o).ok());
        }
    }
};

QTEST_GUILESS_MAIN(BenchStorage)
#include "bench_storage.moc"
