// The カード交付 page: a card issuer applies for a resident's card from the keyboard, moves it on
// through the steps the workflow allows (only those are offered), is told when a step needs a
// reason, and sees each step in the history; a clerk sees the queue but cannot change it.
#include "IssuancePage.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace madoguchi;

class TestIssuancePage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    Database m_db;
    test::Staff m_staff;
    Session m_issuer;
    Resident m_hanako;

    template <typename T> static T* child(QWidget* w, int index = 0)
    {
        const auto all = w->findChildren<T*>();
        return index < all.size() ? all.at(index) : nullptr;
    }
    static QPushButton* button(QWidget* w, const QString& text)
    {
        for (auto* b : w->findChildren<QPushButton*>()) {
            if (b->text().remove(u'&') == text) {
                return b;
            }
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        m_db = *db;
        auto staff = test::makeStaff(m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        OperatorService ops(m_db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(
            ops.create({QStringLiteral("issuer"), QStringLiteral("交付 担当"), {Role::CardIssuer}},
                       QStringLiteral("test-pass-1"), m_staff.admin)
                .ok());
        m_issuer = *ops.authenticate(QStringLiteral("issuer"), QStringLiteral("test-pass-1"));
        auto hanako = RegistryService(m_db).registerResident(test::hanako(), MoveKind::MoveIn,
                                                             QDate(2020, 4, 1), {}, m_staff.clerk);
        QVERIFY(hanako.ok());
        m_hanako = *hanako;
    }

    void issuerTakesAnApplicationAlong()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_issuer;
        ctx.lastResidentCode = m_hanako.residentCode;
        IssuancePage page(&ctx);
        page.show();
        auto* code = child<QLineEdit>(&page, 0);
        QCOMPARE(code->text(), m_hanako.residentCode); // the resident last looked at
        QTest::keyClick(code, Qt::Key_Return);
        auto* table = child<QTableWidget>(&page, 0);
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), m_hanako.residentCode);
        QVERIFY(table->item(0, 2)->text().contains(QStringLiteral("髙橋")));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("申請受付"));
        QVERIFY(page.selectedId() > 0);
        // Only the steps the workflow allows from here are offered.
        auto* next = child<QComboBox>(&page, 1);
        QStringList offered;
        for (int i = 0; i < next->count(); ++i) {
            offered << next->itemData(i).toString();
        }
        QCOMPARE(offered,
                 QStringList({QStringLiteral("production_requested"), QStringLiteral("revoked")}));
        QTest::mouseClick(button(&page, QStringLiteral("Record step")), Qt::LeftButton);
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("作成依頼"));
        auto* history = child<QTableWidget>(&page, 1);
        QCOMPARE(history->rowCount(), 2);
        QCOMPARE(history->item(1, 3)->text(), QStringLiteral("issuer"));
        // Abolishing needs a reason: the page says so and nothing changes.
        next->setCurrentIndex(next->findData(QStringLiteral("revoked")));
        QTest::mouseClick(button(&page, QStringLiteral("Record step")), Qt::LeftButton);
        auto* message = page.findChildren<QLabel*>().last();
        QVERIFY2(message->text().contains(QStringLiteral("reason")), qPrintable(message->text()));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("作成依頼"));
        auto* reason = child<QLineEdit>(&page, 1);
        reason->setText(QStringLiteral("申請取下げ"));
        QTest::mouseClick(button(&page, QStringLiteral("Record step")), Qt::LeftButton);
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("廃止"));
        QCOMPARE(history->rowCount(), 3);
        QCOMPARE(history->item(2, 4)->text(), QStringLiteral("申請取下げ"));
        QCOMPARE(next->count(), 0); // ended
        // A resident who is not there: the reason, nothing added.
        code->setText(QStringLiteral("99999999999"));
        QTest::keyClick(code, Qt::Key_Return);
        QVERIFY2(message->text().contains(QStringLiteral("99999999999")),
                 qPrintable(message->text()));
        QCOMPARE(table->rowCount(), 1);
    }

    void clerkSeesTheQueueOnly()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.clerk;
        IssuancePage page(&ctx);
        page.show();
        QVERIFY(child<QTableWidget>(&page, 0)->rowCount() >= 1);
        QVERIFY(!button(&page, QStringLiteral("New application"))->isEnabled());
        QVERIFY(!button(&page, QStringLiteral("Record step"))->isEnabled());
    }
};

QTEST_MAIN(TestIssuancePage)
#include "tst_issuancepage.moc"
