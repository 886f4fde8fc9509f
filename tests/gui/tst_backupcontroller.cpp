// The window's scheduled backups: the first look makes one (off the GUI thread) and audits it
// under the signed-in operator, the next looks make none until the interval has passed, 0 turns
// the schedule off, and a folder that cannot be written is a failure with the reason, audited.
#include "BackupController.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "storage/Backup.h"
#include "storage/Migrations.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;

class TestBackupController : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    static qint64 audited(const Database& db, const QString& action)
    {
        return db
            .scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = ? AND "
                                   "operator = 'admin'"),
                    {action})
            ->toLongLong();
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }
    void cleanup() { Clock::setInstance(nullptr); }

    void backsUpOnSchedule()
    {
        auto clock = std::make_shared<MockClock>(
            QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone(9 * 3600)));
        Clock::setInstance(clock);
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db);
        QVERIFY(Migrator::migrate(*db));
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(ops.createFirstAdmin({QStringLiteral("admin"), {}, {Role::Admin}},
                                     QStringLiteral("admin-pass-1")));
        AppContext ctx;
        ctx.db = *db;
        ctx.operators = &ops;
        ctx.session = *ops.authenticate(QStringLiteral("admin"), QStringLiteral("admin-pass-1"));
        const QString dir = m_dir.filePath(QStringLiteral("scheduled"));
        InstallationSettings settings(*db);
        QVERIFY(settings.setValue(QStringLiteral("backup.dir"), dir, QStringLiteral("admin")));
        QVERIFY(settings.setValue(QStringLiteral("backup.interval_minutes"), QStringLiteral("30"),
                                  QStringLiteral("admin")));

        BackupController controller(&ctx);
        QSignalSpy done(&controller, &BackupController::finished);
        controller.start();
        QVERIFY(controller.running());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 20000);
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        const QString first = done.first().at(1).toString();
        QVERIFY(QFile::exists(first) && first.startsWith(dir));
        QCOMPARE(audited(*db, QStringLiteral("backup.create")), 1);

        // Not due yet: nothing.
        clock->advanceSeconds(29 * 60);
        controller.checkNow();
        QVERIFY(!controller.running());
        QCOMPARE(backup::list(db->spec().path, dir)->size(), 1);
        // Due: a second one.
        clock->advanceSeconds(60);
        controller.checkNow();
        QVERIFY(controller.running());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 20000);
        QCOMPARE(backup::list(db->spec().path, dir)->size(), 2);
        QCOMPARE(audited(*db, QStringLiteral("backup.create")), 2);

        // 0 turns the schedule off.
        QVERIFY(settings.setValue(QStringLiteral("backup.interval_minutes"), QStringLiteral("0"),
                                  QStringLiteral("admin")));
        clock->advanceSeconds(24 * 3600);
        controller.checkNow();
        QVERIFY(!controller.running());

        // A folder that cannot be made: a failure with the reason, audited.
        const QString blocked = m_dir.filePath(QStringLiteral("blocked"));
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(settings.setValue(QStringLiteral("backup.dir"), blocked + QStringLiteral("/sub"),
                                  QStringLiteral("admin")));
        QVERIFY(settings.setValue(QStringLiteral("backup.interval_minutes"), QStringLiteral("30"),
                                  QStringLiteral("admin")));
        controller.checkNow();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 20000);
        QVERIFY(!done.last().at(0).toBool());
        QVERIFY2(done.last().at(1).toString().contains(blocked),
                 qPrintable(done.last().at(1).toString()));
        QCOMPARE(controller.lastError(), done.last().at(1).toString());
        QCOMPARE(audited(*db, QStringLiteral("backup.failed")), 1);
    }
};

QTEST_MAIN(TestBackupController)
#include "tst_backupcontroller.moc"
