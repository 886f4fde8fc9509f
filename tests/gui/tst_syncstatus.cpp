// The window's sync status against a real central process: not configured, offline with the
// changes kept, then online once central is back, and the outbox empty.
#include "SyncController.h"
#include "TestSupport.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"
#include "sync/Outbox.h"

#include <QLabel>
#include <QProcess>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace madoguchi;

class TestSyncStatus : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    quint16 m_port = 0;

    bool startCentral()
    {
        m_central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_port),
                         QStringLiteral("--db"),
                         m_dir.filePath(QStringLiteral("central.sqlite3"))});
        return m_central.waitForStarted() && m_central.waitForReadyRead(30000) &&
               m_central.readLine().startsWith("listening");
    }

    void stopCentral()
    {
        m_central.terminate();
        m_central.waitForFinished(5000);
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toLocal8Bit());
        QTcpServer probe; // a free port, kept for central's restarts
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_port = probe.serverPort();
        probe.close();
    }

    void showsOfflineThenOnline()
    {
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        AppContext ctx;
        ctx.db = *db;
        ctx.session = staff->clerk;
        QLabel label;
        QProgressBar bar;
        SyncController controller(&ctx, &label, &bar);
        controller.start();
        QCOMPARE(label.text(), QStringLiteral("Central: not configured (offline)"));

        // Enroll with central, then central goes away; a resident is registered meanwhile.
        QVERIFY(startCentral());
        QProcess admin;
        admin.start(QStringLiteral(MADOGUCHI_CENTRAL),
                    {QStringLiteral("--db"), m_dir.filePath(QStringLiteral("central.sqlite3")),
                     QStringLiteral("admin"), QStringLiteral("enroll-code"),
                     QStringLiteral("--terminal"), QStringLiteral("counter-gui")});
        QVERIFY(admin.waitForFinished(30000));
        const QString code = QString::fromLatin1(admin.readAllStandardOutput()).trimmed();
        sync::CentralClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)));
        auto e = client.enroll(code, QStringLiteral("counter-gui"));
        QVERIFY2(e.ok(), qPrintable(e.errorMessage()));
        QVERIFY(sync::saveEnrollment(*db, *e).ok());
        stopCentral();
        RegistryService reg(*db);
        QVERIFY(reg.registerResident(test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                     staff->clerk)
                    .ok());

        QSignalSpy done(&controller, &SyncController::finished);
        controller.syncNow();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.takeFirst().at(0).toBool(), false);
        // (No translator in the tests: the English source with its %n.)
        QVERIFY2(label.text().startsWith(QStringLiteral("Central: offline, 1 change")),
                 qPrintable(label.text()));
        QCOMPARE(*sync::Outbox(*db).pendingCount(), 1);

        // Central is back: the change goes, the status says online.
        QVERIFY(startCentral());
        controller.syncNow();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.takeFirst().at(0).toBool(), true);
        QCOMPARE(label.text(), QStringLiteral("Central: online"));
        QCOMPARE(*sync::Outbox(*db).pendingCount(), 0);
        QVERIFY(bar.isHidden());
        stopCentral();
    }
};

QTEST_MAIN(TestSyncStatus)
#include "tst_syncstatus.moc"
