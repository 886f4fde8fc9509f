// Sync conflicts resolved at the counter, on real conflicts between two workstations of a real
// central process: the dialog lists both sides, takes central's version or keeps this
// workstation's change (sent again on central's version), says when central's change has not
// arrived, and leaves the decision to those who may edit the register. The main window opens it
// from the sync status.
#include "ConflictDialog.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "SyncController.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "sync/CentralClient.h"
#include "sync/Conflicts.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace madoguchi;
using madoguchi::test::whenModal;

class TestConflictDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    QUrl m_url;
    std::optional<Database> m_dbA;
    std::optional<Database> m_dbB;
    test::Staff m_staff;
    sync::Enrollment m_a;
    sync::Enrollment m_b;
    qint64 m_residentA = 0;
    QString m_code;

    sync::Enrollment enrolled(const QString& terminal)
    {
        QProcess admin;
        admin.start(QStringLiteral(MADOGUCHI_CENTRAL),
                    {QStringLiteral("--db"), m_dir.filePath(QStringLiteral("central.sqlite3")),
                     QStringLiteral("admin"), QStringLiteral("enroll-code"),
                     QStringLiteral("--terminal"), terminal});
        admin.waitForFinished(30000);
        const QString code = QString::fromLatin1(admin.readAllStandardOutput()).trimmed();
        auto e = sync::CentralClient(m_url).enroll(code, terminal);
        if (!e) {
            qFatal("enroll: %s", qPrintable(e.errorMessage()));
        }
        return *e;
    }

    Resident residentB() const
    {
        return RegistryService(*m_dbB).findByCode(m_code)->value_or(Resident{});
    }

    // A relocates first and syncs; B relocates the same resident and syncs: a conflict in B.
    void makeConflict(const std::function<void(Address&)>& atA,
                      const std::function<void(Address&)>& atB, const QDate& date)
    {
        RegistryService regA(*m_dbA);
        RegistryService regB(*m_dbB);
        Address a = regA.load(m_residentA)->address;
        atA(a);
        Address b = residentB().address;
        atB(b);
        QVERIFY(regA.relocate(m_residentA, a, date, m_staff.clerk).ok());
        QVERIFY(regB.relocate(residentB().id, b, date.addDays(1), m_staff.clerk).ok());
        QVERIFY(sync::SyncEngine(*m_dbA, m_a).syncOnce(QStringLiteral("clerk")).ok());
        auto rb = sync::SyncEngine(*m_dbB, m_b).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(rb.ok(), qPrintable(rb.errorMessage()));
        QCOMPARE(rb->conflicts, 1);
    }

    static QTableWidget* conflictTable(QWidget* d)
    {
        return d->findChild<QTableWidget*>(QStringLiteral("conflictTable"));
    }

    static QPushButton* button(QWidget* d, const char* name)
    {
        return d->findChild<QPushButton*>(QString::fromLatin1(name));
    }

    // The values of the comparison, by field label: {before, this workstation, central}.
    static QMap<QString, QStringList> comparison(QWidget* d)
    {
        auto* t = d->findChild<QTableWidget*>(QStringLiteral("comparisonTable"));
        QMap<QString, QStringList> out;
        for (int r = 0; r < t->rowCount(); ++r) {
            out.insert(t->item(r, 0)->text(),
                       {t->item(r, 1)->text(), t->item(r, 2)->text(), t->item(r, 3)->text()});
        }
        return out;
    }

    // Clicks `name` in `d` and answers the confirmation with its action button.
    static void clickConfirmed(QWidget* d, const char* name)
    {
        bool asked = false;
        whenModal(QStringLiteral("conflictConfirmBox"), [&asked](QWidget* box) {
            asked = true;
            static_cast<QMessageBox*>(box)->button(QMessageBox::Yes)->click();
        });
        button(d, name)->click();
        QVERIFY(asked);
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toLocal8Bit());
        m_central.setProcessChannelMode(QProcess::SeparateChannels);
        m_central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--db"),
                         m_dir.filePath(QStringLiteral("central.sqlite3"))});
        QVERIFY(m_central.waitForStarted());
        QVERIFY(m_central.waitForReadyRead(30000));
        const QString line = QString::fromLatin1(m_central.readLine()).trimmed();
        QVERIFY2(line.startsWith(QStringLiteral("listening on ")), qPrintable(line));
        m_url = QUrl(line.section(u' ', 2, 2));

        // Two workstations hold the same register: B starts as a copy of A after A synced.
        auto dbA = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(dbA.ok());
        m_dbA = *dbA;
        auto staff = test::makeStaff(*m_dbA);
        QVERIFY(staff.ok());
        m_staff = *staff;
        auto hanako = RegistryService(*m_dbA).registerResident(
            test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {}, m_staff.clerk);
        QVERIFY2(hanako.ok(), qPrintable(hanako.errorMessage()));
        m_residentA = hanako->id;
        m_code = hanako->residentCode;
        m_a = enrolled(QStringLiteral("counter-a"));
        m_b = enrolled(QStringLiteral("counter-b"));
        QVERIFY(sync::SyncEngine(*m_dbA, m_a).syncOnce(QStringLiteral("clerk")).ok());
        const QString pathB = m_dir.filePath(QStringLiteral("register-b.sqlite3"));
        QVERIFY(m_dbA->run(QStringLiteral("VACUUM INTO '%1'").arg(pathB)).ok());
        auto dbB = Database::open(pathB);
        QVERIFY(dbB.ok());
        m_dbB = *dbB;
        // B is a workstation of its own: its whole register goes under its own name (the main
        // window's sync reads the stored enrollment).
        QVERIFY(sync::saveEnrollment(*m_dbB, m_b).ok());
        QVERIFY(InstallationSettings(*m_dbB)
                    .setStateValue(QStringLiteral("sync.audit_cursor"), QStringLiteral("0"))
                    .ok());
    }

    void takeCentralsVersion()
    {
        // A changes the banchi, B the building.
        makeConflict([](Address& a) { a.banchi = QStringLiteral("3丁目6番1号"); },
                     [](Address& b) { b.building = QStringLiteral("コーポ御成203"); },
                     QDate(2026, 6, 1));
        const QString banchiBefore = residentB().address.banchi;
        AppContext ctx;
        ctx.db = *m_dbB;
        ctx.session = m_staff.clerk;
        ConflictDialog d(&ctx);
        auto* table = conflictTable(&d);
        QCOMPARE(table->rowCount(), 1);
        QVERIFY2(table->item(0, 0)->text().contains(m_code), qPrintable(table->item(0, 0)->text()));
        QVERIFY2(table->item(0, 0)->text().contains(QStringLiteral("髙橋")),
                 qPrintable(table->item(0, 0)->text()));
        QVERIFY2(table->item(0, 1)->text().contains(QStringLiteral("コーポ御成203")),
                 qPrintable(table->item(0, 1)->text()));
        QVERIFY2(table->item(0, 2)->text().contains(QStringLiteral("3丁目6番1号")),
                 qPrintable(table->item(0, 2)->text()));
        QVERIFY2(table->item(0, 3)->text().contains(QStringLiteral("counter-a / clerk")),
                 qPrintable(table->item(0, 3)->text()));
        // Side by side, with the fields as the clerk knows them.
        const auto compared = comparison(&d);
        QVERIFY2(compared.contains(QStringLiteral("block number")),
                 qPrintable(QStringList(compared.keys()).join(u',')));
        QCOMPARE(compared.value(QStringLiteral("block number")),
                 QStringList(
                     {banchiBefore, QStringLiteral("(unchanged)"), QStringLiteral("3丁目6番1号")}));
        QCOMPARE(compared.value(QStringLiteral("building")).value(1),
                 QStringLiteral("コーポ御成203"));
        QVERIFY(button(&d, "keepMineButton")->isEnabled());
        QVERIFY(button(&d, "takeCentralButton")->isEnabled());

        // Declining the confirmation changes nothing.
        whenModal(QStringLiteral("conflictConfirmBox"), [](QWidget* box) {
            static_cast<QMessageBox*>(box)->button(QMessageBox::Cancel)->click();
        });
        button(&d, "takeCentralButton")->click();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(residentB().address.building, QStringLiteral("コーポ御成203"));

        QSignalSpy resolved(&d, &ConflictDialog::resolved);
        clickConfirmed(&d, "takeCentralButton");
        QCOMPARE(resolved.count(), 1);
        QCOMPARE(residentB().address.banchi, QStringLiteral("3丁目6番1号"));
        QCOMPARE(residentB().address.building, QString());
        QCOMPARE(residentB().version, RegistryService(*m_dbA).load(m_residentA)->version);
        QCOMPARE(sync::Conflicts(*m_dbB).open()->size(), 0);
        QCOMPARE(*sync::Outbox(*m_dbB).pendingCount(), 0);
        QCOMPARE(table->rowCount(), 0);
        QVERIFY(!d.findChild<QLabel*>(QStringLiteral("emptyLabel"))->isHidden());
        QVERIFY(!button(&d, "takeCentralButton")->isEnabled());
    }

    void keepThisWorkstationsChange()
    {
        // A changes the postal code, B the building again.
        makeConflict([](Address& a) { a.postalCode = QStringLiteral("2480006"); },
                     [](Address& b) { b.building = QStringLiteral("コーポ御成305"); },
                     QDate(2026, 7, 1));
        auto open = sync::Conflicts(*m_dbB).open();
        QVERIFY(open.ok() && open->size() == 1);
        const sync::Conflict conflict = open->first();

        // A trainee sees the conflict but may not decide it.
        {
            AppContext ctx;
            ctx.db = *m_dbB;
            ctx.session = m_staff.trainee;
            ConflictDialog d(&ctx);
            QCOMPARE(conflictTable(&d)->rowCount(), 1);
            QVERIFY(!button(&d, "keepMineButton")->isEnabled());
            QVERIFY(!button(&d, "takeCentralButton")->isEnabled());
            QVERIFY(!d.findChild<QLabel*>(QStringLiteral("permissionNote"))->isHidden());
            // Nor does the trainee see the resident's data.
            QVERIFY(!conflictTable(&d)->item(0, 0)->text().contains(QStringLiteral("髙橋")));
            QVERIFY(!conflictTable(&d)->item(0, 1)->text().contains(QStringLiteral("コーポ")));
        }

        AppContext ctx;
        ctx.db = *m_dbB;
        ctx.session = m_staff.clerk;
        ConflictDialog d(&ctx);
        QCOMPARE(conflictTable(&d)->rowCount(), 1);

        // Central's change counted as not arrived (as before a sync pulls it): the clerk is told
        // to synchronise first, and nothing changes.
        QVERIFY(m_dbB
                    ->run(QStringLiteral("UPDATE sync_received SET state = 'stored' WHERE state "
                                         "= 'deferred'"))
                    .ok());
        d.refresh();
        QVERIFY2(conflictTable(&d)->item(0, 2)->text().contains(QStringLiteral("synchronise")),
                 qPrintable(conflictTable(&d)->item(0, 2)->text()));
        QString error;
        whenModal(QStringLiteral("conflictErrorBox"), [&error](QWidget* box) {
            error = static_cast<QMessageBox*>(box)->text();
            static_cast<QMessageBox*>(box)->accept();
        });
        clickConfirmed(&d, "keepMineButton");
        QVERIFY2(error.contains(QStringLiteral("Synchronise first")), qPrintable(error));
        QCOMPARE(conflictTable(&d)->rowCount(), 1);
        QVERIFY(m_dbB
                    ->run(QStringLiteral("UPDATE sync_received SET state = 'deferred' WHERE "
                                         "state = 'stored'"))
                    .ok());
        d.refresh();

        clickConfirmed(&d, "keepMineButton");
        QCOMPARE(conflictTable(&d)->rowCount(), 0);
        QCOMPARE(residentB().address.building, QStringLiteral("コーポ御成305"));
        QCOMPARE(residentB().address.postalCode, QStringLiteral("2480006")); // A's other field
        // Pending again, now based on central's version.
        auto row = m_dbB->exec(QStringLiteral("SELECT state, base_version FROM outbox WHERE "
                                              "change_id = ?"),
                               {conflict.changeId});
        QVERIFY(row.ok() && row->next());
        QCOMPARE(row->value(0).toString(), QStringLiteral("pending"));
        QCOMPARE(row->value(1).toInt(), conflict.centralVersion);
        row->finish();
        QCOMPARE(*sync::Outbox(*m_dbB).pendingCount(), 1);
        QCOMPARE(*sync::Outbox(*m_dbB).conflictCount(), 0);
    }

    void openedFromTheSyncStatus()
    {
        makeConflict([](Address& a) { a.building = QStringLiteral("御成ハイツ1"); },
                     [](Address& b) { b.building = QStringLiteral("御成ハイツ2"); },
                     QDate(2026, 8, 1));
        OperatorService ops(*m_dbB);
        AppContext ctx;
        ctx.db = *m_dbB;
        ctx.operators = &ops;
        ctx.session = m_staff.clerk;
        MainWindow w(&ctx);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* status = w.findChild<QLabel*>(QStringLiteral("connectionStatus"));
        auto* controller = w.findChild<SyncController*>();
        QVERIFY(status && controller);
        // The window's first pass finds the conflict and says so.
        QVERIFY2(test::waitFor(
                     [&] {
                         return !controller->running() &&
                                status->text().contains(QStringLiteral("conflicts to resolve"));
                     },
                     30000),
                 qPrintable(status->text()));
        int listed = -1;
        whenModal(QStringLiteral("conflictDialog"), [&listed](QWidget* d) {
            listed = conflictTable(d)->rowCount();
            clickConfirmed(d, "takeCentralButton");
            static_cast<QDialog*>(d)->reject();
        });
        QTest::mouseClick(status, Qt::LeftButton);
        QCOMPARE(listed, 1);
        QCOMPARE(residentB().address.building, QStringLiteral("御成ハイツ1"));
        // The status no longer asks for a decision (a pass runs after the resolution).
        QVERIFY2(test::waitFor(
                     [&] {
                         return !controller->running() &&
                                status->text() == QStringLiteral("Central: online");
                     },
                     30000),
                 qPrintable(status->text()));

        // And from the menu.
        bool opened = false;
        whenModal(QStringLiteral("conflictDialog"), [&opened](QWidget* d) {
            opened = !d->findChild<QLabel*>(QStringLiteral("emptyLabel"))->isHidden();
            static_cast<QDialog*>(d)->reject();
        });
        w.findChild<QAction*>(QStringLiteral("syncConflictsAction"))->trigger();
        QVERIFY(opened);
    }

    void cleanupTestCase()
    {
        m_central.terminate();
        m_central.waitForFinished(5000);
    }
};

QTEST_MAIN(TestConflictDialog)
#include "tst_conflictdialog.moc"
