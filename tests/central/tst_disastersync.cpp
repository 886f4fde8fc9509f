// The disaster ledger across workstations, against a running central: headquarters opens the
// disaster and its shelters; two shelter laptops register evacuees while central is down, sync
// when it is back, and every workstation ends with the same ledger (counts match on all sides);
// the same person registered in both shelters is found as a duplicate, merged at headquarters,
// and the merge reaches the shelters with nothing lost; edits of one person made in two places
// are merged field by field; a transfer between shelters travels; the DV flag travels and keeps
// the person out of enquiries everywhere; a shelter with no network at all carries its outbox
// on a transport file that central imports once however often it is imported, that a changed
// byte or another terminal's name makes central refuse, and that a later online sync does not
// apply twice.
#include "CentralProcess.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "auth/PasswordHasher.h"
#include "disaster/Disaster.h"
#include "disaster/LedgerSync.h"
#include "sync/CentralClient.h"
#include "sync/Inbox.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"
#include "sync/TransportFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::disaster;

namespace {

struct Workstation
{
    QString name;
    Database db;
    Session bousai;
    sync::Enrollment enrollment;
};

int count(const Database& db, const QString& sql)
{
    auto v = db.scalar(sql);
    return v ? v->toInt() : -1;
}

} // namespace

class TestDisasterSync : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<test::CentralProcess> m_central;
    std::optional<Workstation> m_hq;
    std::optional<Workstation> m_a;
    std::optional<Workstation> m_b;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    std::optional<Workstation> workstation(const QString& name)
    {
        auto* dir = new QTemporaryDir(path(QStringLiteral("ws-XXXXXX")));
        dir->setAutoRemove(false);
        auto db = test::registerDatabase(QStringLiteral("sqlite"), *dir);
        delete dir;
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            return std::nullopt;
        }
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        if (!ops.create(
                {QStringLiteral("bousai"), QStringLiteral("防災 担当"), {Role::DisasterStaff}},
                QStringLiteral("bousai-pass-1"), staff->admin)) {
            return std::nullopt;
        }
        auto bousai = ops.authenticate(QStringLiteral("bousai"), QStringLiteral("bousai-pass-1"));
        auto e = m_central->enroll(name);
        if (!bousai || !e || !sync::saveEnrollment(*db, *e)) {
            return std::nullopt;
        }
        return Workstation{name, *db, *bousai, *e};
    }

    // One sync pass of `w` against wherever central listens now.
    static void syncOnce(Workstation& w, const QUrl& central)
    {
        w.enrollment.central = central;
        auto r = sync::SyncEngine(w.db, w.enrollment).syncOnce(QStringLiteral("bousai"));
        QVERIFY2(r.ok(), qPrintable(w.name + u' ' + r.errorMessage()));
        QCOMPARE(r->conflicts, 0);
        QCOMPARE(r->failedHere, 0);
    }

    void syncAll()
    {
        // Twice round: what one workstation pushes in the first round reaches the others in
        // the second.
        for (int round = 0; round < 2; ++round) {
            for (std::optional<Workstation>* w : {&m_hq, &m_a, &m_b}) {
                syncOnce(**w, m_central->url());
            }
        }
    }

    static Person person(const QString& family, const QString& given, const QString& familyKana,
                         const QString& givenKana, const QDate& birth)
    {
        Person p;
        p.familyName = family;
        p.givenName = given;
        p.familyKana = familyKana;
        p.givenKana = givenKana;
        p.birthDate = birth;
        p.safety = QStringLiteral("safe");
        p.consentEnquiry = true;
        return p;
    }

    static Shelter shelterNamed(Workstation& w, const QString& name)
    {
        auto list = DisasterService(w.db).shelters();
        for (const Shelter& s : list.value()) {
            if (s.name == name) {
                return s;
            }
        }
        return {};
    }

    static std::optional<Person> personByUid(Workstation& w, const QString& uid)
    {
        const auto persons = DisasterService(w.db).persons(Audience::Staff);
        for (const Person& p : persons.value()) {
            if (p.uid == uid) {
                return p;
            }
        }
        return std::nullopt;
    }

    // What each workstation's ledger holds: persons (merged ones too), stays, open stays per
    // shelter name.
    static QString ledgerSummary(Workstation& w)
    {
        QStringList rows;
        auto q = w.db.exec(QStringLiteral(
            "SELECT p.uid, p.family_name, p.safety, COALESCE(m.uid, ''), p.dv, "
            "(SELECT COUNT(*) FROM disaster_stays s WHERE s.person_id = p.id), "
            "COALESCE((SELECT h.name FROM disaster_stays s JOIN shelters h ON h.id = s.shelter_id "
            "WHERE s.person_id = p.id AND s.checked_out_at IS NULL), '') FROM ledger_persons p "
            "LEFT JOIN ledger_persons m ON m.id = p.merged_into ORDER BY p.uid"));
        while (q && q->next()) {
            QStringList cols;
            for (int i = 0; i < 7; ++i) {
                cols << q->value(i).toString();
            }
            rows << cols.join(u'|');
        }
        return rows.join(u'\n');
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", path(QStringLiteral("keys")).toUtf8());
        QVERIFY(QDir().mkpath(path(QStringLiteral("central"))));
        m_central = std::make_unique<test::CentralProcess>(QStringLiteral(MADOGUCHI_CENTRAL),
                                                           path(QStringLiteral("central")));
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        QVERIFY2(m_central->addOperator(QStringLiteral("bousai"), QStringLiteral("disaster_staff"),
                                        QStringLiteral("bousai-pass-1")),
                 qPrintable(m_central->errorString()));
        m_hq = workstation(QStringLiteral("hq"));
        m_a = workstation(QStringLiteral("shelter-a"));
        m_b = workstation(QStringLiteral("shelter-b"));
        QVERIFY(m_hq && m_a && m_b);
    }

    // Headquarters opens the disaster and the shelters; the laptops take them before going out.
    void headquartersPreparesTheShelters()
    {
        DisasterService hq(m_hq->db);
        auto x = hq.openDisaster(QStringLiteral("鎌倉市豪雨"), QStringLiteral("flood"),
                                 QDate(2026, 11, 20), {QStringLiteral("142042")}, m_hq->bousai);
        QVERIFY2(x.ok(), qPrintable(x.errorMessage()));
        for (const QString& name :
             {QStringLiteral("腰越中学校"), QStringLiteral("七里ガ浜小学校")}) {
            Shelter s;
            s.name = name;
            s.capacity = 100;
            QVERIFY(hq.addShelter(s, m_hq->bousai).ok());
        }
        syncAll();
        for (std::optional<Workstation>* w : {&m_a, &m_b}) {
            DisasterService s((*w)->db);
            auto current = s.current();
            QVERIFY2(current.ok(), qPrintable(current.errorMessage()));
            QCOMPARE(current->code, x->code);
            QCOMPARE(current->name, QStringLiteral("鎌倉市豪雨"));
            QCOMPARE(s.shelters()->size(), 2);
        }
    }

    // Central is down for the day: both shelters register, check in and transfer offline; one
    // woman registers in both (different spellings); all of it arrives once central is back.
    void offlineSheltersSyncAndAllSidesMatch()
    {
        m_central->stop();
        DisasterService a(m_a->db);
        DisasterService b(m_b->db);
        const Shelter koshigoeA = shelterNamed(*m_a, QStringLiteral("腰越中学校"));
        const Shelter shichiriB = shelterNamed(*m_b, QStringLiteral("七里ガ浜小学校"));
        QVERIFY(koshigoeA.id != 0 && shichiriB.id != 0);

        Person hanako =
            person(QStringLiteral("高橋"), QStringLiteral("花子"), QStringLiteral("タカハシ"),
                   QStringLiteral("ハナコ"), QDate(1975, 3, 1));
        hanako.phone = QStringLiteral("090-1111-2222");
        hanako.registeredAddress = QStringLiteral("鎌倉市腰越1-2-3");
        QVERIFY(a.registerPerson(hanako, m_a->bousai, koshigoeA.id).ok());
        QVERIFY(a.registerPerson(person(QStringLiteral("鈴木"), QStringLiteral("一郎"),
                                        QStringLiteral("スズキ"), QStringLiteral("イチロウ"),
                                        QDate(1940, 1, 5)),
                                 m_a->bousai, koshigoeA.id)
                    .ok());
        Person protectedPerson =
            person(QStringLiteral("佐藤"), QStringLiteral("美咲"), QStringLiteral("サトウ"),
                   QStringLiteral("ミサキ"), QDate(1990, 6, 6));
        protectedPerson.dv = true;
        QVERIFY(a.registerPerson(protectedPerson, m_a->bousai, koshigoeA.id).ok());

        // The same woman at the other shelter: 髙橋, half-width kana, with an allergy.
        Person again = person(QStringLiteral("髙橋"), QStringLiteral("花子"),
                              QStringLiteral("ﾀｶﾊｼ"), QStringLiteral("ﾊﾅｺ"), QDate(1975, 3, 1));
        again.allergies = QStringLiteral("卵");
        QVERIFY(b.registerPerson(again, m_b->bousai, shichiriB.id).ok());
        auto moved = b.registerPerson(person(QStringLiteral("田中"), QStringLiteral("健"),
                                             QStringLiteral("タナカ"), QStringLiteral("ケン"),
                                             QDate(2001, 2, 2)),
                                      m_b->bousai, shichiriB.id);
        QVERIFY(moved.ok());
        const Shelter koshigoeB = shelterNamed(*m_b, QStringLiteral("腰越中学校"));
        QVERIFY(b.transfer(moved->id, koshigoeB.id, m_b->bousai).ok());

        // Offline: a sync fails and keeps everything.
        auto offline =
            sync::SyncEngine(m_a->db, m_a->enrollment).syncOnce(QStringLiteral("bousai"));
        QVERIFY(!offline.ok());
        QCOMPARE(sync::Outbox(m_a->db).pendingCount().value(), 6); // 3 persons, 3 stays
        // What waits in the outbox for days is not readable without the installation key.
        QCOMPARE(count(m_a->db, QStringLiteral("SELECT COUNT(*) FROM outbox WHERE payload LIKE "
                                               "'%090-1111%' OR payload LIKE '%タカハシ%'")),
                 0);
        QCOMPARE(sync::Outbox(m_a->db)
                     .pending(10)
                     ->first()
                     .payload.value(QStringLiteral("entity"))
                     .toString(),
                 QStringLiteral("person"));

        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        syncAll();
        const QString hq = ledgerSummary(*m_hq);
        QCOMPARE(ledgerSummary(*m_a), hq);
        QCOMPARE(ledgerSummary(*m_b), hq);
        QCOMPARE(count(m_hq->db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons")), 5);
        QCOMPARE(count(m_hq->db, QStringLiteral("SELECT COUNT(*) FROM disaster_stays")), 6);
        for (std::optional<Workstation>* w : {&m_hq, &m_a, &m_b}) {
            DisasterService s((*w)->db);
            QCOMPARE(s.shelter(shelterNamed(**w, QStringLiteral("腰越中学校")).id)->occupancy, 4);
            QCOMPARE(s.shelter(shelterNamed(**w, QStringLiteral("七里ガ浜小学校")).id)->occupancy,
                     1);
            QCOMPARE(sync::Outbox((*w)->db).pendingCount().value(), 0);
            // The contact fields arrived, and are sealed at rest there too.
            const Person h =
                s.searchForEnquiry(QStringLiteral("タカハシ ハナコ"), (*w)->bousai)->value(0);
            QVERIFY(!h.uid.isEmpty());
            QVERIFY(h.phone == QStringLiteral("090-1111-2222") ||
                    h.allergies == QStringLiteral("卵"));
            QCOMPARE(count((*w)->db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons WHERE "
                                                    "sealed IS NOT NULL")),
                     2);
            // The DV flag travelled: nobody finds her, on any workstation.
            QVERIFY(s.searchForEnquiry(QStringLiteral("サトウ ミサキ"), (*w)->bousai)->isEmpty());
            QCOMPARE(s.exportRecords(Audience::Outward, (*w)->bousai)->size(), 0);
        }
    }

    // Headquarters finds the woman registered twice, merges her; the shelters learn it.
    void duplicateMergedAtHeadquartersReachesTheShelters()
    {
        DisasterService hq(m_hq->db);
        auto pairs = hq.duplicateCandidates();
        QVERIFY2(pairs.ok(), qPrintable(pairs.errorMessage()));
        QCOMPARE(pairs->size(), 1);
        const DuplicatePair pair = pairs->first();
        QCOMPARE(pair.a.birthDate, QDate(1975, 3, 1));
        auto kept = hq.merge(pair.a.id, pair.b.id, m_hq->bousai);
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(kept->phone, QStringLiteral("090-1111-2222"));
        QCOMPARE(kept->allergies, QStringLiteral("卵"));
        syncAll();
        const QString summary = ledgerSummary(*m_hq);
        QCOMPARE(ledgerSummary(*m_a), summary);
        QCOMPARE(ledgerSummary(*m_b), summary);
        for (std::optional<Workstation>* w : {&m_hq, &m_a, &m_b}) {
            DisasterService s((*w)->db);
            QCOMPARE(s.persons(Audience::Staff)->size(), 4); // the merged record is left out
            QCOMPARE(count((*w)->db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons")), 5);
            QCOMPARE(count((*w)->db, QStringLiteral("SELECT COUNT(*) FROM disaster_stays")), 6);
            QVERIFY(s.duplicateCandidates()->isEmpty());
            auto p = personByUid(**w, pair.a.uid);
            QVERIFY(p);
            QCOMPARE(p->allergies, QStringLiteral("卵"));
            QCOMPARE(p->phone, QStringLiteral("090-1111-2222"));
            // One place for her now: the kept record's shelter; the other stay was closed.
            QCOMPARE(s.shelter(shelterNamed(**w, QStringLiteral("七里ガ浜小学校")).id)->occupancy,
                     0);
        }
        // Shelter B undoes it (it was two sisters after all); every workstation follows.
        DisasterService b(m_b->db);
        auto dropB = personByUid(*m_b, pair.b.uid);
        QVERIFY(!dropB); // merged records are not listed
        auto dropId = m_b->db.scalar(QStringLiteral("SELECT id FROM ledger_persons WHERE uid = ?"),
                                     {pair.b.uid});
        QVERIFY(dropId.ok() && dropId->isValid());
        QVERIFY(b.unmerge(dropId->toLongLong(), m_b->bousai).ok());
        syncAll();
        for (std::optional<Workstation>* w : {&m_hq, &m_a, &m_b}) {
            DisasterService s((*w)->db);
            QCOMPARE(s.persons(Audience::Staff)->size(), 5);
            QCOMPARE(s.shelter(shelterNamed(**w, QStringLiteral("七里ガ浜小学校")).id)->occupancy,
                     1);
            QCOMPARE(personByUid(**w, pair.a.uid)->allergies, QString());
        }
        QCOMPARE(ledgerSummary(*m_a), ledgerSummary(*m_hq));
        QCOMPARE(ledgerSummary(*m_b), ledgerSummary(*m_hq));
    }

    // The same person changed in two places before either syncs: both changes are kept.
    void editsInTwoPlacesMergeFieldByField()
    {
        const QString uid = DisasterService(m_a->db)
                                .searchForEnquiry(QStringLiteral("スズキ"), m_a->bousai)
                                ->value(0)
                                .uid;
        QVERIFY(!uid.isEmpty());
        auto atA = personByUid(*m_a, uid);
        auto atB = personByUid(*m_b, uid);
        QVERIFY(atA && atB);
        QVERIFY(DisasterService(m_a->db)
                    .setSafety(atA->id, QStringLiteral("injured"), m_a->bousai)
                    .ok());
        atB->phone = QStringLiteral("0467-00-1234");
        atB->needs = {QStringLiteral("elderly")};
        QVERIFY(DisasterService(m_b->db).updatePerson(*atB, m_b->bousai).ok());
        syncAll();
        for (std::optional<Workstation>* w : {&m_hq, &m_a, &m_b}) {
            auto p = personByUid(**w, uid);
            QVERIFY(p);
            QCOMPARE(p->safety, QStringLiteral("injured"));
            QCOMPARE(p->phone, QStringLiteral("0467-00-1234"));
            QCOMPARE(p->needs, QStringList{QStringLiteral("elderly")});
        }
        // Applying everything again changes nothing.
        const QString before = ledgerSummary(*m_hq);
        QVERIFY(m_hq->db
                    .run(QStringLiteral("UPDATE sync_received SET state = 'stored' WHERE kind "
                                        "LIKE 'disaster.%'"))
                    .ok());
        QVERIFY(sync::Inbox(m_hq->db).applyPending().ok());
        QCOMPARE(ledgerSummary(*m_hq), before);
    }

    // A shelter with no network at all: its outbox travels on a USB stick.
    void transportFileImportedOnce()
    {
        auto c = workstation(QStringLiteral("shelter-c"));
        QVERIFY(c);
        syncOnce(*c, m_central->url()); // takes the disaster before going out
        DisasterService s(c->db);
        const Shelter koshigoe = shelterNamed(*c, QStringLiteral("腰越中学校"));
        for (const auto& [family, kana] :
             {std::pair{QStringLiteral("山本"), QStringLiteral("ヤマモト")},
              std::pair{QStringLiteral("中村"), QStringLiteral("ナカムラ")}}) {
            QVERIFY(s.registerPerson(person(family, QStringLiteral("太郎"), kana,
                                            QStringLiteral("タロウ"), QDate(1980, 5, 5)),
                                     c->bousai, koshigoe.id)
                        .ok());
        }
        const int pending = sync::Outbox(c->db).pendingCount().value();
        QCOMPARE(pending, 4); // two persons and their stays
        const QString file = path(QStringLiteral("shelter-c.madoguchi-transport"));
        auto header = sync::writeTransportFile(c->db, c->enrollment, file);
        QVERIFY2(header.ok(), qPrintable(header.errorMessage()));
        QCOMPARE(header->changes, pending);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        f.close();
        QVERIFY(!bytes.contains(QStringLiteral("山本").toUtf8()));

        auto import = [&](const QString& p) {
            return m_central->run({QStringLiteral("admin"), QStringLiteral("import"), p});
        };
        test::ProcessRun r = import(file);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("terminal")).toString(), QStringLiteral("shelter-c"));
        QCOMPARE(o.value(QStringLiteral("applied")).toInt(), pending);
        r = import(file);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("applied")).toInt(), 0);
        QCOMPARE(o.value(QStringLiteral("duplicates")).toInt(), pending);
        QVERIFY(o.contains(QStringLiteral("imported_before")));

        // A changed byte in the ciphertext, or the header naming another terminal: refused.
        QJsonObject doc = QJsonDocument::fromJson(bytes).object();
        QByteArray ct =
            QByteArray::fromBase64(doc.value(QStringLiteral("ciphertext")).toString().toLatin1());
        ct[5] = char(ct[5] ^ 0x01);
        QJsonObject tampered = doc;
        tampered.insert(QStringLiteral("ciphertext"), QString::fromLatin1(ct.toBase64()));
        auto write = [&](const QString& name, const QJsonObject& o2) {
            QFile out(path(name));
            out.open(QIODevice::WriteOnly);
            out.write(QJsonDocument(o2).toJson());
            return path(name);
        };
        r = import(write(QStringLiteral("tampered"), tampered));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("transport.signature")), qPrintable(r.err));
        QJsonObject renamed = doc;
        QJsonObject h = doc.value(QStringLiteral("header")).toObject();
        h.insert(QStringLiteral("terminal"), QStringLiteral("shelter-a"));
        renamed.insert(QStringLiteral("header"), h);
        r = import(write(QStringLiteral("renamed"), renamed));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("transport.")), qPrintable(r.err));
        r = import(write(QStringLiteral("garbage"), QJsonObject{{QStringLiteral("format"), 1}}));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("transport.invalid")), qPrintable(r.err));

        // Headquarters has them; the shelter's own later sync applies nothing twice.
        syncOnce(*m_hq, m_central->url());
        QCOMPARE(count(m_hq->db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons WHERE "
                                                "family_name IN ('山本', '中村')")),
                 2);
        c->enrollment.central = m_central->url();
        auto report = sync::SyncEngine(c->db, c->enrollment).syncOnce(QStringLiteral("bousai"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->applied, 0);
        QCOMPARE(report->duplicates, pending);
        QCOMPARE(sync::Outbox(c->db).pendingCount().value(), 0);
        syncAll();
        QCOMPARE(count(m_a->db, QStringLiteral("SELECT COUNT(*) FROM ledger_persons WHERE "
                                               "family_name IN ('山本', '中村')")),
                 2);
        QCOMPARE(ledgerSummary(*c), ledgerSummary(*m_hq));
    }

    void cleanupTestCase() { m_central.reset(); }
};

QTEST_GUILESS_MAIN(TestDisasterSync)
#include "tst_disastersync.moc"
