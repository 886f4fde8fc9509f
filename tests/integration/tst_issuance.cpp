// Card issuance as a state machine, on both engines: every transition of every state either
// allowed by the table or refused with the reason, each recorded with operator, time and
// reason; production requests queued for central; card validity; the holding period before an
// uncollected card is destroyed (mock clock); the command line.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"
#include "sync/Outbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
            auto next = s.advance(now.id, step, QStringLiteral("test"), f.issuer);
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
                auto r = s.advance(a.id, to, QStringLiteral("a reason"), f.issuer);
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
    }
};

QTEST_GUILESS_MAIN(TestIssuance)
#include "tst_issuance.moc"
