// Demo data: reproducible, valid, marked as demo, with the demo account and variant spellings.
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "demo/DemoSeeder.h"
#include "ids/Identifiers.h"
#include "settings/InstallationSettings.h"
#include "storage/Migrations.h"
#include "text/JapaneseText.h"

#include <QTest>

using namespace madoguchi;

class TestDemo : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static QStringList dump(const Database& db)
    {
        auto q = db.exec(QStringLiteral(
            "SELECT resident_code, family_name, given_name, family_kana, birth_date, sex, "
            "town || banchi, household_id, relationship FROM residents ORDER BY resident_code"));
        QStringList out;
        while (q->next()) {
            QStringList row;
            for (int i = 0; i < 9; ++i) {
                row << q->value(i).toString();
            }
            out << row.join(u'|');
        }
        return out;
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void seedsADemoMunicipality_data() { test::addEngineRows(); }
    void seedsADemoMunicipality()
    {
        QFETCH(QString, engine);
        auto db = test::freshDatabase(engine, m_dir);
        QVERIFY(db.ok());
        DemoOptions options;
        options.residents = 300;
        options.seed = 7;
        auto summary = DemoSeeder(*db).seed(options);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QCOMPARE(summary->residents, 300);
        QCOMPARE(summary->municipality, QStringLiteral("神奈川県鎌倉市"));
        QVERIFY(summary->households > 60 && summary->households < 300);
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM residents"))->toInt(), 300);

        InstallationSettings settings(*db);
        QVERIFY(*settings.isDemo());
        QCOMPARE(*settings.municipalityCode(), QStringLiteral("142042"));
        QVERIFY(!settings.mayorName()->isEmpty());

        // Every resident code carries a valid check digit; every address is in the municipality;
        // every resident can be found by the key of the name as registered.
        auto q = db->exec(QStringLiteral(
            "SELECT r.resident_code, r.lg_code, r.postal_code, r.family_name, r.given_name, "
            "r.alpha_name, (SELECT search_key FROM resident_keys k WHERE k.resident_id = r.id "
            "AND k.kind = 'name') FROM residents r"));
        int foreign = 0;
        while (q->next()) {
            QVERIFY(ids::check(ids::Kind::ResidentCode, q->value(0).toString()).valid);
            QCOMPARE(q->value(1).toString(), QStringLiteral("142042"));
            QVERIFY(q->value(2).toString().startsWith(QStringLiteral("24")));
            if (q->value(5).toString().isEmpty()) {
                QCOMPARE(q->value(6).toString(),
                         text::searchKey(q->value(3).toString() + q->value(4).toString()));
            } else {
                ++foreign;
            }
        }
        // Histories: every resident entered by a move; some left (除票) and some changed name.
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(DISTINCT resident_id) FROM moves WHERE "
                                           "kind IN ('birth', 'move_in')"))
                     ->toInt(),
                 300);
        QVERIFY(db->scalar(QStringLiteral("SELECT COUNT(*) FROM moves WHERE kind = 'name_change'"))
                    ->toInt() > 0);
        QVERIFY(db->scalar(QStringLiteral("SELECT COUNT(*) FROM former_names"))->toInt() > 0);
        QVERIFY(db->scalar(QStringLiteral(
                               "SELECT COUNT(*) FROM residents WHERE my_number_hmac IS NOT NULL"))
                    ->toInt() > 150);

        // The demo account holds every role.
        OperatorService ops(*db);
        auto demo = ops.authenticate(QStringLiteral("demo"), QStringLiteral("demo"));
        QVERIFY2(demo.ok(), qPrintable(demo.errorMessage()));
        for (Permission p : roles::allPermissions()) {
            QVERIFY(demo->can(p));
        }

        // Seeding twice is refused: demo data never mixes into an existing register.
        auto again = DemoSeeder(*db).seed(options);
        QCOMPARE(again.error().code, QStringLiteral("demo.not_empty"));
    }

    static QStringList schemaOf(const Database& db)
    {
        auto q = db.exec(db.isSQLite()
                             ? QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE "
                                              "sql IS NOT NULL ORDER BY type, name")
                             : QStringLiteral("SELECT 'index', indexname, indexdef FROM "
                                              "pg_indexes WHERE schemaname = current_schema() "
                                              "ORDER BY indexname"));
        QStringList out;
        while (q->next()) {
            out << q->value(0).toString() + u' ' + q->value(1).toString() + u' ' +
                       q->value(2).toString();
        }
        return out;
    }

    void leavesTheSchemaAsMigrated_data() { test::addEngineRows(); }
    void leavesTheSchemaAsMigrated()
    {
        QFETCH(QString, engine);
        // Seeding builds indexes and the gram index after the load: afterwards the schema is
        // exactly the migrated one, and a resident added later is indexed by the usual triggers.
        auto fresh = test::freshDatabase(engine, m_dir);
        QVERIFY(fresh.ok());
        QVERIFY(Migrator::migrate(*fresh).ok());
        const QStringList migrated = schemaOf(*fresh);
        auto seeded = test::freshDatabase(engine, m_dir);
        DemoOptions options;
        options.residents = 200;
        QVERIFY(DemoSeeder(*seeded).seed(options).ok());
        QCOMPARE(schemaOf(*seeded), migrated);
        QVERIFY(migrated.filter(QStringLiteral("index residents_kana")).size() == 1);
        if (engine == QStringLiteral("postgres")) {
            QVERIFY(migrated.filter(QStringLiteral("resident_keys_grams")).size() == 1);
            return;
        }
        auto plan = seeded->exec(
            QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM residents WHERE kana_key = 'x'"));
        QVERIFY(plan->next());
        QVERIFY2(plan->value(3).toString().contains(QStringLiteral("residents_kana")),
                 qPrintable(plan->value(3).toString()));
        QCOMPARE(seeded->scalar(QStringLiteral("PRAGMA integrity_check"))->toString(),
                 QStringLiteral("ok"));
        // The gram index agrees with its content table (FTS5 checks every key's grams).
        QVERIFY(seeded
                    ->run(QStringLiteral("INSERT INTO resident_grams (resident_grams, rank) "
                                         "VALUES ('integrity-check', 1)"))
                    .ok());
    }

    void reproducible()
    {
        // Enough residents for several chunks of the generator thread.
        DemoOptions options;
        options.residents = 4500;
        options.seed = 42;
        auto a = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        auto b = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(DemoSeeder(*a).seed(options).ok());
        QVERIFY(DemoSeeder(*b).seed(options).ok());
        QCOMPARE(dump(*a), dump(*b));
        options.seed = 43;
        auto c = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(DemoSeeder(*c).seed(options).ok());
        QVERIFY(dump(*a) != dump(*c));
    }

    void variantSpellingsAreInjectedAndFindable()
    {
        DemoOptions options;
        options.residents = 400;
        options.variantRate = 1.0; // every eligible family name gets a variant
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        auto summary = DemoSeeder(*db).seed(options);
        QVERIFY2(summary.ok(), qPrintable(summary.errorMessage()));
        QVERIFY(summary->variantNames > 10);
        // A variant spelling is stored as written, and its key equals the standard spelling's.
        auto q = db->exec(
            QStringLiteral("SELECT r.family_name, k.search_key, r.given_name FROM residents r "
                           "JOIN resident_keys k ON k.resident_id = r.id AND k.kind = 'name' "
                           "WHERE r.is_foreign = 0"));
        QVERIFY2(q.ok(), qPrintable(q.errorMessage()));
        int variants = 0;
        while (q->next()) {
            const QString family = q->value(0).toString();
            if (text::searchKey(family) != family) {
                ++variants;
                QCOMPARE(q->value(1).toString(), text::searchKey(family + q->value(2).toString()));
            }
        }
        QVERIFY(variants > 10);

        // The default rate is realistic: some, not most.
        DemoOptions normal;
        normal.residents = 1000;
        auto db2 = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        auto s2 = DemoSeeder(*db2).seed(normal);
        QVERIFY(s2.ok());
        QVERIFY2(s2->variantNames > 0 && s2->variantNames < s2->households / 4,
                 qPrintable(QString::number(s2->variantNames)));
    }

    void refusesARealRegister()
    {
        auto db2 = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        OperatorService ops(*db2);
        QVERIFY(Migrator::migrate(*db2).ok());
        QVERIFY(ops.createFirstAdmin({QStringLiteral("admin"), {}, {Role::Admin}},
                                     QStringLiteral("admin-pass-1"))
                    .ok());
        auto r = DemoSeeder(*db2).seed(DemoOptions{});
        QCOMPARE(r.error().code, QStringLiteral("demo.not_empty"));
        QVERIFY(!*InstallationSettings(*db2).isDemo());
    }

    void badOptions()
    {
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        DemoOptions o;
        o.lgCode = QStringLiteral("131017");
        QCOMPARE(DemoSeeder(*db).seed(o).error().code, QStringLiteral("demo.options"));
        o.lgCode = QStringLiteral("130001"); // a prefecture has no postal rows of its own
        QVERIFY(!DemoSeeder(*db).seed(o).ok());
        o = DemoOptions{};
        o.residents = -1;
        QCOMPARE(DemoSeeder(*db).seed(o).error().code, QStringLiteral("demo.options"));
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
