// Card production on a running central: an application requested offline reaches central with
// the next sync, `madoguchi-central admin produce` makes the card, and the next sync brings the
// delivery back to the workstation that ordered it (card serial, production order, delegation
// and the notice a delegated town's cards come with). Orders are made once per change, a second
// request for an open application is refused, a revoked application's order is cancelled, and
// a delivery for another terminal is not applied. Central runs on SQLite, and on PostgreSQL as
// tst_card_production_postgres.
#include "CardProduction.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "auth/PasswordHasher.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"
#include "sync/Inbox.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::sync;
using issuance::IssuanceService;
using issuance::State;

namespace {

// One workstation: its register, staff, a card issuer and its enrollment with central.
struct Workstation
{
    Database db;
    test::Staff staff;
    Session issuer;
    Enrollment enrollment;
};

} // namespace

class TestCardProduction : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    QUrl m_url;
    QString m_db;
    std::optional<Workstation> m_a; // counter-a
    std::optional<Workstation> m_b; // counter-b, another town
    int m_registers = 0;

    test::ProcessRun admin(const QStringList& args)
    {
        return test::runProcess(QStringLiteral(MADOGUCHI_CENTRAL),
                                QStringList{QStringLiteral("--db"), m_db, QStringLiteral("admin")} +
                                    args);
    }

    bool startCentral()
    {
        m_central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--db"), m_db, QStringLiteral("--pki-dir"),
                         m_dir.filePath(QStringLiteral("pki"))});
        if (!m_central.waitForStarted() || !m_central.waitForReadyRead(30000)) {
            return false;
        }
        const QString line = QString::fromLatin1(m_central.readLine()).trimmed();
        if (!line.startsWith(QStringLiteral("listening on "))) {
            return false;
        }
        m_url = QUrl(line.section(u' ', 2, 2));
        // Central came back on another port: the workstations follow it.
        for (std::optional<Workstation>* w : {&m_a, &m_b}) {
            if (*w) {
                (*w)->enrollment.central = m_url;
            }
        }
        return true;
    }

    void stopCentral()
    {
        m_central.terminate();
        if (!m_central.waitForFinished(10000)) {
            m_central.kill();
            m_central.waitForFinished();
        }
    }

    std::optional<Workstation> workstation(const QString& terminal)
    {
        QTemporaryDir* dir = new QTemporaryDir(m_dir.filePath(QStringLiteral("ws-XXXXXX")));
        dir->setAutoRemove(false);
        auto db = test::registerDatabase(QStringLiteral("sqlite"), *dir);
        delete dir;
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            return std::nullopt;
        }
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        if (!ops.create({QStringLiteral("issuer"), QStringLiteral("交付 担当"), {Role::CardIssuer}},
                        QStringLiteral("test-pass-1"), staff->admin)) {
            return std::nullopt;
        }
        auto issuer = ops.authenticate(QStringLiteral("issuer"), QStringLiteral("test-pass-1"));
        const test::ProcessRun code =
            admin({QStringLiteral("enroll-code"), QStringLiteral("--terminal"), terminal});
        auto e = CentralClient(m_url).enroll(code.out.trimmed(), terminal);
        if (!issuer || !e) {
            return std::nullopt;
        }
        ++m_registers;
        return Workstation{*db, *staff, *issuer, *e};
    }

    static Resident resident(Workstation& w, const QString& given, const QString& lgCode = {},
                             const QString& postal = {})
    {
        NewResident n = test::hanako();
        n.person.givenName = given;
        if (!lgCode.isEmpty()) {
            n.person.address = {lgCode, postal, QStringLiteral("宮ケ瀬"), QStringLiteral("1番地"),
                                QString()};
        }
        auto r = RegistryService(w.db).registerResident(n, MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                                        w.staff.clerk);
        if (!r) {
            qFatal("resident: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }

    // An application brought to production_requested (queued in the outbox).
    static issuance::Application requested(Workstation& w, const Resident& r)
    {
        IssuanceService s(w.db);
        auto a = s.apply(r.residentCode, w.issuer);
        if (!a) {
            qFatal("apply: %s", qPrintable(a.errorMessage()));
        }
        auto b = s.advance(a->id, State::ProductionRequested, {}, w.issuer);
        if (!b) {
            qFatal("advance: %s", qPrintable(b.errorMessage()));
        }
        return *b;
    }

    // Card changes waiting in the outbox (the register's own moves go there too).
    static QList<OutboxItem> cardsPending(Workstation& w)
    {
        QList<OutboxItem> out;
        const QList<OutboxItem> all = Outbox(w.db).pending(10000).value();
        for (const OutboxItem& i : all) {
            if (i.kind.startsWith(QStringLiteral("card."))) {
                out << i;
            }
        }
        return out;
    }

    static Result<SyncReport> sync(Workstation& w)
    {
        return SyncEngine(w.db, w.enrollment).syncOnce(QStringLiteral("issuer"));
    }

    QJsonArray orders()
    {
        const test::ProcessRun r = admin({QStringLiteral("production"), QStringLiteral("--json")});
        if (r.code != 0) {
            qWarning() << r.err;
        }
        return QJsonDocument::fromJson(r.out.toUtf8()).array();
    }

    QList<QJsonObject> ordersFor(const QString& terminal, qint64 application)
    {
        QList<QJsonObject> out;
        for (const QJsonValue& v : orders()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("terminal")).toString() == terminal &&
                o.value(QStringLiteral("application")).toInteger() == application) {
                out << o;
            }
        }
        return out;
    }

    // The serials `admin produce` printed, one a line.
    QStringList produce(const QStringList& extra = {})
    {
        const test::ProcessRun r = admin(QStringList{QStringLiteral("produce")} + extra);
        if (r.code != 0) {
            qWarning() << r.err;
            return {};
        }
        return r.out.split(u'\n', Qt::SkipEmptyParts);
    }

    // A push of exactly these changes, as the workstation's outbox would send them.
    std::pair<int, QJsonObject> push(Workstation& w, const QJsonArray& changes)
    {
        auto r = CentralClient(w.enrollment)
                     .signedRequest(w.enrollment, "POST", QStringLiteral("/v1/sync/push"),
                                    QJsonDocument(QJsonObject{{QStringLiteral("changes"), changes}})
                                        .toJson(QJsonDocument::Compact),
                                    QStringLiteral("issuer"));
        if (!r) {
            return {0, {{QStringLiteral("error"), r.errorMessage()}}};
        }
        return {r->status, QJsonDocument::fromJson(r->body).object()};
    }

    static QJsonObject asChange(const OutboxItem& item)
    {
        return {{QStringLiteral("id"), item.changeId},
                {QStringLiteral("kind"), item.kind},
                {QStringLiteral("record_key"), item.recordKey},
                {QStringLiteral("base_version"), item.baseVersion},
                {QStringLiteral("payload"), item.payload},
                {QStringLiteral("operator"), item.operatorLogin}};
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        // Central's database: SQLite, or PostgreSQL for the tst_card_production_postgres entry.
        if (qEnvironmentVariable("MADOGUCHI_CENTRAL_ENGINE") == QStringLiteral("postgres")) {
            auto spec = test::freshDatabaseSpec(QStringLiteral("postgres"), m_dir);
            QVERIFY2(spec.ok(), qPrintable(spec.errorMessage()));
            m_db = *spec;
        } else {
            m_db = m_dir.filePath(QStringLiteral("central.sqlite3"));
        }
        QVERIFY(startCentral());
        m_a = workstation(QStringLiteral("counter-a"));
        QVERIFY(m_a);
        m_b = workstation(QStringLiteral("counter-b"));
        QVERIFY(m_b);
    }

    void cleanupTestCase() { stopCentral(); }

    // The whole way: requested offline, pushed when central is back, produced, delivered.
    void requestedOfflineIsDeliveredWithCentralsSerial()
    {
        const Resident hanako = resident(*m_a, QStringLiteral("花子"));
        stopCentral();
        const issuance::Application a = requested(*m_a, hanako);
        QCOMPARE(a.state, State::ProductionRequested);
        // Offline: the pass fails and the request waits in the outbox.
        QVERIFY(!sync(*m_a).ok());
        QCOMPARE(cardsPending(*m_a).size(), 1);

        QVERIFY(startCentral());
        auto pushed = sync(*m_a);
        QVERIFY2(pushed.ok(), qPrintable(pushed.errorMessage()));
        QCOMPARE(cardsPending(*m_a).size(), 0);
        QList<QJsonObject> order = ordersFor(QStringLiteral("counter-a"), a.id);
        QCOMPARE(order.size(), 1);
        QCOMPARE(order[0].value(QStringLiteral("state")).toString(), QStringLiteral("requested"));
        QCOMPARE(order[0].value(QStringLiteral("resident_code")).toString(), hanako.residentCode);
        QCOMPARE(order[0].value(QStringLiteral("lg_code")).toString(), hanako.address.lgCode);
        QVERIFY(order[0].value(QStringLiteral("card_serial")).toString().isEmpty());

        // Nothing comes back before the card is made.
        QVERIFY(sync(*m_a).ok());
        QCOMPARE(IssuanceService(m_a->db).get(a.id)->state, State::ProductionRequested);

        const QStringList serials = produce();
        QCOMPARE(serials.size(), 1);
        const QString serial = serials.first();
        QVERIFY2(central::CardProduction::serialValid(serial), qPrintable(serial));
        order = ordersFor(QStringLiteral("counter-a"), a.id);
        QCOMPARE(order[0].value(QStringLiteral("state")).toString(), QStringLiteral("delivered"));
        QCOMPARE(order[0].value(QStringLiteral("card_serial")).toString(), serial);
        QVERIFY(!order[0].value(QStringLiteral("produced_at")).toString().isEmpty());
        const QString productionId = order[0].value(QStringLiteral("production_id")).toString();

        auto pulled = sync(*m_a);
        QVERIFY2(pulled.ok(), qPrintable(pulled.errorMessage()));
        QCOMPARE(pulled->appliedHere, 1);
        auto delivered = IssuanceService(m_a->db).get(a.id);
        QVERIFY(delivered.ok());
        QCOMPARE(delivered->state, State::Delivered);
        QCOMPARE(delivered->cardSerial, serial);
        QCOMPARE(delivered->productionId, productionId);
        QVERIFY(!delivered->delegated);
        QVERIFY(delivered->deliveredAt.isValid());
        QVERIFY(!delivered->noticeSentAt.isValid());
        const issuance::HistoryEntry last = delivered->history.last();
        QCOMPARE(last.from, QStringLiteral("production_requested"));
        QCOMPARE(last.to, QStringLiteral("delivered"));
        QCOMPARE(last.operatorLogin, QStringLiteral("central"));
        QVERIFY(last.reason.contains(serial));
        // Central's change is not sent back to central.
        QCOMPARE(*Outbox(m_a->db).pendingCount(), 0);
        auto audit = m_a->db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                                   "'issuance.delivered' AND detail LIKE ?"),
                                    {QStringLiteral("%") + serial + QStringLiteral("%")});
        QVERIFY2(audit.ok(), qPrintable(audit.errorMessage()));
        QCOMPARE(audit->toInt(), 1);
        // The terminal may ask central about its order; another terminal learns nothing of it.
        auto asked =
            CentralClient(m_a->enrollment)
                .signedRequest(m_a->enrollment, "GET",
                               QStringLiteral("/v1/cards/production?application=%1").arg(a.id), {},
                               QStringLiteral("issuer"));
        QVERIFY2(asked.ok(), qPrintable(asked.errorMessage()));
        QCOMPARE(asked->status, 200);
        const QJsonObject status = QJsonDocument::fromJson(asked->body).object();
        QCOMPARE(status.value(QStringLiteral("card_serial")).toString(), serial);
        QCOMPARE(status.value(QStringLiteral("state")).toString(), QStringLiteral("delivered"));
        auto stranger =
            CentralClient(m_b->enrollment)
                .signedRequest(m_b->enrollment, "GET",
                               QStringLiteral("/v1/cards/production?application=%1").arg(a.id), {},
                               QStringLiteral("issuer"));
        QVERIFY(!stranger.ok());
        QVERIFY2(stranger.errorMessage().contains(QStringLiteral("no production order")),
                 qPrintable(stranger.errorMessage()));
        // The clerk goes on from delivered as usual.
        auto notice = IssuanceService(m_a->db).advance(a.id, State::NoticeSent, {}, m_a->issuer);
        QVERIFY2(notice.ok(), qPrintable(notice.errorMessage()));
        // The same delivery pulled again (a lost answer) changes nothing.
        QVERIFY(sync(*m_a).ok());
        QCOMPARE(IssuanceService(m_a->db).get(a.id)->state, State::NoticeSent);
    }

    void sameChangeTwiceMakesOneOrder()
    {
        const Resident taro = resident(*m_a, QStringLiteral("太郎"));
        QVERIFY(sync(*m_a).ok()); // the register's move first
        const issuance::Application a = requested(*m_a, taro);
        const QList<OutboxItem> pending = cardsPending(*m_a);
        QCOMPARE(pending.size(), 1);
        const QJsonObject change = asChange(pending.first());
        auto [status, answer] = push(*m_a, {change});
        QCOMPARE(status, 200);
        QCOMPARE(answer.value(QStringLiteral("applied")).toInt(), 1);
        std::tie(status, answer) = push(*m_a, {change});
        QCOMPARE(status, 200);
        QCOMPARE(answer.value(QStringLiteral("duplicates")).toInt(), 1);
        // And once more with the workstation's own sync.
        QVERIFY(sync(*m_a).ok());
        QList<QJsonObject> order = ordersFor(QStringLiteral("counter-a"), a.id);
        QCOMPARE(order.size(), 1);
        QCOMPARE(order[0].value(QStringLiteral("state")).toString(), QStringLiteral("requested"));

        // Another request for the same application while its order is open: kept, refused.
        QJsonObject again = change;
        again.insert(QStringLiteral("id"),
                     QStringLiteral("again-") + change.value(QStringLiteral("id")).toString());
        again.insert(QStringLiteral("base_version"),
                     change.value(QStringLiteral("base_version")).toInt() + 1);
        std::tie(status, answer) = push(*m_a, {again});
        QCOMPARE(status, 200);
        order = ordersFor(QStringLiteral("counter-a"), a.id);
        QCOMPARE(order.size(), 2);
        QCOMPARE(order[1].value(QStringLiteral("state")).toString(), QStringLiteral("refused"));
        QVERIFY2(order[1]
                     .value(QStringLiteral("note"))
                     .toString()
                     .contains(order[0].value(QStringLiteral("production_id")).toString()),
                 qPrintable(order[1].value(QStringLiteral("note")).toString()));
        // Two requests for one application in the same push: the first makes the order.
        const Resident saburo = resident(*m_a, QStringLiteral("三子"));
        QVERIFY(sync(*m_a).ok());
        const issuance::Application c = requested(*m_a, saburo);
        const QJsonObject first = asChange(cardsPending(*m_a).first());
        QJsonObject second = first;
        second.insert(QStringLiteral("id"),
                      QStringLiteral("second-") + first.value(QStringLiteral("id")).toString());
        second.insert(QStringLiteral("base_version"),
                      first.value(QStringLiteral("base_version")).toInt() + 1);
        std::tie(status, answer) = push(*m_a, {first, second});
        QCOMPARE(status, 200);
        QCOMPARE(answer.value(QStringLiteral("applied")).toInt(), 2);
        const QList<QJsonObject> both = ordersFor(QStringLiteral("counter-a"), c.id);
        QCOMPARE(both.size(), 2);
        QCOMPARE(both[0].value(QStringLiteral("state")).toString(), QStringLiteral("requested"));
        QCOMPARE(both[1].value(QStringLiteral("state")).toString(), QStringLiteral("refused"));
        QVERIFY(both[1]
                    .value(QStringLiteral("note"))
                    .toString()
                    .contains(both[0].value(QStringLiteral("production_id")).toString()));
        // One card for each application.
        const QStringList serials = produce();
        QCOMPARE(serials.size(), 2);
        QVERIFY(sync(*m_a).ok());
        QCOMPARE(IssuanceService(m_a->db).get(a.id)->cardSerial, serials.first());
        QCOMPARE(IssuanceService(m_a->db).get(c.id)->cardSerial, serials.last());
    }

    void produceTakesTheOldestOrdersFirstUpToTheLimit()
    {
        const Resident first = resident(*m_a, QStringLiteral("一子"));
        const Resident second = resident(*m_a, QStringLiteral("二子"));
        const issuance::Application a = requested(*m_a, first);
        const issuance::Application b = requested(*m_a, second);
        QVERIFY(sync(*m_a).ok());
        const QStringList one = produce({QStringLiteral("--limit"), QStringLiteral("1")});
        QCOMPARE(one.size(), 1);
        QCOMPARE(ordersFor(QStringLiteral("counter-a"), a.id)[0]
                     .value(QStringLiteral("card_serial"))
                     .toString(),
                 one.first());
        QCOMPARE(ordersFor(QStringLiteral("counter-a"), b.id)[0]
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("requested"));
        const QStringList rest = produce();
        QCOMPARE(rest.size(), 1);
        QVERIFY(rest.first() != one.first());
        QVERIFY(sync(*m_a).ok());
        QCOMPARE(IssuanceService(m_a->db).get(a.id)->cardSerial, one.first());
        QCOMPARE(IssuanceService(m_a->db).get(b.id)->cardSerial, rest.first());
        // A bad limit is a usage error.
        QCOMPARE(
            admin({QStringLiteral("produce"), QStringLiteral("--limit"), QStringLiteral("0")}).code,
            2);
    }

    void revokedApplicationCancelsItsOrder()
    {
        const Resident jiro = resident(*m_a, QStringLiteral("次郎"));
        const issuance::Application a = requested(*m_a, jiro);
        QVERIFY(IssuanceService(m_a->db)
                    .advance(a.id, State::Revoked, QStringLiteral("申請取下げ"), m_a->issuer)
                    .ok());
        QVERIFY(sync(*m_a).ok());
        const QList<QJsonObject> order = ordersFor(QStringLiteral("counter-a"), a.id);
        QCOMPARE(order.size(), 1);
        QCOMPARE(order[0].value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QVERIFY(order[0]
                    .value(QStringLiteral("note"))
                    .toString()
                    .contains(QStringLiteral("申請取下げ")));
        QVERIFY(produce().isEmpty());
    }

    void delegatedTownGetsTheNoticeFromCentral()
    {
        // 清川村 (about 3,000 people) has central issue its notices.
        QCOMPARE(admin({QStringLiteral("delegate"), QStringLiteral("--lg-code"),
                        QStringLiteral("144029"), QStringLiteral("--population"),
                        QStringLiteral("2900")})
                     .code,
                 0);
        // A town over 30,000 people may not.
        const test::ProcessRun big = admin(
            {QStringLiteral("delegate"), QStringLiteral("--lg-code"), QStringLiteral("142042"),
             QStringLiteral("--population"), QStringLiteral("172000")});
        QCOMPARE(big.code, 1);
        QVERIFY2(big.err.contains(QStringLiteral("30000")), qPrintable(big.err));
        QVERIFY(admin({QStringLiteral("delegate"), QStringLiteral("--lg-code"),
                       QStringLiteral("142041")})
                    .code == 2); // not a code: its check digit is wrong
        const test::ProcessRun list = admin({QStringLiteral("delegations")});
        QCOMPARE(list.out.split(u'\n', Qt::SkipEmptyParts).size(), 1);
        QVERIFY(list.out.startsWith(QStringLiteral("144029\t2900\t")));

        const Resident village = resident(*m_a, QStringLiteral("三郎"), QStringLiteral("144029"),
                                          QStringLiteral("2430111"));
        const Resident city = resident(*m_a, QStringLiteral("四郎"));
        const issuance::Application a = requested(*m_a, village);
        const issuance::Application b = requested(*m_a, city);
        QVERIFY(sync(*m_a).ok());
        QCOMPARE(produce().size(), 2);
        QVERIFY(sync(*m_a).ok());

        auto delegated = IssuanceService(m_a->db).get(a.id);
        QCOMPARE(delegated->state, State::NoticeSent);
        QVERIFY(delegated->delegated);
        QVERIFY(delegated->noticeSentAt.isValid());
        QVERIFY(!delegated->cardSerial.isEmpty());
        const int n = int(delegated->history.size());
        QCOMPARE(delegated->history[n - 2].to, QStringLiteral("delivered"));
        QCOMPARE(delegated->history[n - 2].operatorLogin, QStringLiteral("central"));
        QCOMPARE(delegated->history[n - 1].from, QStringLiteral("delivered"));
        QCOMPARE(delegated->history[n - 1].to, QStringLiteral("notice_sent"));
        QCOMPARE(delegated->history[n - 1].operatorLogin, QStringLiteral("central"));
        // The command line shows what central sent.
        const test::ProcessRun shown = test::runProcess(
            QStringLiteral(MADOGUCHI_CLI),
            {QStringLiteral("--db"), m_a->db.spec().path, QStringLiteral("issuance"),
             QStringLiteral("show"), QString::number(a.id), QStringLiteral("--json")},
            {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("issuer")},
             {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
             {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        QVERIFY2(shown.code == 0, qPrintable(shown.err));
        const QJsonObject json = QJsonDocument::fromJson(shown.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("notice_sent"));
        QCOMPARE(json.value(QStringLiteral("card_serial")).toString(), delegated->cardSerial);
        QCOMPARE(json.value(QStringLiteral("production_id")).toString(), delegated->productionId);
        QCOMPARE(json.value(QStringLiteral("delegated")).toBool(), true);
        // The city's own card: delivered, the notice is the city's to send.
        auto own = IssuanceService(m_a->db).get(b.id);
        QCOMPARE(own->state, State::Delivered);
        QVERIFY(!own->delegated);

        // The delegation ends: the village's next card is delivered for it to notify.
        QCOMPARE(admin({QStringLiteral("delegate"), QStringLiteral("--lg-code"),
                        QStringLiteral("144029"), QStringLiteral("--off")})
                     .code,
                 0);
        QVERIFY(admin({QStringLiteral("delegations")}).out.trimmed().isEmpty());
    }

    // Application numbers are the workstation's own: counter-b's application 1 is not
    // counter-a's, and each terminal gets its own deliveries only.
    void eachTerminalGetsItsOwnCards()
    {
        const Resident other = resident(*m_b, QStringLiteral("五郎"));
        const issuance::Application b = requested(*m_b, other);
        QCOMPARE(b.id, qint64(1)); // as counter-a's first application
        auto pushed = sync(*m_b);
        QVERIFY2(pushed.ok(), qPrintable(pushed.errorMessage()));
        QCOMPARE(pushed->conflicts, 0);
        QCOMPARE(ordersFor(QStringLiteral("counter-b"), 1).size(), 1);
        const QStringList serials = produce();
        QCOMPARE(serials.size(), 1);
        auto pulled = sync(*m_b);
        QVERIFY(pulled.ok());
        QCOMPARE(IssuanceService(m_b->db).get(1)->state, State::Delivered);
        QCOMPARE(IssuanceService(m_b->db).get(1)->cardSerial, serials.first());
        // counter-b never received counter-a's deliveries.
        auto seen = Inbox(m_b->db).withState(QStringLiteral("applied"));
        QCOMPARE(seen->size(), 1);
        QCOMPARE(seen->first().payload.value(QStringLiteral("terminal")).toString(),
                 QStringLiteral("counter-b"));
        // counter-a's application 1 kept its own card.
        QVERIFY(IssuanceService(m_a->db).get(1)->cardSerial != serials.first());
    }

    void deliveryForAnotherTerminalIsSkipped()
    {
        const Resident rokuro = resident(*m_a, QStringLiteral("六郎"));
        const issuance::Application a = requested(*m_a, rokuro);
        QVERIFY(sync(*m_a).ok());
        auto stored = Inbox(m_a->db).store(
            {QJsonObject{{QStringLiteral("id"), QStringLiteral("card-delivered-elsewhere")},
                         {QStringLiteral("seq"), 999999},
                         {QStringLiteral("kind"), QStringLiteral("card.delivered")},
                         {QStringLiteral("record_key"), QStringLiteral("production:P9")},
                         {QStringLiteral("version"), 1},
                         {QStringLiteral("operator"), QStringLiteral("central")},
                         {QStringLiteral("terminal"), QStringLiteral("central")},
                         {QStringLiteral("payload"),
                          QJsonObject{{QStringLiteral("application"), a.id},
                                      {QStringLiteral("terminal"), QStringLiteral("counter-z")},
                                      {QStringLiteral("card_serial"), QStringLiteral("MC9")},
                                      {QStringLiteral("production_id"), QStringLiteral("P9")},
                                      {QStringLiteral("delegated"), false}}}}});
        QCOMPARE(*stored, 1);
        auto report = Inbox(m_a->db, QStringLiteral("counter-a")).applyPending();
        QVERIFY(report.ok());
        QCOMPARE(report->skipped, 1);
        const auto kept = Inbox(m_a->db).forRecord(QStringLiteral("production:P9"));
        QCOMPARE(kept->first().state, QStringLiteral("skipped"));
        QVERIFY(kept->first().note.contains(QStringLiteral("counter-z")));
        QCOMPARE(IssuanceService(m_a->db).get(a.id)->state, State::ProductionRequested);
        QVERIFY(IssuanceService(m_a->db).get(a.id)->cardSerial.isEmpty());
    }

    void deliveryOutOfTurnIsKeptAsFailed()
    {
        // Application 1 has its card already (notice sent): a second delivery is not taken.
        const auto before = IssuanceService(m_a->db).get(1);
        QVERIFY(before.ok());
        auto stored = Inbox(m_a->db).store(
            {QJsonObject{{QStringLiteral("id"), QStringLiteral("card-delivered-twice")},
                         {QStringLiteral("seq"), 1000000},
                         {QStringLiteral("kind"), QStringLiteral("card.delivered")},
                         {QStringLiteral("record_key"), QStringLiteral("production:P8")},
                         {QStringLiteral("version"), 1},
                         {QStringLiteral("operator"), QStringLiteral("central")},
                         {QStringLiteral("payload"),
                          QJsonObject{{QStringLiteral("application"), 1},
                                      {QStringLiteral("terminal"), QStringLiteral("counter-a")},
                                      {QStringLiteral("card_serial"), QStringLiteral("MC8")},
                                      {QStringLiteral("production_id"), QStringLiteral("P8")},
                                      {QStringLiteral("delegated"), false}}}}});
        QCOMPARE(*stored, 1);
        auto report = Inbox(m_a->db, QStringLiteral("counter-a")).applyPending();
        QVERIFY(report.ok());
        QCOMPARE(report->failed, 1);
        const auto kept = Inbox(m_a->db).forRecord(QStringLiteral("production:P8"));
        QCOMPARE(kept->first().state, QStringLiteral("failed"));
        QVERIFY2(kept->first().note.contains(QStringLiteral("notice_sent")),
                 qPrintable(kept->first().note));
        QCOMPARE(kept->first().payload.value(QStringLiteral("card_serial")).toString(),
                 QStringLiteral("MC8"));
        const auto after = IssuanceService(m_a->db).get(1);
        QCOMPARE(after->cardSerial, before->cardSerial);
        QCOMPARE(after->state, before->state);
        QCOMPARE(after->history.size(), before->history.size());
    }
};

QTEST_GUILESS_MAIN(TestCardProduction)
#include "tst_card_production.moc"
