// Card issuance as a state machine, on both engines: every transition of every state either
// allowed by the table or refused with the reason, each recorded with operator, time and
// reason; production requests queued for central; card validity; the holding period before an
// uncollected card is destroyed (mock clock); the notice and appointment steps, collections and
// appointments due, renewal reminders and the dashboard's figures (mock clock); the 交付通知書
// PDF read back with Poppler; the command line.
#include "PdfReader.h"
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "sync/Outbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::issuance;

class TestIssuance : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        Session issuer;
        Resident hanako;
    };

    Fixture make(const QString& engine)
    {
        auto db = test::registerDatabase(engine, m_dir);
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            qFatal("fixture: %s", qPrintable(db ? staff.errorMessage() : db.errorMessage()));
        }
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        if (!ops.create({QStringLiteral("issuer"), QStringLiteral("交付 担当"), {Role::CardIssuer}},
                        QStringLiteral("test-pass-1"), staff->admin)) {
            qFatal("issuer");
        }
        auto issuer = ops.authenticate(QStringLiteral("issuer"), QStringLiteral("test-pass-1"));
        auto hanako = RegistryService(*db).registerResident(test::hanako(), MoveKind::MoveIn,
                                                            QDate(2020, 4, 1), {}, staff->clerk);
        if (!issuer || !hanako) {
            qFatal("fixture");
        }
        return {*db, *staff, *issuer, *hanako};
    }

    // An application brought to `target` along the main path.
    static Application bring(IssuanceService& s, const Fixture& f, State target)
    {
        static const QList<State> path = {State::ProductionRequested,
                                          State::Delivered,
                                          State::NoticeSent,
                                          State::AppointmentBooked,
                                          State::IdentityVerified,
                                          State::PinsSet,
                                          State::Issued};
        auto a = s.apply(f.hanako.residentCode, f.issuer);
        if (!a) {
            qFatal("apply: %s", qPrintable(a.errorMessage()));
        }
        Application now = *a;
        const QHash<State, QList<State>> detours = {
            {State::Suspended, {State::Suspended}},
            {State::Revoked, {State::Revoked}},
            {State::Returned, {State::Returned}},
            {State::ReissueRequested, {State::ReissueRequested}},
            {State::RenewalRequested, {State::RenewalRequested}},
        };
        for (State step : path) {
            if (now.state == target) {
                return now;
            }
            const QDateTime at =
                step == State::AppointmentBooked ? Clock::now().addDays(1) : QDateTime();
            auto next = s.advance(now.id, step, QStringLiteral("test"), f.issuer, false, at);
            if (!next) {
                qFatal("advance: %s", qPrintable(next.errorMessage()));
            }
            now = *next;
        }
        if (now.state != target) {
            for (State step : detours.value(target)) {
                auto next = s.advance(now.id, step, QStringLiteral("test"), f.issuer);
                if (!next) {
                    qFatal("detour: %s", qPrintable(next.errorMessage()));
                }
                now = *next;
            }
        }
        return now;
    }

    static QDateTime jst(int y, int m, int d, int h = 10, int min = 0)
    {
        return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone(9 * 3600));
    }
    static std::shared_ptr<MockClock> clockAt(const QDateTime& t)
    {
        auto clock = std::make_shared<MockClock>(t);
        Clock::setInstance(clock);
        return clock;
    }
    static qint64 days(int n) { return qint64(n) * 86400; }
    Resident another(const Fixture& f, const QString& given, const QDate& birth)
    {
        NewResident n = test::hanako();
        n.person.givenName = given;
        n.person.birthDate = birth;
        auto r = RegistryService(f.db).registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                                        f.staff.clerk);
        if (!r) {
            qFatal("resident: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }
    void cleanup() { Clock::setInstance(nullptr); }

    void everyTransition_data() { test::addEngineRows(); }
    void everyTransition()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        IssuanceService s(f.db);
        // Every state reachable in tests, then every target: allowed exactly when the table says.
        const QList<State> reachable = {State::ApplicationReceived,
                                        State::ProductionRequested,
                                        State::Delivered,
                                        State::NoticeSent,
                                        State::AppointmentBooked,
                                        State::IdentityVerified,
                                        State::PinsSet,
                                        State::Issued,
                                        State::Suspended,
                                        State::Revoked,
                                        State::Returned,
                                        State::ReissueRequested,
                                        State::RenewalRequested};
        int allowed = 0;
        int refused = 0;
        for (State from : reachable) {
            for (State to : allStates()) {
                if (to == State::DestroyedUncollected) {
                    continue; // needs the holding period: its own test
                }
                const Application a = bring(s, f, from);
                QCOMPARE(a.state, from);
                const QDateTime at =
                    to == State::AppointmentBooked ? Clock::now().addDays(1) : QDateTime();
                auto r = s.advance(a.id, to, QStringLiteral("a reason"), f.issuer, false, at);
                if (nextStates(from).contains(to)) {
                    QVERIFY2(r.ok(), qPrintable(id(from) + QStringLiteral(" → ") + id(to) +
                                                QStringLiteral(": ") + r.errorMessage()));
                    QCOMPARE(r->state, to);
                    QCOMPARE(r->history.last().from, id(from));
                    QCOMPARE(r->history.last().operatorLogin, QStringLiteral("issuer"));
                    ++allowed;
                } else {
                    QVERIFY2(!r.ok(), qPrintable(id(from) + QStringLiteral(" → ") + id(to)));
                    QCOMPARE(r.error().code, QStringLiteral("issuance.illegal"));
                    QVERIFY(r.error().message.contains(id(to)));
                    QCOMPARE(s.get(a.id)->state, from); // nothing changed
                    ++refused;
                }
                // Close it so that the next one may be applied for.
                auto now = s.get(a.id);
                if (!isFinal(now->state) && now->state != State::Issued &&
                    now->state != State::Suspended) {
                    f.db.run(QStringLiteral("UPDATE card_applications SET state = 'revoked' "
                                            "WHERE id = ?"),
                             {a.id})
                        .ok();
                }
            }
        }
        QVERIFY(allowed >= 20);
        QVERIFY(refused >= 100);
    }

    void rulesAroundTheSteps_data() { test::addEngineRows(); }
    void rulesAroundTheSteps()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        IssuanceService s(f.db);
        // Only card issuers.
        QCOMPARE(s.apply(f.hanako.residentCode, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        auto a = s.apply(f.hanako.residentCode, f.issuer);
        QVERIFY(a.ok());
        QCOMPARE(a->state, State::ApplicationReceived);
        // One application on its way at a time.
        QCOMPARE(s.apply(f.hanako.residentCode, f.issuer).error().code,
                 QStringLiteral("issuance.open"));
        // The production request goes to central through the outbox.
        const int before = *sync::Outbox(f.db).pendingCount();
        QVERIFY(s.advance(a->id, State::ProductionRequested, {}, f.issuer).ok());
        QCOMPARE(*sync::Outbox(f.db).pendingCount(), before + 1);
        auto outbox = sync::Outbox(f.db).pending(1000);
        QCOMPARE(outbox->last().kind, QStringLiteral("card.production_requested"));
        auto d = s.advance(a->id, State::Delivered, {}, f.issuer);
        QVERIFY(d.ok());
        QVERIFY(d->deliveredAt.isValid());
        // Destroying an uncollected card waits for the holding period (mock clock).
        auto clock = std::make_shared<MockClock>(Clock::now());
        Clock::setInstance(clock);
        auto early =
            s.advance(a->id, State::DestroyedUncollected, QStringLiteral("uncollected"), f.issuer);
        QCOMPARE(early.error().code, QStringLiteral("issuance.holding"));
        clock->advanceSeconds(qint64(kHoldingDays) * 86400 + 60);
        QCOMPARE(s.advance(a->id, State::DestroyedUncollected, {}, f.issuer).error().code,
                 QStringLiteral("issuance.reason"));
        auto destroyed =
            s.advance(a->id, State::DestroyedUncollected, QStringLiteral("uncollected"), f.issuer);
        QVERIFY2(destroyed.ok(), qPrintable(destroyed.errorMessage()));
        // Every step in the audit log.
        QVERIFY(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                                           "'issuance.%'"))
                    ->toInt() >= 4);
    }

    void issuedCardsAreValidUntilABirthday_data()
    {
        QTest::addColumn<QDate>("issued");
        QTest::addColumn<QDate>("birth");
        QTest::addColumn<QDate>("until");
        QTest::newRow("adult: 10th birthday")
            << QDate(2026, 11, 26) << QDate(1975, 3, 1) << QDate(2036, 3, 1);
        QTest::newRow("under 18: 5th birthday")
            << QDate(2026, 11, 26) << QDate(2010, 5, 5) << QDate(2031, 5, 5);
        QTest::newRow("18 today: an adult")
            << QDate(2026, 11, 26) << QDate(2008, 11, 26) << QDate(2036, 11, 26);
        QTest::newRow("17, a day short") << QDate(2026, 11, 26) << QDate(2008, 11, 27)
                                         << QDate(2030, 11, 27); // the 1st is tomorrow
        QTest::newRow("born 29 February")
            << QDate(2026, 1, 10) << QDate(1980, 2, 29) << QDate(2035, 2, 28);
    }
    void issuedCardsAreValidUntilABirthday()
    {
        QFETCH(QDate, issued);
        QFETCH(QDate, birth);
        QFETCH(QDate, until);
        QCOMPARE(cardValidUntil(issued, birth), until);
    }

    void issuedCardCarriesItsExpiry()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        IssuanceService s(f.db);
        const Application a = bring(s, f, State::Issued);
        QCOMPARE(a.state, State::Issued);
        QVERIFY(a.issuedAt.isValid());
        QCOMPARE(a.expiresOn, cardValidUntil(a.issuedAt.toTimeZone(QTimeZone(9 * 3600)).date(),
                                             f.hanako.birthDate));
        QCOMPARE(a.history.size(), 8);
        // A proxy collection (代理) is marked at the identity check and needs a reason.
        auto b = s.apply(f.hanako.residentCode, f.issuer);
        QVERIFY2(b.ok(), qPrintable(b.errorMessage())); // the earlier card was issued
        for (State step : {State::ProductionRequested, State::Delivered, State::NoticeSent}) {
            QVERIFY(s.advance(b->id, step, {}, f.issuer).ok());
        }
        QCOMPARE(s.advance(b->id, State::AppointmentBooked, QStringLiteral("x"), f.issuer, true)
                     .error()
                     .code,
                 QStringLiteral("issuance.proxy"));
        QCOMPARE(s.advance(b->id, State::IdentityVerified, {}, f.issuer, true).error().code,
                 QStringLiteral("issuance.reason"));
        auto proxied =
            s.advance(b->id, State::IdentityVerified,
                      QStringLiteral("委任状と代理人の運転免許証を確認"), f.issuer, true);
        QVERIFY2(proxied.ok(), qPrintable(proxied.errorMessage()));
        QVERIFY(proxied->proxy);
        QCOMPARE(proxied->history.last().reason,
                 QStringLiteral("委任状と代理人の運転免許証を確認"));
    }

    // The notice records when it was sent; an appointment needs its date and time, which is
    // kept, shown on the day's list and dropped again when the appointment is cancelled.
    void noticeAndAppointment_data() { test::addEngineRows(); }
    void noticeAndAppointment()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        auto clock = clockAt(jst(2026, 11, 26, 9));
        IssuanceService s(f.db);
        const Application delivered = bring(s, f, State::Delivered);
        QVERIFY(!delivered.noticeSentAt.isValid());
        clock->advanceSeconds(3600);
        auto noticed = s.advance(delivered.id, State::NoticeSent, {}, f.issuer);
        QVERIFY2(noticed.ok(), qPrintable(noticed.errorMessage()));
        QCOMPARE(noticed->noticeSentAt, jst(2026, 11, 26, 10).toUTC());

        // No time, a time in the past, a time after the collection deadline: refused.
        auto none = s.advance(delivered.id, State::AppointmentBooked, {}, f.issuer);
        QCOMPARE(none.error().code, QStringLiteral("issuance.appointment"));
        QVERIFY(none.error().message.contains(QStringLiteral("date and time")));
        QCOMPARE(s.advance(delivered.id, State::AppointmentBooked, {}, f.issuer, false,
                           jst(2026, 11, 20, 10))
                     .error()
                     .code,
                 QStringLiteral("issuance.appointment"));
        const QDate deadline = collectionDeadline(delivered.deliveredAt);
        QCOMPARE(deadline, QDate(2026, 11, 26).addDays(kHoldingDays));
        QCOMPARE(s.advance(delivered.id, State::AppointmentBooked, {}, f.issuer, false,
                           QDateTime(deadline.addDays(1), QTime(10, 0), QTimeZone(9 * 3600)))
                     .error()
                     .code,
                 QStringLiteral("issuance.appointment"));
        QCOMPARE(s.get(delivered.id)->state, State::NoticeSent); // nothing changed
        // A time for a step that takes none is refused rather than dropped.
        QCOMPARE(s.advance(delivered.id, State::IdentityVerified, {}, f.issuer, false,
                           jst(2026, 12, 1, 10, 30))
                     .error()
                     .code,
                 QStringLiteral("issuance.appointment"));

        auto booked = s.advance(delivered.id, State::AppointmentBooked, {}, f.issuer, false,
                                jst(2026, 12, 1, 10, 30));
        QVERIFY2(booked.ok(), qPrintable(booked.errorMessage()));
        QCOMPARE(booked->appointmentAt, jst(2026, 12, 1, 10, 30).toUTC());
        // On that day's list (Japan time), not on the day before or after.
        auto onDay = s.appointmentsOn(QDate(2026, 12, 1));
        QVERIFY(onDay.ok());
        QCOMPARE(onDay->size(), 1);
        QCOMPARE(onDay->first().id, delivered.id);
        QVERIFY(s.appointmentsOn(QDate(2026, 11, 30))->isEmpty());
        QVERIFY(s.appointmentsOn(QDate(2026, 12, 2))->isEmpty());
        // Cancelled: back to notice_sent, the appointment is gone.
        auto cancelled =
            s.advance(delivered.id, State::NoticeSent, QStringLiteral("取消"), f.issuer);
        QVERIFY(cancelled.ok());
        QVERIFY(!cancelled->appointmentAt.isValid());
        QVERIFY(s.appointmentsOn(QDate(2026, 12, 1))->isEmpty());
    }

    // Cards waiting for their holder appear in "collections due" two weeks before their
    // deadline and stay there once it has passed; collected cards leave it.
    void collectionsDue_data() { test::addEngineRows(); }
    void collectionsDue()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        auto clock = clockAt(jst(2026, 1, 5, 8, 30)); // still 4 January in UTC
        IssuanceService s(f.db);
        const Application waiting = bring(s, f, State::NoticeSent);
        const QDate deadline = collectionDeadline(waiting.deliveredAt);
        QCOMPARE(deadline, QDate(2026, 1, 5).addDays(kHoldingDays));
        auto due = s.collectionsDue(japanToday().addDays(kCollectionWarningDays));
        QVERIFY(due.ok());
        QVERIFY(due->isEmpty());
        // 15 days before the deadline: not yet; 14 days before: due.
        clock->set(QDateTime(deadline.addDays(-15), QTime(12, 0), QTimeZone(9 * 3600)));
        QVERIFY(s.collectionsDue(japanToday().addDays(kCollectionWarningDays))->isEmpty());
        clock->set(QDateTime(deadline.addDays(-14), QTime(12, 0), QTimeZone(9 * 3600)));
        due = s.collectionsDue(japanToday().addDays(kCollectionWarningDays));
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->first().id, waiting.id);
        // Overdue: still listed.
        clock->advanceSeconds(days(30));
        QCOMPARE(s.collectionsDue(japanToday().addDays(kCollectionWarningDays))->size(), 1);
        // Collected: gone.
        QVERIFY(s.advance(waiting.id, State::IdentityVerified, {}, f.issuer).ok());
        QVERIFY(s.collectionsDue(japanToday().addDays(kCollectionWarningDays))->isEmpty());
    }

    // A card issued, time moves on to three months before its expiry: the holder is due a
    // renewal reminder; once marked, the card leaves the list and cannot be marked twice.
    void renewalReminders_data() { test::addEngineRows(); }
    void renewalReminders()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        auto clock = clockAt(jst(2026, 11, 26, 10));
        IssuanceService s(f.db);
        const Application issued = bring(s, f, State::Issued);
        QCOMPARE(issued.expiresOn, QDate(2036, 3, 1)); // 髙橋 花子, born 1 March 1975
        const QDate window = japanToday().addMonths(kRenewalReminderMonths);
        QVERIFY(s.renewalsDue(window)->isEmpty());
        // Four months before expiry: not yet. Three months (less a day): due.
        clock->set(jst(2035, 11, 1));
        QVERIFY(s.renewalsDue(japanToday().addMonths(kRenewalReminderMonths))->isEmpty());
        clock->set(jst(2035, 12, 2));
        auto due = s.renewalsDue(japanToday().addMonths(kRenewalReminderMonths));
        QVERIFY(due.ok());
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->first().id, issued.id);
        QCOMPARE(due->first().expiresOn, QDate(2036, 3, 1));
        // Only card issuers mark reminders.
        QCOMPARE(s.markReminded(issued.id, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        auto marked = s.markReminded(issued.id, f.issuer);
        QVERIFY2(marked.ok(), qPrintable(marked.errorMessage()));
        QCOMPARE(marked->renewalRemindedAt, jst(2035, 12, 2).toUTC());
        QVERIFY(s.renewalsDue(japanToday().addMonths(kRenewalReminderMonths))->isEmpty());
        QCOMPARE(s.markReminded(issued.id, f.issuer).error().code,
                 QStringLiteral("issuance.reminded"));
        QVERIFY(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                           "'issuance.remind'"))
                    ->toInt() == 1);
        // A card not issued has nothing to renew.
        const Application waiting = bring(s, f, State::Delivered);
        QCOMPARE(s.markReminded(waiting.id, f.issuer).error().code,
                 QStringLiteral("issuance.reminded"));
    }

    // The dashboard's figures on known data: counts by state (every state listed, zeros
    // included) and applications and issued cards per week, Monday to Sunday in Japan time.
    void stats_data() { test::addEngineRows(); }
    void stats()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        IssuanceService s(f.db);
        const Resident taro = another(f, QStringLiteral("太郎"), QDate(1980, 6, 1));
        const Resident jiro = another(f, QStringLiteral("次郎"), QDate(1982, 7, 1));
        const Resident old = another(f, QStringLiteral("古"), QDate(1950, 1, 1));
        // Thursday 26 November 2026: the current week starts on Monday 23 November.
        auto clock = clockAt(jst(2026, 6, 1)); // long before the 12 weeks shown
        QVERIFY(s.apply(old.residentCode, f.issuer).ok());
        clock->set(jst(2026, 11, 2, 0, 30)); // Monday, 00:30 JST (still 1 November in UTC)
        const Application hanako = bring(s, f, State::Issued);
        clock->set(jst(2026, 11, 15, 23, 50)); // Sunday night: week of 9 November
        QVERIFY(s.apply(taro.residentCode, f.issuer).ok());
        clock->set(jst(2026, 11, 26, 10));
        auto j = s.apply(jiro.residentCode, f.issuer);
        QVERIFY(j.ok());
        QVERIFY(s.advance(j->id, State::ProductionRequested, {}, f.issuer).ok());
        QVERIFY(s.advance(j->id, State::Delivered, {}, f.issuer).ok());
        QVERIFY(hanako.state == State::Issued);

        auto st = s.stats(12);
        QVERIFY2(st.ok(), qPrintable(st.errorMessage()));
        QCOMPARE(st->byState.size(), allStates().size());
        QHash<State, int> count;
        for (const auto& [state, n] : st->byState) {
            count.insert(state, n);
        }
        QCOMPARE(count.value(State::ApplicationReceived), 2); // 古, 太郎
        QCOMPARE(count.value(State::Delivered), 1);
        QCOMPARE(count.value(State::Issued), 1);
        QCOMPARE(count.value(State::Revoked), 0);
        QCOMPARE(st->weeks.size(), 12);
        QCOMPARE(st->weeks.last().monday, QDate(2026, 11, 23));
        QCOMPARE(st->weeks.first().monday, QDate(2026, 9, 7));
        QList<int> applications;
        QList<int> issued;
        for (const WeekCount& w : st->weeks) {
            applications << w.applications;
            issued << w.issued;
        }
        QCOMPARE(applications, QList<int>({0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1}));
        QCOMPARE(issued, QList<int>({0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}));
        // Four weeks: the oldest three applications fall outside.
        QCOMPARE(s.stats(4)->weeks.first().monday, QDate(2026, 11, 2));
        QCOMPARE(s.stats(4)->weeks.first().applications, 1);
    }

    // The 交付通知書 read back with Poppler: addressed to the holder as registered, with the
    // application, the card, what to bring, where to come, the appointment and the deadline.
    void notice_data() { test::addEngineRows(); }
    void notice()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        auto clock = clockAt(jst(2026, 11, 26, 9));
        IssuanceService s(f.db);
        InstallationSettings settings(f.db);
        QVERIFY(
            settings.setMunicipalityCode(QStringLiteral("142042"), QStringLiteral("admin")).ok());
        QVERIFY(settings.setMayorName(QStringLiteral("松尾 崇"), QStringLiteral("admin")).ok());
        QVERIFY(settings
                    .setCardCounter(QStringLiteral("市民課 マイナンバー窓口（本庁舎１階）"),
                                    QStringLiteral("admin"))
                    .ok());
        const QString path = m_dir.filePath(QStringLiteral("notice-%1.pdf").arg(engine));
        // Not before the card has arrived.
        const Application early = bring(s, f, State::ProductionRequested);
        QCOMPARE(s.writeNotice(early.id, path, f.issuer).error().code,
                 QStringLiteral("issuance.notice"));
        QVERIFY(!QFile::exists(path));
        QVERIFY(s.advance(early.id, State::Delivered, {}, f.issuer).ok());
        f.db.run(QStringLiteral("UPDATE card_applications SET card_serial = 'AB1234567890' WHERE "
                                "id = ?"),
                 {early.id})
            .ok();
        // Only card issuers.
        QCOMPARE(s.writeNotice(early.id, path, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        auto written = s.writeNotice(early.id, path, f.issuer);
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
        auto pages = test::pdfPageTexts(path);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        QCOMPARE(pages->size(), 1);
        // Poppler lays the page out with spaces and line breaks where the drawing has gaps and
        // wraps: compare without white space.
        auto squeezed = [](QString t) {
            return t.remove(QRegularExpression(QStringLiteral("[\\s\u3000]")));
        };
        const QString text = squeezed(pages->first());
        for (const QString& expected :
             {QStringLiteral("個人番号カード交付通知書"), QStringLiteral("〒248-0012"),
              QStringLiteral("髙橋 花子　様"), QStringLiteral("神奈川県鎌倉市御成町1丁目2番3号"),
              QStringLiteral("申請番号"), QString::number(early.id), QStringLiteral("AB1234567890"),
              QStringLiteral("この交付通知書"), QStringLiteral("顔写真付きのもの１点"),
              QStringLiteral("顔写真のないもの２点"), QStringLiteral("通知カード"),
              QStringLiteral("委任状"), QStringLiteral("代理人の本人確認書類"),
              QStringLiteral("市民課 マイナンバー窓口（本庁舎１階）"),
              QStringLiteral("予約はありません"),
              // delivered 26 November 2026 + 180 days = 25 May 2027, a Tuesday
              QStringLiteral("令和9年5月25日（火）まで"), QStringLiteral("廃棄"),
              QStringLiteral("神奈川県鎌倉市長　松尾 崇")}) {
            QVERIFY2(text.contains(squeezed(expected)),
                     qPrintable(expected + QStringLiteral(" not in:\n") + pages->first()));
        }
        // With an appointment booked, the notice names it.
        QVERIFY(s.advance(early.id, State::NoticeSent, {}, f.issuer).ok());
        QVERIFY(s.advance(early.id, State::AppointmentBooked, {}, f.issuer, false,
                          jst(2026, 12, 1, 10, 30))
                    .ok());
        QVERIFY(s.writeNotice(early.id, path, f.issuer).ok());
        const QString again = squeezed(test::pdfPageTexts(path)->first());
        QVERIFY2(again.contains(QStringLiteral("令和8年12月1日（火）10時30分")), qPrintable(again));
        QVERIFY(!again.contains(QStringLiteral("予約はありません")));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'issuance.notice'"))
                     ->toInt(),
                 2);
    }

    void commandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        auto cli = [&](const QStringList& args) {
            const test::ProcessRun r = test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), f.db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("issuer")},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
            return r;
        };
        test::ProcessRun r = cli({QStringLiteral("issuance"), QStringLiteral("apply"),
                                  QStringLiteral("--resident"), f.hanako.residentCode});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject applied = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(applied.value(QStringLiteral("state")).toString(),
                 QStringLiteral("application_received"));
        const QString appId = QString::number(applied.value(QStringLiteral("id")).toInteger());
        QVERIFY(appId.toInt() > 0);
        r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                 QStringLiteral("--to"), QStringLiteral("issued")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("production_requested")),
                 qPrintable(r.out + r.err)); // illegal: says what is allowed
        r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                 QStringLiteral("--to"), QStringLiteral("production_requested"),
                 QStringLiteral("--reason"), QStringLiteral("申請書受理")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli(
            {QStringLiteral("issuance"), QStringLiteral("show"), appId, QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject shown = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(shown.value(QStringLiteral("state")).toString(),
                 QStringLiteral("production_requested"));
        const QJsonArray history = shown.value(QStringLiteral("history")).toArray();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.last().toObject().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("申請書受理"));
        r = cli({QStringLiteral("issuance"), QStringLiteral("list"), QStringLiteral("--state"),
                 QStringLiteral("production_requested"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 1);
        r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                 QStringLiteral("--to"), QStringLiteral("nowhere")});
        QCOMPARE(r.code, 2);

        // The notice, the appointment with its time, the reminders.
        const QString pdf = m_dir.filePath(QStringLiteral("cli-notice.pdf"));
        r = cli({QStringLiteral("issuance"), QStringLiteral("notice"), appId,
                 QStringLiteral("--out"), pdf});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("production_requested")),
                 qPrintable(r.out + r.err)); // not arrived yet
        for (const QString& to : {QStringLiteral("delivered"), QStringLiteral("notice_sent")}) {
            r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                     QStringLiteral("--to"), to});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        r = cli({QStringLiteral("issuance"), QStringLiteral("notice"), appId,
                 QStringLiteral("--out"), pdf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(test::pdfPageTexts(pdf)->first().contains(QStringLiteral("交付期限")));
        r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                 QStringLiteral("--to"), QStringLiteral("appointment_booked")});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("date and time")),
                 qPrintable(r.out + r.err));
        r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                 QStringLiteral("--to"), QStringLiteral("appointment_booked"),
                 QStringLiteral("--at"), QStringLiteral("tomorrow")});
        QCOMPARE(r.code, 2);
        const QDateTime at(QDate::currentDate().addDays(3), QTime(10, 30), QTimeZone(9 * 3600));
        r = cli({QStringLiteral("issuance"), QStringLiteral("advance"), appId,
                 QStringLiteral("--to"), QStringLiteral("appointment_booked"),
                 QStringLiteral("--at"), at.toString(QStringLiteral("yyyy-MM-ddTHH:mm")),
                 QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QDateTime::fromString(QJsonDocument::fromJson(r.out.toUtf8())
                                           .object()
                                           .value(QStringLiteral("appointment_at"))
                                           .toString(),
                                       Qt::ISODateWithMs),
                 at.toUTC());
        // Reminders: an issued card of another resident, expiring within the window.
        const Resident taro = another(f, QStringLiteral("太郎"), QDate(1980, 6, 1));
        IssuanceService s(f.db);
        auto t = s.apply(taro.residentCode, f.issuer);
        for (State step : {State::ProductionRequested, State::Delivered, State::NoticeSent,
                           State::IdentityVerified, State::PinsSet, State::Issued}) {
            QVERIFY(s.advance(t->id, step, {}, f.issuer).ok());
        }
        f.db.run(QStringLiteral("UPDATE card_applications SET expires_on = ? WHERE id = ?"),
                 {QDate::currentDate().addDays(40).toString(Qt::ISODate), t->id})
            .ok();
        r = cli({QStringLiteral("issuance"), QStringLiteral("reminders"),
                 QStringLiteral("--within-days"), QStringLiteral("30"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 0);
        r = cli({QStringLiteral("issuance"), QStringLiteral("reminders"), QStringLiteral("--json"),
                 QStringLiteral("--mark")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray reminded = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(reminded.size(), 1);
        QCOMPARE(reminded.first().toObject().value(QStringLiteral("resident_code")).toString(),
                 taro.residentCode);
        r = cli(
            {QStringLiteral("issuance"), QStringLiteral("reminders"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 0); // marked
    }
};

QTEST_GUILESS_MAIN(TestIssuance)
#include "tst_issuance.moc"
