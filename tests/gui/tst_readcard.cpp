// 「カード読取」 at the counter, against pcscd and the virtual card: the card holder's PIN in the
// PIN dialog, then the matching resident opened (with the card's differences flagged), or, for
// a card nobody in the register holds, 転入 offered with the card's data filled in.
#include "CardPinDialog.h"
#include "GuiTestSupport.h"
#include "ResidentSearchPage.h"
#include "TestSupport.h"
#include "VirtualCard.h"
#include "card/CardMonitor.h"
#include "registry/RegistryService.h"

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>

using namespace madoguchi;
using madoguchi::test::whenModal;

class TestReadCard : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    test::Staff m_staff;
    test::VirtualCard m_card;
    card::CardMonitor m_monitor;

    std::unique_ptr<ResidentSearchPage> page(AppContext* ctx)
    {
        ctx->db = *m_db;
        ctx->cardMonitor = &m_monitor;
        auto p = std::make_unique<ResidentSearchPage>(ctx);
        p->show();
        return p;
    }

    static void enterPin(QWidget* w, const QString& pin)
    {
        auto* edit = w->findChild<QLineEdit*>(QStringLiteral("pinEdit"));
        auto* ok = w->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(edit && ok);
        QVERIFY(!ok->isEnabled());
        QTest::keyClicks(edit, pin);
        QVERIFY(ok->isEnabled());
        ok->click();
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        m_db = *db;
        auto staff = test::makeStaff(*m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        m_monitor.start();
    }

    void opensTheCardHolder()
    {
        // 髙橋 花子 as registered: born 1985-04-12, My Number 123456789018, living at 御成町
        // 18番10号 — and the card says the same.
        RegistryService reg(*m_db);
        NewResident n = test::hanako();
        n.person.birthDate = QDate(1985, 4, 12);
        n.person.address.banchi = QStringLiteral("18番10号");
        n.myNumber = QStringLiteral("123456789018");
        auto hanako =
            reg.registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {}, m_staff.clerk);
        QVERIFY2(hanako.ok(), qPrintable(hanako.errorMessage()));
        QVERIFY(m_card.insert(m_dir.filePath(QStringLiteral("card1"))));
        QVERIFY(test::waitFor([&] { return m_monitor.summary() == card::ReaderState::Present; },
                              10000));

        AppContext ctx;
        ctx.session = m_staff.supervisor;
        auto p = page(&ctx);
        auto* button = p->findChild<QPushButton*>(QStringLiteral("readCardButton"));
        QVERIFY(button);
        QCOMPARE(button->toolTip(), card::CardMonitor::describe(card::ReaderState::Present));
        bool pinAsked = false;
        QString openedTitle;
        whenModal(QStringLiteral("cardPinDialog"), [&](QWidget* w) {
            pinAsked = true;
            QVERIFY(w->findChild<QLabel*>(QStringLiteral("pinTriesLabel"))->text().contains(u'3'));
            whenModal(QStringLiteral("residentDialog"), [&](QWidget* d) {
                openedTitle = d->windowTitle();
                static_cast<QDialog*>(d)->reject();
            });
            enterPin(w, QStringLiteral("1234"));
        });
        button->click();
        QVERIFY(test::waitFor([&] { return !openedTitle.isEmpty(); }, 20000));
        QVERIFY(pinAsked);
        QVERIFY2(openedTitle.contains(QStringLiteral("髙橋")), qPrintable(openedTitle));
        QVERIFY(button->isEnabled());
    }

    void offersMoveInForAStranger()
    {
        // A card of somebody the register does not hold.
        QVERIFY(m_card.insert(m_dir.filePath(QStringLiteral("card2")),
                              {QStringLiteral("--name"), QStringLiteral("齋藤　一郎"),
                               QStringLiteral("--my-number"), QStringLiteral("234567890121"),
                               QStringLiteral("--sex"), QStringLiteral("1")}));
        AppContext ctx;
        ctx.session = m_staff.clerk;
        auto p = page(&ctx);
        QString family;
        QString myNumber;
        QString message;
        whenModal(QStringLiteral("cardPinDialog"), [&](QWidget* w) {
            whenModal(QStringLiteral("cardNoMatchBox"), [&](QWidget* box) {
                whenModal(QStringLiteral("moveDialog"), [&](QWidget* d) {
                    family = d->findChild<QLineEdit*>(QStringLiteral("familyNameEdit"))->text();
                    myNumber = d->findChild<QLineEdit*>(QStringLiteral("myNumberEdit"))->text();
                    message = d->findChild<QLabel*>(QStringLiteral("messageLabel"))->text();
                    static_cast<QDialog*>(d)->reject();
                });
                static_cast<QMessageBox*>(box)->button(QMessageBox::Yes)->click();
            });
            enterPin(w, QStringLiteral("1234"));
        });
        p->findChild<QPushButton*>(QStringLiteral("readCardButton"))->click();
        QVERIFY(test::waitFor([&] { return !family.isEmpty(); }, 20000));
        QCOMPARE(family, QStringLiteral("齋藤"));
        QCOMPARE(myNumber, QStringLiteral("234567890121"));
        QVERIFY2(message.contains(QStringLiteral("御成町")), qPrintable(message));
    }

    void wrongPinIsShownAndCounted()
    {
        QVERIFY(m_card.insert(m_dir.filePath(QStringLiteral("card3"))));
        AppContext ctx;
        ctx.session = m_staff.clerk;
        auto p = page(&ctx);
        whenModal(QStringLiteral("cardPinDialog"),
                  [&](QWidget* w) { enterPin(w, QStringLiteral("9999")); });
        // By keyboard: Ctrl+R from the search box.
        QVERIFY(QTest::qWaitForWindowActive(p.get()));
        auto* edit = p->findChild<QLineEdit*>(QStringLiteral("residentSearchEdit"));
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_R, Qt::ControlModifier);
        auto* status = p->findChild<QLabel*>(QStringLiteral("searchStatus"));
        QVERIFY(test::waitFor([&] { return status->text().contains(QStringLiteral("tries left")); },
                              20000));
        QVERIFY2(status->text().contains(u'2'), qPrintable(status->text()));
    }

    void cleanupTestCase()
    {
        m_card.remove();
        m_monitor.stop();
    }
};

QTEST_MAIN(TestReadCard)
#include "tst_readcard.moc"
