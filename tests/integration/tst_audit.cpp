// The audit chain: every entry links to the one before; a changed, removed or inserted row is
// found, on SQLite and PostgreSQL.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "storage/Migrations.h"

#include <QTest>

using namespace madoguchi;

class TestAudit : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    Database fresh(const QString& engine)
    {
        auto db = test::freshDatabase(engine, m_dir);
        if (!db || !Migrator::migrate(*db).ok()) {
            qFatal("cannot prepare %s", qPrintable(engine));
        }
        AuditLog log(*db);
        for (int i = 1; i <= 6; ++i) {
            if (!log.recordForResident(QStringLiteral("clerk"), QStringLiteral("resident.view"), i,
                                       QStringLiteral("code%1").arg(i), {},
                                       QStringLiteral("窓口での確認"))) {
                qFatal("record failed");
            }
        }
        return *db;
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void intactChainVerifies_data() { test::addEngineRows(); }
    void intactChainVerifies()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        auto v = AuditLog(db).verify();
        QVERIFY(v.ok());
        QVERIFY(v->intact);
        QCOMPARE(v->entries, 6);
        auto entries = AuditLog(db).query({});
        QCOMPARE(entries->size(), 6);
        QCOMPARE(entries->last().prevHash, AuditLog::genesisHash());
        QCOMPARE(entries->at(0).prevHash, entries->at(1).hash); // newest first
    }

    void changedRowIsFound_data() { test::addEngineRows(); }
    void changedRowIsFound()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(db.run(QStringLiteral("UPDATE audit_log SET purpose = '' WHERE id = 3")).ok());
        auto v = AuditLog(db).verify();
        QVERIFY(!v->intact);
        QCOMPARE(v->firstBrokenId, 3);
        QVERIFY(v->reason.contains(u'3'));
    }

    void removedRowIsFound_data() { test::addEngineRows(); }
    void removedRowIsFound()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        QVERIFY(db.run(QStringLiteral("DELETE FROM audit_log WHERE id = 4")).ok());
        auto v = AuditLog(db).verify();
        QVERIFY(!v->intact);
        QCOMPARE(v->firstBrokenId, 5);
    }

    void rehashedRowStillBreaksTheNextLink_data() { test::addEngineRows(); }
    void rehashedRowStillBreaksTheNextLink()
    {
        QFETCH(QString, engine);
        Database db = fresh(engine);
        // Changing a row and recomputing its own hash moves the break to the next row.
        auto rows = AuditLog(db).query({});
        AuditEntry e = rows->at(3); // id 3
        QCOMPARE(e.id, 3);
        e.detail = QStringLiteral("forged");
        QVERIFY(db.run(QStringLiteral("UPDATE audit_log SET detail = ?, hash = ? WHERE id = 3"),
                       {e.detail, AuditLog::entryHash(e)})
                    .ok());
        auto v = AuditLog(db).verify();
        QVERIFY(!v->intact);
        QCOMPARE(v->firstBrokenId, 4);
    }

    void filters()
    {
        Database db = fresh(QStringLiteral("sqlite"));
        AuditLog log(db);
        QVERIFY(log.record(QStringLiteral("admin"), QStringLiteral("operator.create"),
                           QStringLiteral("x"))
                    .ok());
        QCOMPARE(log.query(AuditFilter::byOperator(QStringLiteral("admin")))->size(), 1);
        QCOMPARE(log.query(AuditFilter::of(QStringLiteral("resident.")))->size(), 6);
        AuditFilter f;
        f.residentId = 2;
        QCOMPARE(log.query(f)->size(), 1);
        f = {};
        f.from = QDate::currentDate().addDays(1);
        QCOMPARE(log.query(f)->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
