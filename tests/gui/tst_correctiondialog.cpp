// 職権修正 at the counter: the clerk corrects a move, a supervisor approves with their own
// password; the DV support measure is switched by supervisors only.
#include "CorrectionDialog.h"
#include "ResidentDialog.h"
#include "TestSupport.h"
#include "registry/RegistryService.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace madoguchi;

class TestCorrectionDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    test::Staff m_staff;
    qint64 m_resident = 0;

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        m_db = *db;
        m_staff = *staff;
        RegistryService reg(*db);
        NewResident n = test::hanako();
        auto r = reg.registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {}, m_staff.clerk);
        QVERIFY(r.ok());
        m_resident = r->id;
        QVERIFY(reg.relocate(m_resident,
                             {QStringLiteral("142042"), QStringLiteral("2480005"),
                              QStringLiteral("雪ノ下"), QStringLiteral("3丁目4番6号"), QString()},
                             QDate(2022, 5, 10), m_staff.clerk)
                    .ok());
    }

    void supervisorApprovesWithTheirPassword()
    {
        RegistryService reg(*m_db);
        OperatorService ops(*m_db, PasswordHasher::Params{10, 8, 1});
        const Move relocation = reg.history(m_resident, m_staff.clerk)->last();
        CorrectionDialog d(&reg, &ops, m_staff.clerk, relocation);
        auto* banchi = d.findChild<QLineEdit*>(QStringLiteral("field_banchi"));
        QVERIFY(banchi);
        QCOMPARE(banchi->text(), QStringLiteral("3丁目4番6号"));
        auto* message = d.findChild<QLabel*>(QStringLiteral("messageLabel"));
        d.submit(); // nothing changed
        QVERIFY(!message->text().isEmpty());
        banchi->setText(QStringLiteral("3丁目4番5号"));
        d.findChild<QLineEdit*>(QStringLiteral("correctionReasonEdit"))
            ->setText(QStringLiteral("入力誤り"));
        // The clerk cannot approve their own correction.
        d.findChild<QLineEdit*>(QStringLiteral("approverLoginEdit"))
            ->setText(QStringLiteral("clerk"));
        d.findChild<QLineEdit*>(QStringLiteral("approverPasswordEdit"))
            ->setText(QStringLiteral("test-pass-1"));
        d.submit();
        QVERIFY(d.result() != QDialog::Accepted);
        QVERIFY(!message->text().isEmpty());
        // A wrong password of the supervisor: refused, nothing saved, the typed values stay.
        d.findChild<QLineEdit*>(QStringLiteral("approverLoginEdit"))
            ->setText(QStringLiteral("supervisor"));
        d.findChild<QLineEdit*>(QStringLiteral("approverPasswordEdit"))
            ->setText(QStringLiteral("wrong"));
        d.submit();
        QVERIFY(d.result() != QDialog::Accepted);
        QCOMPARE(banchi->text(), QStringLiteral("3丁目4番5号"));
        QCOMPARE(reg.load(m_resident)->address.banchi, QStringLiteral("3丁目4番6号"));
        d.findChild<QLineEdit*>(QStringLiteral("approverPasswordEdit"))
            ->setText(QStringLiteral("test-pass-1"));
        d.submit();
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QCOMPARE(d.correction().approvedBy, QStringLiteral("supervisor"));
        QCOMPARE(d.correction().correctsMoveId, relocation.id);
        QCOMPARE(reg.load(m_resident)->address.banchi, QStringLiteral("3丁目4番5号"));
    }

    void dvButtonOnlyForSupervisors()
    {
        RegistryService reg(*m_db);
        OperatorService ops(*m_db);
        AppContext clerk;
        clerk.db = *m_db;
        clerk.operators = &ops;
        clerk.session = m_staff.clerk;
        ResidentDialog forClerk(&clerk, &reg, m_resident);
        QVERIFY(forClerk.load().ok());
        QVERIFY(
            !forClerk.findChild<QPushButton*>(QStringLiteral("dvButton"))->isVisibleTo(&forClerk));
        // The corrected move is no longer offered for correction.
        auto* history = forClerk.findChild<QTableWidget*>(QStringLiteral("historyTable"));
        QCOMPARE(history->rowCount(), 3); // 転入, 転居 (corrected), 職権修正
        history->setCurrentCell(1, 0);
        QVERIFY(!forClerk.findChild<QPushButton*>(QStringLiteral("correctButton"))->isEnabled());
        history->setCurrentCell(2, 0); // the correction itself can be corrected
        QVERIFY(forClerk.findChild<QPushButton*>(QStringLiteral("correctButton"))->isEnabled());
        AppContext boss = clerk;
        boss.session = m_staff.supervisor;
        ResidentDialog forBoss(&boss, &reg, m_resident);
        QVERIFY(forBoss.load().ok());
        QVERIFY(forBoss.findChild<QPushButton*>(QStringLiteral("dvButton"))->isVisibleTo(&forBoss));
    }
};

QTEST_MAIN(TestCorrectionDialog)
#include "tst_correctiondialog.moc"
