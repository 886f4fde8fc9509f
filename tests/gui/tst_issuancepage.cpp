// The カード交付 page: a card issuer applies for a resident's card from the keyboard, moves it on
// through the steps the workflow allows (only those are offered), is told when a step needs a
// reason, and sees each step in the history; a clerk sees the queue but cannot change it. The
// notice is generated, shown in the PDF preview and recorded as sent; an appointment takes its
// date and time; the due views find the cards close to their deadline and the day's
// appointments; the dashboard shows the counts by state and by week.
#include "GuiTestSupport.h"
#include "IssuanceDashboard.h"
#include "IssuancePage.h"
#include "PdfPreview.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::issuance;

class TestIssuancePage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    Database m_db;
    test::Staff m_staff;
    Session m_issuer;
    Resident m_hanako;

    template <typename T> static T* named(QWidget* w, const char* name)
    {
        return w->findChild<T*>(QString::fromLatin1(name));
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
    static int rowOf(QTableWidget* table, qint64 appId)
    {
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, 0)->text().toLongLong() == appId) {
                return row;
            }
        }
        return -1;
    }
    Resident resident(const QString& given)
    {
        NewResident n = test::hanako();
        n.person.givenName = given;
        auto r = RegistryService(m_db).registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                                        m_staff.clerk);
        if (!r) {
            qFatal("resident: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }
    // The page's queue once a load has finished.
    static void waitLoaded(IssuancePage* page)
    {
        QSignalSpy spy(page, &IssuancePage::loaded);
        page->reload();
        QVERIFY(spy.wait(5000));
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
    void cleanup() { Clock::setInstance(nullptr); }

    void issuerTakesAnApplicationAlong()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_issuer;
        ctx.lastResidentCode = m_hanako.residentCode;
        IssuancePage page(&ctx);
        page.show();
        auto* code = named<QLineEdit>(&page, "residentCodeEdit");
        QCOMPARE(code->text(), m_hanako.residentCode); // the resident last looked at
        QTest::keyClick(code, Qt::Key_Return);
        auto* table = named<QTableWidget>(&page, "queueTable");
        QTRY_COMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), m_hanako.residentCode);
        QVERIFY(table->item(0, 2)->text().contains(QStringLiteral("髙橋")));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("申請受付"));
        QTRY_VERIFY(page.selectedId() > 0);
        // Only the steps the workflow allows from here are offered.
        auto* next = named<QComboBox>(&page, "nextStep");
        QStringList offered;
        for (int i = 0; i < next->count(); ++i) {
            offered << next->itemData(i).toString();
        }
        QCOMPARE(offered,
                 QStringList({QStringLiteral("production_requested"), QStringLiteral("revoked")}));
        QTest::mouseClick(button(&page, QStringLiteral("Record step")), Qt::LeftButton);
        QTRY_COMPARE(table->item(0, 3)->text(), QStringLiteral("作成依頼"));
        auto* history = named<QTableWidget>(&page, "historyTable");
        QTRY_COMPARE(history->rowCount(), 2);
        QCOMPARE(history->item(1, 3)->text(), QStringLiteral("issuer"));
        // Abolishing needs a reason: the page says so and nothing changes.
        next->setCurrentIndex(next->findData(QStringLiteral("revoked")));
        QTest::mouseClick(button(&page, QStringLiteral("Record step")), Qt::LeftButton);
        auto* message = named<QLabel>(&page, "issuanceMessage");
        QVERIFY2(message->text().contains(QStringLiteral("reason")), qPrintable(message->text()));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("作成依頼"));
        named<QLineEdit>(&page, "reasonEdit")->setText(QStringLiteral("申請取下げ"));
        QTest::mouseClick(button(&page, QStringLiteral("Record step")), Qt::LeftButton);
        QTRY_COMPARE(table->item(0, 3)->text(), QStringLiteral("廃止"));
        QTRY_COMPARE(history->rowCount(), 3);
        QCOMPARE(history->item(2, 4)->text(), QStringLiteral("申請取下げ"));
        QCOMPARE(next->count(), 0); // ended
        // A resident who is not there: the reason, nothing added.
        code->setText(QStringLiteral("99999999999"));
        QTest::keyClick(code, Qt::Key_Return);
        QVERIFY2(message->text().contains(QStringLiteral("99999999999")),
                 qPrintable(message->text()));
        waitLoaded(&page);
        QCOMPARE(table->rowCount(), 1);
    }

    // The notice: generated, shown page by page in the preview, and the application moves on
    // to notice_sent; then an appointment is booked with its date and time.
    void noticePreviewAndAppointment()
    {
        const Resident taro = resident(QStringLiteral("太郎"));
        IssuanceService s(m_db);
        auto a = s.apply(taro.residentCode, m_issuer);
        QVERIFY(a.ok());
        QVERIFY(s.advance(a->id, State::ProductionRequested, {}, m_issuer).ok());
        QVERIFY(s.advance(a->id, State::Delivered, {}, m_issuer).ok());

        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_issuer;
        IssuancePage page(&ctx);
        page.show();
        auto* table = named<QTableWidget>(&page, "queueTable");
        QTRY_VERIFY(rowOf(table, a->id) >= 0);
        const int row = rowOf(table, a->id);
        // The collection deadline is shown with the card.
        QCOMPARE(table->item(row, 6)->text(),
                 collectionDeadline(s.get(a->id)->deliveredAt).toString(Qt::ISODate));
        table->selectRow(row);
        auto* notice = named<QPushButton>(&page, "noticeButton");
        QVERIFY(notice->isEnabled());

        int pages = -1;
        QString shown;
        test::whenModal(QStringLiteral("noticeDialog"), [&](QWidget* dialog) {
            auto* preview = dialog->findChild<PdfPreview*>(QStringLiteral("noticePreview"));
            QTRY_VERIFY_WITH_TIMEOUT(preview->pageCount() > 0 || !preview->errorString().isEmpty(),
                                     10000);
            pages = preview->pageCount();
            shown = preview->file();
            static_cast<QDialog*>(dialog)->reject();
        });
        QTest::mouseClick(notice, Qt::LeftButton);
        QCOMPARE(pages, 1);
        QVERIFY(shown.endsWith(QStringLiteral("notice-%1.pdf").arg(a->id)));
        QVERIFY(QFile::exists(shown));
        auto after = s.get(a->id);
        QCOMPARE(after->state, State::NoticeSent);
        QVERIFY(after->noticeSentAt.isValid());
        QTRY_COMPARE(table->item(rowOf(table, a->id), 3)->text(), QStringLiteral("交付通知書送付"));

        // The appointment step asks for a date and time, shown only for that step.
        table->selectRow(rowOf(table, a->id));
        auto* next = named<QComboBox>(&page, "nextStep");
        auto* when = named<QDateTimeEdit>(&page, "appointmentEdit");
        next->setCurrentIndex(next->findData(QStringLiteral("identity_verified")));
        QVERIFY(!when->isVisible());
        next->setCurrentIndex(next->findData(QStringLiteral("appointment_booked")));
        QVERIFY(when->isVisible());
        const QDate day = japanToday().addDays(2);
        when->setDateTime(QDateTime(day, QTime(14, 15)));
        QTest::mouseClick(named<QPushButton>(&page, "recordStepButton"), Qt::LeftButton);
        auto booked = s.get(a->id);
        QCOMPARE(booked->state, State::AppointmentBooked);
        QCOMPARE(booked->appointmentAt,
                 QDateTime(day, QTime(14, 15), QTimeZone(9 * 3600)).toUTC()); // Japan time
        QTRY_COMPARE(table->item(rowOf(table, a->id), 5)->text(),
                     day.toString(Qt::ISODate) + QStringLiteral(" 14:15"));
    }

    // The due views: a card close to its collection deadline, today's appointments, a card
    // whose renewal reminder is due (marked from the page).
    void dueViews()
    {
        const QDateTime start(QDate(2027, 1, 11), QTime(9, 0), QTimeZone(9 * 3600));
        auto clock = std::make_shared<MockClock>(start);
        Clock::setInstance(clock);
        IssuanceService s(m_db);
        const Resident jiro = resident(QStringLiteral("次郎"));
        const Resident saburo = resident(QStringLiteral("三郎"));
        const Resident shiro = resident(QStringLiteral("四郎"));
        auto waiting = s.apply(jiro.residentCode, m_issuer);
        auto today = s.apply(saburo.residentCode, m_issuer);
        auto renew = s.apply(shiro.residentCode, m_issuer);
        for (auto* a : {&waiting, &today, &renew}) {
            QVERIFY((*a).ok());
            QVERIFY(s.advance((*a)->id, State::ProductionRequested, {}, m_issuer).ok());
            QVERIFY(s.advance((*a)->id, State::Delivered, {}, m_issuer).ok());
            QVERIFY(s.advance((*a)->id, State::NoticeSent, {}, m_issuer).ok());
        }
        for (State step : {State::IdentityVerified, State::PinsSet, State::Issued}) {
            QVERIFY(s.advance(renew->id, step, {}, m_issuer).ok());
        }
        // 170 days later: the waiting cards are 10 days from their deadline.
        clock->advanceSeconds(qint64(170) * 86400);
        const QDateTime at(japanToday(), QTime(16, 0), QTimeZone(9 * 3600));
        QVERIFY(s.advance(today->id, State::AppointmentBooked, {}, m_issuer, false, at).ok());
        // and near the end of the card's validity for the renewal
        m_db.run(QStringLiteral("UPDATE card_applications SET expires_on = ? WHERE id = ?"),
                 {japanToday().addDays(60).toString(Qt::ISODate), renew->id})
            .ok();

        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_issuer;
        IssuancePage page(&ctx);
        page.show();
        auto* table = named<QTableWidget>(&page, "queueTable");
        auto* view = named<QComboBox>(&page, "dueView");
        auto ids = [&] {
            QList<qint64> out;
            for (int r = 0; r < table->rowCount(); ++r) {
                out << table->item(r, 0)->text().toLongLong();
            }
            return out;
        };
        QSignalSpy loaded(&page, &IssuancePage::loaded);
        view->setCurrentIndex(view->findData(int(IssuancePage::View::CollectionsDue)));
        QVERIFY(loaded.wait(5000));
        // (the card of the test before, never collected, is overdue by now and listed too)
        QVERIFY(ids().contains(waiting->id));
        QVERIFY(ids().contains(today->id));
        QVERIFY(!ids().contains(renew->id));
        const int close = rowOf(table, waiting->id);
        QCOMPARE(table->item(close, 6)->text(), japanToday().addDays(10).toString(Qt::ISODate));
        QCOMPARE(table->item(close, 6)->foreground().color(), QColor(0xb0, 0x00, 0x20));
        view->setCurrentIndex(view->findData(int(IssuancePage::View::AppointmentsToday)));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(ids(), QList<qint64>({today->id}));
        view->setCurrentIndex(view->findData(int(IssuancePage::View::RenewalsDue)));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(ids(), QList<qint64>({renew->id}));
        table->selectRow(0);
        auto* remind = named<QPushButton>(&page, "remindButton");
        QVERIFY(remind->isEnabled());
        QSignalSpy again(&page, &IssuancePage::loaded);
        QTest::mouseClick(remind, Qt::LeftButton);
        QVERIFY(again.wait(5000));
        QCOMPARE(table->rowCount(), 0); // reminded: off the list
        QVERIFY(s.get(renew->id)->renewalRemindedAt.isValid());
    }

    // The dashboard draws the counts of the database: by state and by week.
    void dashboardShowsTheCounts()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.clerk;
        IssuancePage page(&ctx);
        page.show();
        auto* tabs = named<QTabWidget>(&page, "issuanceTabs");
        tabs->setCurrentWidget(page.dashboard());
        waitLoaded(&page);
        auto expected = IssuanceService(m_db).stats(12);
        QVERIFY(expected.ok());
        QList<int> byState;
        QStringList names;
        for (const auto& [state, n] : expected->byState) {
            byState << n;
            names << displayName(state);
        }
        QCOMPARE(page.dashboard()->shownStateCounts(), byState);
        QCOMPARE(page.dashboard()->shownStateNames(), names);
        // Known from the tests before: one revoked, one notice sent, ... at least these.
        const int revoked = byState.at(allStates().indexOf(State::Revoked));
        QCOMPARE(revoked, 1);
        QList<int> applied;
        QList<int> issued;
        for (const WeekCount& w : expected->weeks) {
            applied << w.applications;
            issued << w.issued;
        }
        QCOMPARE(page.dashboard()->shownWeekly(false), applied);
        QCOMPARE(page.dashboard()->shownWeekly(true), issued);
        QCOMPARE(applied.size(), 12);
    }

    void clerkSeesTheQueueOnly()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_staff.clerk;
        IssuancePage page(&ctx);
        page.show();
        QTRY_VERIFY(named<QTableWidget>(&page, "queueTable")->rowCount() >= 1);
        QVERIFY(!button(&page, QStringLiteral("New application"))->isEnabled());
        QVERIFY(!button(&page, QStringLiteral("Record step"))->isEnabled());
        named<QTableWidget>(&page, "queueTable")->selectRow(0);
        QVERIFY(!named<QPushButton>(&page, "noticeButton")->isEnabled());
    }
};

QTEST_MAIN(TestIssuancePage)
#include "tst_issuancepage.moc"
