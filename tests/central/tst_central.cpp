// The central service as a real process on loopback: enrollment with one-time codes, signed
// requests and every refusal central must make (tampered body or signature, wrong key, expired,
// future-dated, replayed, missing component, revoked terminal, wrong @target-uri), changes
// applied exactly once, and garbage that must get a 4xx with a reason and never a crash.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "sig/MessageSignature.h"
#include "storage/Transaction.h"
#include "sync/CentralClient.h"
#include "sync/Conflicts.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

using namespace madoguchi;
using namespace madoguchi::sync;

class TestCentral : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    QUrl m_url;
    QString m_db;

    QString code(const QString& terminal)
    {
        QProcess p;
        p.start(QStringLiteral(MADOGUCHI_CENTRAL),
                {QStringLiteral("--db"), m_db, QStringLiteral("admin"),
                 QStringLiteral("enroll-code"), QStringLiteral("--terminal"), terminal});
        p.waitForFinished(30000);
        return QString::fromLatin1(p.readAllStandardOutput()).trimmed();
    }

    Enrollment enrolled(const QString& terminal)
    {
        CentralClient client(m_url);
        auto e = client.enroll(code(terminal), terminal);
        if (!e) {
            qFatal("enroll: %s", qPrintable(e.errorMessage()));
        }
        return *e;
    }

    // Sends a prepared signed request and returns central's answer.
    sig::HttpMessage send(const sig::HttpMessage& m)
    {
        CentralClient client(m_url);
        QList<QPair<QByteArray, QByteArray>> fields;
        for (const auto& f : m.fields) {
            if (f.first != "content-type") {
                fields << f;
            }
        }
        auto r = client.exchange(m.method, QString::fromLatin1(m.target), "application/json",
                                 m.body, fields);
        if (!r) {
            qFatal("exchange: %s", qPrintable(r.errorMessage()));
        }
        return *r;
    }

    static QString codeOf(const sig::HttpMessage& r)
    {
        return QJsonDocument::fromJson(r.body).object().value(QStringLiteral("code")).toString();
    }

    static QByteArray changes(const QStringList& ids)
    {
        QJsonArray a;
        for (const QString& id : ids) {
            a.append(QJsonObject{
                {QStringLiteral("id"), id},
                {QStringLiteral("kind"), QStringLiteral("resident.move")},
                {QStringLiteral("payload"), QJsonObject{{QStringLiteral("resident_code"), id}}}});
        }
        return QJsonDocument(QJsonObject{{QStringLiteral("changes"), a}})
            .toJson(QJsonDocument::Compact);
    }

    static QString nonce() { return QUuid::createUuid().toString(QUuid::Id128); }
    static qint64 now() { return Clock::now().toSecsSinceEpoch(); }

    // Raw bytes to central; the status line of the answer ("" when the connection just closed).
    QByteArray raw(const QByteArray& bytes)
    {
        QTcpSocket s;
        s.connectToHost(m_url.host(), quint16(m_url.port()));
        if (!s.waitForConnected(5000)) {
            return "no connection";
        }
        s.write(bytes);
        s.waitForBytesWritten(5000);
        QByteArray in;
        while (s.waitForReadyRead(3000)) {
            in += s.readAll();
            if (in.contains("\r\n\r\n")) {
                break;
            }
        }
        return in.left(in.indexOf("\r\n"));
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        // Central's own database: SQLite by default, PostgreSQL when ctest runs the
        // tst_central_postgres entry (a fresh database in the fixture's cluster).
        const QString engine =
            qEnvironmentVariable("MADOGUCHI_CENTRAL_ENGINE", QStringLiteral("sqlite"));
        if (engine == QStringLiteral("postgres")) {
            auto spec = test::freshDatabaseSpec(engine, m_dir);
            QVERIFY2(spec.ok(), qPrintable(spec.errorMessage()));
            m_db = *spec;
        } else {
            m_db = m_dir.filePath(QStringLiteral("central.sqlite3"));
        }
        m_central.setProcessChannelMode(QProcess::SeparateChannels);
        m_central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--db"), m_db});
        QVERIFY(m_central.waitForStarted());
        QVERIFY(m_central.waitForReadyRead(30000));
        const QString line = QString::fromLatin1(m_central.readLine()).trimmed();
        QVERIFY2(line.startsWith(QStringLiteral("listening on ")), qPrintable(line));
        m_url = QUrl(line.section(u' ', 2, 2));
        QVERIFY(m_url.port() > 0);
    }

    void health()
    {
        CentralClient client(m_url);
        auto r = client.exchange("GET", QStringLiteral("/v1/health"), {}, {});
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->status, 200);
        QVERIFY(r->field("date").has_value());
        QCOMPARE(
            QJsonDocument::fromJson(r->body).object().value(QStringLiteral("status")).toString(),
            QStringLiteral("ok"));
    }

    void enrollmentCodesAreOneTime()
    {
        CentralClient client(m_url);
        const QString c = code(QStringLiteral("counter-1"));
        QVERIFY(!c.isEmpty());
        auto e = client.enroll(c, QStringLiteral("counter-1"));
        QVERIFY2(e.ok(), qPrintable(e.errorMessage()));
        QCOMPARE(e->terminal, QStringLiteral("counter-1"));
        QCOMPARE(e->keyid.size(), 64);
        auto again = client.enroll(c, QStringLiteral("counter-1"));
        QVERIFY(!again.ok());
        QVERIFY2(again.errorMessage().contains(QStringLiteral("enroll.code_used")),
                 qPrintable(again.errorMessage()));
        auto unknown =
            client.enroll(QStringLiteral("AAAAA-BBBBB-CCCCC-DDDDD"), QStringLiteral("x"));
        QVERIFY(unknown.errorMessage().contains(QStringLiteral("enroll.code_unknown")));
    }

    void signedRequestsAndTheirAnswers()
    {
        const Enrollment e = enrolled(QStringLiteral("counter-2"));
        CentralClient client(m_url);
        auto r = client.signedRequest(e, "GET", QStringLiteral("/v1/whoami"), {},
                                      QStringLiteral("clerk7"));
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        const QJsonObject o = QJsonDocument::fromJson(r->body).object();
        QCOMPARE(o.value(QStringLiteral("terminal")).toString(), QStringLiteral("counter-2"));
        QCOMPARE(o.value(QStringLiteral("operator")).toString(), QStringLiteral("clerk7"));
        // An unsigned request to a signed endpoint.
        auto plain = client.exchange("GET", QStringLiteral("/v1/whoami"), {}, {});
        QCOMPARE(plain->status, 401);
        QCOMPARE(plain->field("content-type").value_or(""), QByteArray("application/problem+json"));
        QCOMPARE(codeOf(*plain), QStringLiteral("sig.unsigned"));
    }

    void refusals()
    {
        const Enrollment e = enrolled(QStringLiteral("counter-3"));
        const Enrollment reader = enrolled(QStringLiteral("counter-4"));
        const QString push = QStringLiteral("/v1/sync/push");
        const QByteArray body = changes({QStringLiteral("refused-change-1")});

        // Tampered body: the signature covers the digest, the digest no longer fits the body.
        auto m = CentralClient::buildSigned(e, "POST", push, body, QStringLiteral("clerk"), now(),
                                            nonce());
        m->body = changes({QStringLiteral("refused-change-2")});
        m->setField("content-length", QByteArray::number(m->body.size()));
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.digest"));

        // Tampered signature.
        m = CentralClient::buildSigned(e, "POST", push, body, QStringLiteral("clerk"), now(),
                                       nonce());
        QByteArray s = *m->field("signature");
        s[10] = s[10] == 'A' ? 'B' : 'A';
        m->setField("signature", s);
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.mismatch"));

        // A covered header changed (the operator).
        m = CentralClient::buildSigned(e, "POST", push, body, QStringLiteral("clerk"), now(),
                                       nonce());
        m->setField("madoguchi-operator", "admin");
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.mismatch"));

        // The wrong key under this terminal's keyid.
        Enrollment thief = e;
        thief.keyPem = reader.keyPem;
        m = CentralClient::buildSigned(thief, "POST", push, body, QStringLiteral("clerk"), now(),
                                       nonce());
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.mismatch"));

        // An unknown key.
        Enrollment stranger = e;
        stranger.keyid = QString(64, u'0');
        m = CentralClient::buildSigned(stranger, "POST", push, body, QStringLiteral("clerk"), now(),
                                       nonce());
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.unknown_key"));

        // Expired and future-dated.
        m = CentralClient::buildSigned(e, "POST", push, body, QStringLiteral("clerk"), now() - 900,
                                       nonce());
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.expired"));
        m = CentralClient::buildSigned(e, "POST", push, body, QStringLiteral("clerk"), now() + 900,
                                       nonce());
        QCOMPARE(codeOf(send(*m)), QStringLiteral("sig.future"));

        // Signed for another address.
        Enrollment elsewhere = e;
        elsewhere.central = QUrl(QStringLiteral("https://central.example.jp"));
        m = CentralClient::buildSigned(elsewhere, "POST", push, body, QStringLiteral("clerk"),
                                       now(), nonce());
        const sig::HttpMessage wrongTarget = send(*m);
        QCOMPARE(codeOf(wrongTarget), QStringLiteral("sig.mismatch"));

        // A required component left out.
        sig::HttpMessage bare;
        bare.method = "POST";
        bare.target = (m_url.toString() + push).toLatin1();
        bare.setField("content-type", "application/json");
        bare.setField("content-digest", sig::contentDigest(body));
        bare.setField("madoguchi-operator", "clerk");
        bare.body = body;
        auto key = sig::loadKey(e.keyPem);
        QVERIFY(sig::signMessage(bare, QStringLiteral("sig1"),
                                 {QStringLiteral("@method"), QStringLiteral("@target-uri"),
                                  QStringLiteral("content-digest")},
                                 {{QStringLiteral("created"), sf::Item::integer(now())},
                                  {QStringLiteral("nonce"), sf::Item::string(nonce())},
                                  {QStringLiteral("keyid"), sf::Item::string(e.keyid)}},
                                 sig::Algorithm::EcdsaP256Sha256, *key)
                    .ok());
        bare.target = push.toLatin1();
        QCOMPARE(codeOf(send(bare)), QStringLiteral("sig.missing_component"));

        // Replayed: the same signed request twice.
        m = CentralClient::buildSigned(e, "POST", push, changes({QStringLiteral("once-00001")}),
                                       QStringLiteral("clerk"), now(), nonce());
        QCOMPARE(send(*m).status, 200);
        const sig::HttpMessage replay = send(*m);
        QCOMPARE(replay.status, 401);
        QCOMPARE(codeOf(replay), QStringLiteral("sig.replay"));

        // Revoked.
        QProcess p;
        p.start(QStringLiteral(MADOGUCHI_CENTRAL),
                {QStringLiteral("--db"), m_db, QStringLiteral("admin"), QStringLiteral("revoke"),
                 QStringLiteral("--terminal"), QStringLiteral("counter-3")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        m = CentralClient::buildSigned(e, "POST", push, body, QStringLiteral("clerk"), now(),
                                       nonce());
        const sig::HttpMessage revoked = send(*m);
        QCOMPARE(revoked.status, 403);
        QCOMPARE(codeOf(revoked), QStringLiteral("sig.revoked"));

        // Nothing refused was applied: the other terminal sees only the one good change.
        CentralClient client(m_url);
        auto pulled = client.signedRequest(reader, "GET", QStringLiteral("/v1/sync/pull?since=0"),
                                           {}, QStringLiteral("clerk"));
        QVERIFY2(pulled.ok(), qPrintable(pulled.errorMessage()));
        QStringList ids;
        for (const QJsonValue& v : QJsonDocument::fromJson(pulled->body)
                                       .object()
                                       .value(QStringLiteral("changes"))
                                       .toArray()) {
            ids << v.toObject().value(QStringLiteral("id")).toString();
        }
        QCOMPARE(ids, QStringList{QStringLiteral("once-00001")});
    }

    void changesAreAppliedOnce()
    {
        const Enrollment a = enrolled(QStringLiteral("counter-5"));
        const Enrollment b = enrolled(QStringLiteral("counter-6"));
        CentralClient client(m_url);
        const QByteArray body = changes({QStringLiteral("move-0001"), QStringLiteral("move-0002"),
                                         QStringLiteral("move-0003")});
        auto first = client.signedRequest(a, "POST", QStringLiteral("/v1/sync/push"), body,
                                          QStringLiteral("clerk"));
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QCOMPARE(
            QJsonDocument::fromJson(first->body).object().value(QStringLiteral("applied")).toInt(),
            3);
        // The same batch again (as after a lost acknowledgement): acknowledged, not applied.
        auto again = client.signedRequest(a, "POST", QStringLiteral("/v1/sync/push"), body,
                                          QStringLiteral("clerk"));
        QVERIFY(again.ok());
        const QJsonObject o = QJsonDocument::fromJson(again->body).object();
        QCOMPARE(o.value(QStringLiteral("applied")).toInt(), 0);
        QCOMPARE(o.value(QStringLiteral("duplicates")).toInt(), 3);
        QCOMPARE(o.value(QStringLiteral("acknowledged")).toArray().size(), 3);
        // A malformed change refuses the whole batch.
        auto bad = client.signedRequest(a, "POST", QStringLiteral("/v1/sync/push"),
                                        "{\"changes\":[{\"id\":\"x\"}]}", QStringLiteral("clerk"));
        QVERIFY(!bad.ok());
        QVERIFY(bad.errorMessage().contains(QStringLiteral("sync.bad_change")));
        auto pulled = client.signedRequest(b, "GET", QStringLiteral("/v1/sync/pull?since=0"), {},
                                           QStringLiteral("clerk"));
        QVERIFY(pulled.ok());
        int moves = 0;
        for (const QJsonValue& v : QJsonDocument::fromJson(pulled->body)
                                       .object()
                                       .value(QStringLiteral("changes"))
                                       .toArray()) {
            moves += v.toObject()
                         .value(QStringLiteral("id"))
                         .toString()
                         .startsWith(QStringLiteral("move-"));
        }
        QCOMPARE(moves, 3);
    }

    void cliEnrollsAndSigns()
    {
        // The administrator of a workstation enrolls it with the code from central, then any
        // operator's requests are signed by the terminal key.
        const QString db = m_dir.filePath(QStringLiteral("client.sqlite3"));
        auto cli = [&](const QStringList& args, QMap<QString, QString> extra) {
            extra.insert(QStringLiteral("MADOGUCHI_KEY_DIR"),
                         m_dir.filePath(QStringLiteral("keys")));
            extra.insert(QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en"));
            const test::ProcessRun r =
                test::runProcess(QStringLiteral(MADOGUCHI_CLI),
                                 QStringList{QStringLiteral("--db"), db} + args, extra);
            return std::pair{r.code, r.out + r.err};
        };
        auto [rc, text] =
            cli({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("admin"),
                 QStringLiteral("--role"), QStringLiteral("admin")},
                {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), QStringLiteral("test-pass-1")}});
        QVERIFY2(rc == 0, qPrintable(text));
        const QMap<QString, QString> admin{
            {QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("admin")},
            {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")}};
        std::tie(rc, text) =
            cli({QStringLiteral("enroll"), QStringLiteral("--central"), m_url.toString(),
                 QStringLiteral("--code"), code(QStringLiteral("counter-cli")),
                 QStringLiteral("--name"), QStringLiteral("counter-cli")},
                admin);
        QVERIFY2(rc == 0, qPrintable(text));
        std::tie(rc, text) = cli({QStringLiteral("central"), QStringLiteral("whoami")}, admin);
        QVERIFY2(rc == 0, qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("counter-cli")) &&
                     text.contains(QStringLiteral("admin")),
                 qPrintable(text));
    }

    void offlineOutboxDrainsOnceAndConflictsSurface()
    {
        // Workstation A registers a resident: the move is in its outbox with the change.
        auto dbA = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        auto dbB = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(dbA.ok() && dbB.ok());
        auto staffA = test::makeStaff(*dbA);
        QVERIFY(staffA.ok());
        RegistryService regA(*dbA);
        auto hanako = regA.registerResident(test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                            staffA->clerk);
        QVERIFY2(hanako.ok(), qPrintable(hanako.errorMessage()));
        Outbox outboxA(*dbA);
        QCOMPARE(*outboxA.pendingCount(), 1);

        // Central cannot be reached: nothing is lost.
        Enrollment a = enrolled(QStringLiteral("shelter-a"));
        Enrollment down = a;
        down.central = QUrl(QStringLiteral("http://127.0.0.1:1"));
        auto offline = SyncEngine(*dbA, down).syncOnce(QStringLiteral("clerk"));
        QVERIFY(!offline.ok());
        QCOMPARE(offline.error().code, QStringLiteral("sync.network"));
        QCOMPARE(*outboxA.pendingCount(), 1);

        // 10,000 more changes made while offline (an evacuation center's day), then central is
        // back: the outbox drains completely, each change applied once.
        {
            Transaction tx(*dbA);
            for (int i = 0; i < 10000; ++i) {
                QVERIFY(outboxA
                            .enqueue(QStringLiteral("shelter.checkin"),
                                     QStringLiteral("evacuee:%1").arg(i), 0,
                                     {{QStringLiteral("n"), i}}, QStringLiteral("clerk"))
                            .ok());
            }
            QVERIFY(tx.commit().ok());
        }
        int progressCalls = 0;
        auto report = SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk"),
                                                   [&](int, int) { ++progressCalls; });
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->applied, 10001);
        QCOMPARE(report->pending, 0);
        QCOMPARE(*outboxA.pendingCount(), 0);
        QVERIFY(progressCalls >= 5); // batches of 2,000

        // A moves the resident again (its own newer version: no conflict).
        auto moved =
            regA.relocate(hanako->id,
                          {QStringLiteral("142042"), QStringLiteral("2480005"),
                           QStringLiteral("雪ノ下"), QStringLiteral("3丁目5番8号"), QString()},
                          QDate(2026, 5, 1), staffA->clerk);
        QVERIFY2(moved.ok(), qPrintable(moved.errorMessage()));
        // Meanwhile workstation B, offline, changed the same resident from the version it knew.
        Outbox outboxB(*dbB);
        QVERIFY(outboxB
                    .enqueue(QStringLiteral("resident.move"),
                             QStringLiteral("resident:") + hanako->residentCode, 0,
                             {{QStringLiteral("resident_code"), hanako->residentCode}},
                             QStringLiteral("clerk-b"))
                    .ok());
        report = SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->applied, 1);
        QCOMPARE(report->conflicts, 0);

        Enrollment b = enrolled(QStringLiteral("shelter-b"));
        auto reportB = SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk-b"));
        QVERIFY2(reportB.ok(), qPrintable(reportB.errorMessage()));
        QCOMPARE(reportB->conflicts, 1);
        QCOMPARE(reportB->applied, 0);
        // The conflict is kept for the clerk, not overwritten and not resent.
        QCOMPARE(*outboxB.conflictCount(), 1);
        QCOMPARE(*outboxB.pendingCount(), 0);
        auto conflict = dbB->exec(QStringLiteral("SELECT central_terminal, central_version, "
                                                 "base_version FROM sync_conflicts"));
        QVERIFY(conflict->next());
        QCOMPARE(conflict->value(0).toString(), QStringLiteral("shelter-a"));
        QCOMPARE(conflict->value(1).toInt(), 2);
        QCOMPARE(conflict->value(2).toInt(), 0);
        // B received A's changes (pull), exactly once however often it syncs.
        const int received =
            dbB->scalar(QStringLiteral("SELECT COUNT(*) FROM sync_received WHERE record_key = ?"),
                        {QStringLiteral("resident:") + hanako->residentCode})
                ->toInt();
        QCOMPARE(received, 2);
        QVERIFY(SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk-b")).ok());
        QCOMPARE(
            dbB->scalar(QStringLiteral("SELECT COUNT(*) FROM sync_received WHERE record_key = ?"),
                        {QStringLiteral("resident:") + hanako->residentCode})
                ->toInt(),
            2);
    }

    void registersStayInStepAndConflictsAreResolved()
    {
        // Two workstations hold the same register (B starts as a copy of A after A synced).
        auto dbA = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(dbA.ok());
        auto staff = test::makeStaff(*dbA);
        QVERIFY(staff.ok());
        RegistryService regA(*dbA);
        auto hanako = regA.registerResident(test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                            staff->clerk);
        QVERIFY2(hanako.ok(), qPrintable(hanako.errorMessage()));
        Enrollment a = enrolled(QStringLiteral("counter-a"));
        Enrollment b = enrolled(QStringLiteral("counter-b"));
        QVERIFY(SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk")).ok());
        const QString pathB = m_dir.filePath(QStringLiteral("register-b.sqlite3"));
        QVERIFY(dbA->run(QStringLiteral("VACUUM INTO '%1'").arg(pathB)).ok());
        auto dbB = Database::open(pathB);
        QVERIFY(dbB.ok());
        // Set up as a workstation of its own, the copy sends its audit chain under its own name
        // from the first entry (saveEnrollment does this when a new terminal name is stored).
        QVERIFY(InstallationSettings(*dbB)
                    .setStateValue(QStringLiteral("sync.audit_cursor"), QStringLiteral("0"))
                    .ok());
        RegistryService regB(*dbB);
        const QString record = QStringLiteral("resident:") + hanako->residentCode;
        auto loadB = [&] {
            return regB.findByCode(hanako->residentCode)->value_or(Resident{});
        };
        QCOMPARE(loadB().version, 1);

        // A's move reaches B's register, with central's version and where it came from.
        auto moved =
            regA.relocate(hanako->id,
                          {QStringLiteral("142042"), QStringLiteral("2480005"),
                           QStringLiteral("雪ノ下"), QStringLiteral("3丁目5番8号"), QString()},
                          QDate(2026, 5, 1), staff->clerk);
        QVERIFY2(moved.ok(), qPrintable(moved.errorMessage()));
        QVERIFY(SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk")).ok());
        auto rb = SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(rb.ok(), qPrintable(rb.errorMessage()));
        QCOMPARE(rb->appliedHere, 1);
        QCOMPARE(loadB().address.town, QStringLiteral("雪ノ下"));
        QCOMPARE(loadB().version, 2);
        QCOMPARE(dbB->scalar(QStringLiteral("SELECT operator FROM moves WHERE resident_id = ? "
                                            "ORDER BY id DESC LIMIT 1"),
                             {QVariant(loadB().id)})
                     ->toString(),
                 QStringLiteral("central:counter-a/clerk"));
        // B's own outbox stays empty: a change from central is not sent back.
        QCOMPARE(*Outbox(*dbB).pendingCount(), 0);

        // Both change the resident offline: A the banchi, B the building. A syncs first.
        const Address base = loadB().address;
        Address atA = base;
        atA.banchi = QStringLiteral("3丁目6番1号");
        Address atB = base;
        atB.building = QStringLiteral("コーポ雪ノ下203");
        QVERIFY(regA.relocate(hanako->id, atA, QDate(2026, 6, 1), staff->clerk).ok());
        QVERIFY(regB.relocate(loadB().id, atB, QDate(2026, 6, 2), staff->clerk).ok());
        QVERIFY(SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk")).ok());
        rb = SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(rb.ok(), qPrintable(rb.errorMessage()));
        QCOMPARE(rb->conflicts, 1);
        QCOMPARE(rb->deferred, 1);
        // Nothing overwritten: B still shows its own change until the clerk decides.
        QCOMPARE(loadB().address.building, QStringLiteral("コーポ雪ノ下203"));
        QCOMPARE(loadB().address.banchi, base.banchi);

        // The clerk sees both sides and takes central's (from the command line).
        auto cli = [&](const QStringList& args) {
            const test::ProcessRun r = test::runProcess(
                QStringLiteral(MADOGUCHI_CLI), QStringList{QStringLiteral("--db"), pathB} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("clerk")},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
            return std::pair{r.code, r.out + r.err};
        };
        const test::ProcessRun listing = test::runProcess(
            QStringLiteral(MADOGUCHI_CLI),
            {QStringLiteral("--db"), pathB, QStringLiteral("sync"), QStringLiteral("conflicts"),
             QStringLiteral("--json")},
            {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("clerk")},
             {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")}});
        QVERIFY2(listing.code == 0, qPrintable(listing.err));
        const QJsonArray listed = QJsonDocument::fromJson(listing.out.toUtf8()).array();
        QString text = listing.out;
        int rc = 0;
        QVERIFY2(listed.size() == 1, qPrintable(text));
        const QJsonObject k = listed.first().toObject();
        QCOMPARE(k.value(QStringLiteral("record")).toString(), record);
        QCOMPARE(k.value(QStringLiteral("central_terminal")).toString(),
                 QStringLiteral("counter-a"));
        QCOMPARE(
            k.value(QStringLiteral("mine")).toObject().value(QStringLiteral("building")).toString(),
            QStringLiteral("コーポ雪ノ下203"));
        QCOMPARE(k.value(QStringLiteral("theirs"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("after"))
                     .toObject()
                     .value(QStringLiteral("banchi"))
                     .toString(),
                 QStringLiteral("3丁目6番1号"));
        const QString id = QString::number(k.value(QStringLiteral("id")).toInteger());
        std::tie(rc, text) =
            cli({QStringLiteral("sync"), QStringLiteral("resolve"), QStringLiteral("--conflict"),
                 id, QStringLiteral("--keep"), QStringLiteral("central")});
        QVERIFY2(rc == 0, qPrintable(text));
        QCOMPARE(loadB().address.banchi, QStringLiteral("3丁目6番1号"));
        QCOMPARE(loadB().address.building, QString());
        QCOMPARE(loadB().version, regA.load(hanako->id)->version);
        QCOMPARE(*Outbox(*dbB).conflictCount(), 0);
        QCOMPARE(*Outbox(*dbB).pendingCount(), 0);
        std::tie(rc, text) =
            cli({QStringLiteral("sync"), QStringLiteral("resolve"), QStringLiteral("--conflict"),
                 id, QStringLiteral("--keep"), QStringLiteral("mine")});
        QVERIFY2(rc == 1 && text.contains(QStringLiteral("no open conflict")), qPrintable(text));

        // Again, and this time B keeps its own change: it is sent again on central's version,
        // and A then receives it. Both registers end the same.
        atB = loadB().address;
        atB.building = QStringLiteral("コーポ雪ノ下305");
        atA = regA.load(hanako->id)->address;
        atA.postalCode = QStringLiteral("2480006");
        QVERIFY(regA.relocate(hanako->id, atA, QDate(2026, 7, 1), staff->clerk).ok());
        QVERIFY(regB.relocate(loadB().id, atB, QDate(2026, 7, 2), staff->clerk).ok());
        QVERIFY(SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk")).ok());
        rb = SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(rb.ok() && rb->conflicts == 1, qPrintable(rb.errorMessage()));
        auto open = Conflicts(*dbB).open();
        QVERIFY(open.ok());
        QCOMPARE(open->size(), 1);
        // Only someone allowed to edit the register may decide.
        QCOMPARE(Conflicts(*dbB).keepMine(open->first().id, staff->trainee).error().code,
                 QStringLiteral("auth.denied"));
        QVERIFY(Conflicts(*dbB).keepMine(open->first().id, staff->clerk).ok());
        QCOMPARE(loadB().address.building, QStringLiteral("コーポ雪ノ下305"));
        QCOMPARE(loadB().address.postalCode, QStringLiteral("2480006")); // A's other field
        rb = SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(rb.ok(), qPrintable(rb.errorMessage()));
        QCOMPARE(rb->applied, 1);
        QCOMPARE(rb->conflicts, 0);
        auto ra = SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(ra.ok(), qPrintable(ra.errorMessage()));
        const Resident finalA = *regA.load(hanako->id);
        const Resident finalB = loadB();
        QCOMPARE(finalA.address.building, QStringLiteral("コーポ雪ノ下305"));
        QCOMPARE(finalA.address.postalCode, finalB.address.postalCode);
        QCOMPARE(finalA.address.banchi, finalB.address.banchi);
        QCOMPARE(finalA.version, finalB.version);
        QCOMPARE(*Outbox(*dbA).pendingCount(), 0);
        QCOMPARE(*Outbox(*dbB).pendingCount(), 0);
        // The resolutions are in B's audit log.
        QCOMPARE(dbB->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'sync.resolve'"))
                     ->toInt(),
                 2);
    }

    void householdChangesTravelByNumber()
    {
        // A household id is each database's own; a change of household reaches another
        // register by the household's number.
        auto dbA = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(dbA.ok());
        auto staff = test::makeStaff(*dbA);
        QVERIFY(staff.ok());
        RegistryService regA(*dbA);
        auto hanako = regA.registerResident(test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                            staff->clerk);
        QVERIFY(hanako.ok());
        Enrollment a = enrolled(QStringLiteral("household-a"));
        Enrollment b = enrolled(QStringLiteral("household-b"));
        QVERIFY(SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk")).ok());
        const QString pathB = m_dir.filePath(QStringLiteral("household-b.sqlite3"));
        QVERIFY(dbA->run(QStringLiteral("VACUUM INTO '%1'").arg(pathB)).ok());
        auto dbB = Database::open(pathB);
        QVERIFY(dbB.ok());
        QVERIFY(InstallationSettings(*dbB)
                    .setStateValue(QStringLiteral("sync.audit_cursor"), QStringLiteral("0"))
                    .ok());
        // B gains a household of its own first, so that the ids of the two databases differ.
        NewResident other = test::hanako();
        other.person.givenName = QStringLiteral("次郎");
        other.person.givenKana = QStringLiteral("ジロウ");
        QVERIFY(RegistryService(*dbB)
                    .registerResident(other, MoveKind::MoveIn, QDate(2026, 4, 2), {}, staff->clerk)
                    .ok());
        auto split = regA.changeHousehold(hanako->id, 0, QStringLiteral("世帯主"),
                                          QDate(2026, 5, 1), staff->clerk);
        QVERIFY2(split.ok(), qPrintable(split.errorMessage()));
        const QString numberA = split->householdNo;
        QVERIFY(!numberA.isEmpty() && numberA != hanako->householdNo);
        QVERIFY(SyncEngine(*dbA, a).syncOnce(QStringLiteral("clerk")).ok());
        auto rb = SyncEngine(*dbB, b).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(rb.ok(), qPrintable(rb.errorMessage()));
        QCOMPARE(rb->appliedHere, 1);
        const QString numberB =
            dbB->scalar(QStringLiteral("SELECT h.household_no FROM residents r JOIN households h "
                                       "ON h.id = r.household_id WHERE r.resident_code = ?"),
                        {hanako->residentCode})
                ->toString();
        QCOMPARE(numberB, numberA);
    }

    void auditChainsAreKeptAndChecked()
    {
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        QVERIFY(RegistryService(*db)
                    .registerResident(test::hanako(), MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                      staff->clerk)
                    .ok());
        Enrollment e = enrolled(QStringLiteral("audit-a"));
        auto count = [&] {
            return db->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log"))->toInt();
        };
        auto lastHash = [&] {
            return db->scalar(QStringLiteral("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"))
                ->toString();
        };
        auto head = [&] {
            const test::ProcessRun r = test::runProcess(
                QStringLiteral(MADOGUCHI_CENTRAL),
                {QStringLiteral("--db"), m_db, QStringLiteral("admin"), QStringLiteral("audit"),
                 QStringLiteral("--terminal"), QStringLiteral("audit-a")});
            return QJsonDocument::fromJson(r.out.toUtf8()).object();
        };
        const int entries = count();
        QVERIFY(entries >= 5);
        auto report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->auditSent, entries);
        // Central holds the chain as the workstation has it, up to its last entry.
        QCOMPARE(head().value(QStringLiteral("entries")).toInt(), entries);
        QCOMPARE(head().value(QStringLiteral("hash")).toString(), lastHash());

        // Sent again from the start (a lost answer, a restored setting): nothing doubles.
        InstallationSettings settings(*db);
        QVERIFY(
            settings.setStateValue(QStringLiteral("sync.audit_cursor"), QStringLiteral("0")).ok());
        report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(head().value(QStringLiteral("entries")).toInt(), entries);

        // An entry changed after it was sent, even with its hash recomputed, is refused.
        const AuditEntry original = AuditLog(*db).after(2, 1)->first();
        AuditEntry third = original;
        third.detail = QStringLiteral("nothing to see");
        QVERIFY(db->run(QStringLiteral("UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?"),
                        {third.detail, AuditLog::entryHash(third), third.id})
                    .ok());
        QVERIFY(
            settings.setStateValue(QStringLiteral("sync.audit_cursor"), QStringLiteral("0")).ok());
        report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY(!report.ok());
        QVERIFY2(report.errorMessage().contains(QStringLiteral("audit.rewritten")),
                 qPrintable(report.errorMessage()));
        QCOMPARE(head().value(QStringLiteral("entries")).toInt(), entries);
        QVERIFY(db->run(QStringLiteral("UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?"),
                        {original.detail, original.hash, original.id})
                    .ok());
        QVERIFY(SyncEngine(*db, e).syncOnce(QStringLiteral("clerk")).ok());

        // An entry removed here before it was sent: the next one no longer links on.
        QVERIFY(AuditLog(*db).record(QStringLiteral("clerk"), QStringLiteral("test.one")).ok());
        QVERIFY(AuditLog(*db).record(QStringLiteral("clerk"), QStringLiteral("test.two")).ok());
        QVERIFY(db->run(QStringLiteral("DELETE FROM audit_log WHERE action = 'test.one'")).ok());
        report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY(!report.ok());
        QVERIFY2(report.errorMessage().contains(QStringLiteral("audit.discontinuous")),
                 qPrintable(report.errorMessage()));
        QCOMPARE(head().value(QStringLiteral("entries")).toInt(), entries);
        QCOMPARE(head().value(QStringLiteral("hash")).toString(),
                 db->scalar(QStringLiteral("SELECT hash FROM audit_log WHERE action <> "
                                           "'test.two' ORDER BY id DESC LIMIT 1"))
                     ->toString());
    }

    void centralKilledMidPush()
    {
        // A second central on its own database and a fixed port, killed (SIGKILL) while a
        // workstation pushes 10,000 changes, then started again.
        QString db2;
        if (qEnvironmentVariable("MADOGUCHI_CENTRAL_ENGINE") == QStringLiteral("postgres")) {
            auto spec = test::freshDatabaseSpec(QStringLiteral("postgres"), m_dir);
            QVERIFY(spec.ok());
            db2 = *spec;
        } else {
            db2 = m_dir.filePath(QStringLiteral("central2.sqlite3"));
        }
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess central;
        int pushes = 0;
        connect(&central, &QProcess::readyReadStandardError, this, [&] {
            pushes += int(central.readAllStandardError().count("\"path\":\"/v1/sync/push\""));
        });
        auto start = [&] {
            pushes = 0;
            central.start(QStringLiteral(MADOGUCHI_CENTRAL),
                          {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                           QStringLiteral("--db"), db2});
            return central.waitForStarted() && central.waitForReadyRead(30000) &&
                   central.readLine().startsWith("listening");
        };
        QVERIFY(start());
        QProcess admin;
        admin.start(QStringLiteral(MADOGUCHI_CENTRAL),
                    {QStringLiteral("--db"), db2, QStringLiteral("admin"),
                     QStringLiteral("enroll-code"), QStringLiteral("--terminal"),
                     QStringLiteral("killme")});
        QVERIFY(admin.waitForFinished(30000));
        CentralClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        auto e = client.enroll(QString::fromLatin1(admin.readAllStandardOutput()).trimmed(),
                               QStringLiteral("killme"));
        QVERIFY2(e.ok(), qPrintable(e.errorMessage()));

        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        Outbox outbox(*db);
        {
            Transaction tx(*db);
            for (int i = 0; i < 10000; ++i) {
                QVERIFY(outbox
                            .enqueue(QStringLiteral("shelter.checkin"),
                                     QStringLiteral("evacuee:%1").arg(i), 0,
                                     {{QStringLiteral("n"), i}}, QStringLiteral("clerk"))
                            .ok());
            }
            QVERIFY(tx.commit().ok());
        }
        const DatabaseSpec spec = db->spec();
        const Enrollment enrollment = *e;
        auto push = [spec, enrollment] {
            auto own = Database::open(spec); // this thread's connection
            return own ? SyncEngine(*own, enrollment, 250).syncOnce(QStringLiteral("clerk"))
                       : Result<SyncReport>(own.error());
        };
        auto first = QtConcurrent::run(push);
        QVERIFY(test::waitFor([&] { return pushes >= 3 || first.isFinished(); }, 60000));
        central.kill();
        central.waitForFinished(5000);
        first.waitForFinished();
        QVERIFY2(!first.result().ok(), "the push should have been cut off");
        const int left = *outbox.pendingCount();
        QVERIFY(left > 0 && left < 10000);

        QVERIFY(start());
        auto second = QtConcurrent::run(push);
        second.waitForFinished();
        QVERIFY2(second.result().ok(), qPrintable(second.result().errorMessage()));
        QCOMPARE(*outbox.pendingCount(), 0);
        central.terminate();
        central.waitForFinished(5000);
        // Every change is at central exactly once.
        auto centralDb = Database::open(db2);
        QVERIFY(centralDb.ok());
        QCOMPARE(centralDb->scalar(QStringLiteral("SELECT COUNT(*) FROM changes"))->toInt(), 10000);
        QCOMPARE(centralDb->scalar(QStringLiteral("SELECT COUNT(DISTINCT change_id) FROM changes"))
                     ->toInt(),
                 10000);
    }

    void backoffGrowsWithJitter()
    {
        int maxSeen = 0;
        for (int i = 0; i < 200; ++i) {
            const int w = SyncEngine::backoffMs(3, 1000, 60000);
            QVERIFY(w >= 0 && w <= 8000);
            maxSeen = std::max(maxSeen, w);
        }
        QVERIFY(maxSeen > 4000); // spread over the whole window, not a fixed delay
        QVERIFY(SyncEngine::backoffMs(30, 1000, 60000) <= 60000);
    }

    void garbageGetsAReason_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("garbage line")
            << QByteArray("GARBAGE\r\n\r\n") << QByteArray("HTTP/1.1 400 Bad Request");
        QTest::newRow("binary") << QByteArray("\x01\x02\x03\xff\r\n\r\n", 8)
                                << QByteArray("HTTP/1.1 400 Bad Request");
        QTest::newRow("Content-Length abc")
            << QByteArray("POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
            << QByteArray("HTTP/1.1 400 Bad Request");
        QTest::newRow("no Content-Length")
            << QByteArray("POST /v1/sync/push HTTP/1.1\r\nHost: x\r\n\r\n")
            << QByteArray("HTTP/1.1 411 Length Required");
        QTest::newRow("chunked")
            << QByteArray(
                   "POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            << QByteArray("HTTP/1.1 411 Length Required");
        QTest::newRow("huge body")
            << QByteArray(
                   "POST /v1/sync/push HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n")
            << QByteArray("HTTP/1.1 413 Content Too Large");
        QTest::newRow("huge headers")
            << QByteArray("GET /v1/health HTTP/1.1\r\nX-Big: " + QByteArray(40000, 'a') +
                          "\r\n\r\n")
            << QByteArray("HTTP/1.1 431 Request Header Fields Too Large");
        QTest::newRow("HTTP/2.0") << QByteArray("GET /v1/health HTTP/2.0\r\n\r\n")
                                  << QByteArray("HTTP/1.1 505 HTTP Version Not Supported");
        QTest::newRow("unknown path") << QByteArray("GET /v1/nothing HTTP/1.1\r\nHost: x\r\n\r\n")
                                      << QByteArray("HTTP/1.1 404 Not Found");
        // Every endpoint: an oversized body is refused before it is read, and an unsigned
        // request to a signed endpoint says that it is unsigned.
        for (const char* path : {"/v1/health", "/v1/enroll", "/v1/whoami", "/v1/sync/push",
                                 "/v1/sync/pull", "/v1/audit/push", "/v1/operators"}) {
            const QByteArray p(path);
            QTest::addRow("oversized %s", path)
                << QByteArray("POST " + p +
                              " HTTP/1.1\r\nHost: x\r\nContent-Length: 9000000\r\n\r\n")
                << QByteArray("HTTP/1.1 413 Content Too Large");
            if (p != "/v1/health" && p != "/v1/enroll") {
                QTest::addRow("unsigned garbage %s", path)
                    << QByteArray("POST " + p +
                                  " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 5\r\n\r\n{\"a\":")
                    << QByteArray("HTTP/1.1 401 Unauthorized");
            }
        }
        QTest::newRow("truncated JSON enrollment")
            << QByteArray("POST /v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n{\"co")
            << QByteArray("HTTP/1.1 400 Bad Request");
    }
    void garbageGetsAReason()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        QCOMPARE(raw(request), status);
        // And central is still there.
        CentralClient client(m_url);
        QCOMPARE(client.exchange("GET", QStringLiteral("/v1/health"), {}, {})->status, 200);
    }

    void signedGarbageAppliesNothing()
    {
        // Well signed, badly formed: refused with a reason, nothing stored.
        Enrollment e = enrolled(QStringLiteral("garbage-a"));
        auto changesBefore = [&] {
            auto central = Database::open(m_db);
            return central->scalar(QStringLiteral("SELECT COUNT(*) FROM changes"))->toInt() +
                   central->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_entries"))->toInt();
        };
        const int before = changesBefore();
        const struct
        {
            const char* path;
            QByteArray body;
            int status;
            const char* code;
        } cases[] = {
            {"/v1/sync/push", "{\"changes\": [", 400, "json.malformed"},
            {"/v1/sync/push", "[1, 2, 3]", 400, "json.malformed"},
            {"/v1/sync/push", "{\"changes\": [{\"id\": 5}]}", 422, "sync.bad_change"},
            {"/v1/audit/push", "{\"entries\": 7}", 400, "json.malformed"},
            {"/v1/audit/push", "\xff\xfe\x00garbage", 400, "json.malformed"},
            {"/v1/audit/push", "{\"entries\": [{\"id\": \"x\", \"hash\": 1}]}", 422,
             "audit.bad_entry"},
        };
        for (const auto& c : cases) {
            auto m = CentralClient::buildSigned(e, "POST", QString::fromLatin1(c.path), c.body,
                                                QStringLiteral("clerk"), now(), nonce());
            QVERIFY(m.ok());
            const sig::HttpMessage r = send(*m);
            QVERIFY2(r.status == c.status && codeOf(r) == QLatin1String(c.code),
                     qPrintable(QStringLiteral("%1 %2: %3 %4")
                                    .arg(QLatin1String(c.path), QString::fromLatin1(c.body))
                                    .arg(r.status)
                                    .arg(QString::fromUtf8(r.body))));
        }
        auto pull = CentralClient::buildSigned(e, "GET", QStringLiteral("/v1/operators?since=-3"),
                                               {}, QStringLiteral("clerk"), now(), nonce());
        QVERIFY(pull.ok());
        QCOMPARE(send(*pull).status, 400);
        QCOMPARE(changesBefore(), before);
    }

    // Last: from here on central manages operators, and every request must speak for one.
    void operatorsComeFromCentral()
    {
        auto admin = [&](const QStringList& args, const QString& password = {}) {
            const test::ProcessRun r = test::runProcess(
                QStringLiteral(MADOGUCHI_CENTRAL),
                QStringList{QStringLiteral("--db"), m_db, QStringLiteral("admin")} + args,
                {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), password}});
            return std::pair{r.code, r.out + r.err};
        };
        auto [rc, text] =
            admin({QStringLiteral("operator-add"), QStringLiteral("--login"),
                   QStringLiteral("clerk"), QStringLiteral("--name"), QStringLiteral("窓口 花子"),
                   QStringLiteral("--role"), QStringLiteral("clerk")},
                  QStringLiteral("central-pass-1"));
        QVERIFY2(rc == 0, qPrintable(text));
        std::tie(rc, text) =
            admin({QStringLiteral("operator-add"), QStringLiteral("--login"), QStringLiteral("bad"),
                   QStringLiteral("--role"), QStringLiteral("janitor")},
                  QStringLiteral("central-pass-1"));
        QVERIFY2(rc == 2 && text.contains(QStringLiteral("unknown role")), qPrintable(text));

        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        Enrollment e = enrolled(QStringLiteral("ops-a"));
        auto report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QVERIFY(report->operatorsChanged > 0);
        OperatorService ops(*db);
        // Offline sign-in with central's password; the local one is gone.
        QVERIFY(ops.authenticate(QStringLiteral("clerk"), QStringLiteral("central-pass-1")).ok());
        QCOMPARE(
            ops.authenticate(QStringLiteral("clerk"), QStringLiteral("test-pass-1")).error().code,
            QStringLiteral("auth.invalid"));
        QCOMPARE(ops.find(QStringLiteral("clerk"))->value().displayName,
                 QStringLiteral("窓口 花子"));
        // Accounts central does not know are disabled here, not deleted.
        QCOMPARE(
            ops.authenticate(QStringLiteral("admin"), QStringLiteral("test-pass-1")).error().code,
            QStringLiteral("auth.inactive"));
        QVERIFY(ops.find(QStringLiteral("supervisor"))->has_value());
        // Managed there, not here.
        NewOperator extra{QStringLiteral("extra"), QStringLiteral("extra"), {Role::Clerk}};
        QCOMPARE(ops.create(extra, QStringLiteral("extra-pass-1"), staff->admin).error().code,
                 QStringLiteral("auth.central"));
        // A request for an operator central does not know is refused.
        auto refused = SyncEngine(*db, e).syncOnce(QStringLiteral("supervisor"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("sig.operator")),
                 qPrintable(refused.errorMessage()));
        // Nothing new at central: nothing changes here.
        report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->operatorsChanged, 0);

        // Roles changed and an operator added at central reach the workstation.
        std::tie(rc, text) = admin({QStringLiteral("operator-update"), QStringLiteral("--login"),
                                    QStringLiteral("clerk"), QStringLiteral("--role"),
                                    QStringLiteral("clerk,supervisor")});
        QVERIFY2(rc == 0, qPrintable(text));
        std::tie(rc, text) =
            admin({QStringLiteral("operator-add"), QStringLiteral("--login"),
                   QStringLiteral("kana"), QStringLiteral("--role"), QStringLiteral("trainee")},
                  QStringLiteral("kana-pass-12"));
        QVERIFY2(rc == 0, qPrintable(text));
        report = SyncEngine(*db, e).syncOnce(QStringLiteral("clerk"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->operatorsChanged, 2);
        QVERIFY(ops.find(QStringLiteral("clerk"))->value().roles.contains(Role::Supervisor));
        auto kana = ops.authenticate(QStringLiteral("kana"), QStringLiteral("kana-pass-12"));
        QVERIFY2(kana.ok(), qPrintable(kana.errorMessage()));
        QVERIFY(!kana->can(Permission::EditResidents));

        // Disabled at central: refused there at once, and disabled here after the next sync.
        std::tie(rc, text) = admin({QStringLiteral("operator-disable"), QStringLiteral("--login"),
                                    QStringLiteral("kana")});
        QVERIFY2(rc == 0, qPrintable(text));
        refused = SyncEngine(*db, e).syncOnce(QStringLiteral("kana"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("disabled")),
                 qPrintable(refused.errorMessage()));
        QVERIFY(SyncEngine(*db, e).syncOnce(QStringLiteral("clerk")).ok());
        QCOMPARE(
            ops.authenticate(QStringLiteral("kana"), QStringLiteral("kana-pass-12")).error().code,
            QStringLiteral("auth.inactive"));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                           "'operator.sync'"))
                     ->toInt(),
                 3);
    }

    void cleanupTestCase()
    {
        m_central.terminate();
        m_central.waitForFinished(5000);
        QCOMPARE(m_central.exitStatus(), QProcess::NormalExit); // never crashed
    }
};

QTEST_GUILESS_MAIN(TestCentral)
#include "tst_central.moc"
