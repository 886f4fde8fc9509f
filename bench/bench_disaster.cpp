// The disaster ledger at the size of a large disaster: 50,000 evacuees across 200 shelters on
// one SQLite database (headquarters' copy). Measures:
//   1. registration at the door: registerPerson() with check-in, one transaction each, as the
//      form does it (the audit entry, the sealed contact fields and the outbox rows included);
//   2. the dashboard's refresh: shelters with their occupancy, counts by safety status, the
//      special-needs counts and the last 14 days of occupancy;
//   3. duplicate detection over the whole ledger (2% of the evacuees are registered twice, in
//      another spelling: 髙/高, half-width kana);
//   4. sync against a running madoguchi-central: headquarters' first push of the whole ledger,
//      a new shelter laptop taking the whole ledger, then a shelter's day of work offline (250
//      registrations, 100 status changes, 50 transfers) pushed after reconnecting and applied
//      at headquarters.
//
//   bench_disaster --central build/central/madoguchi-central [--persons 50000]
//                  [--shelters 200] [--day 250]
#include "CentralProcess.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "auth/PasswordHasher.h"
#include "disaster/Disaster.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace madoguchi;
using namespace madoguchi::disaster;

namespace {

int fail(const QString& what)
{
    std::fprintf(stderr, "bench_disaster: %s\n", qPrintable(what));
    return 1;
}

double pct(QList<double> v, double p)
{
    if (v.isEmpty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

struct Name
{
    QString kanji;
    QString katakana;
    QString sex;
};

QList<Name> loadNames(const QString& path, bool given)
{
    QList<Name> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return out;
    }
    QTextStream in(&f);
    in.readLine(); // header
    while (!in.atEnd()) {
        const QStringList c = in.readLine().split(u',');
        if (given && c.size() >= 4) {
            out.append({c[1], c[3], c[0]});
        } else if (!given && c.size() >= 3) {
            out.append({c[0], c[2], QString()});
        }
    }
    return out;
}

// Half-width katakana of a full-width one, as old systems type it (the bench's second
// spelling of a duplicate).
QString halfWidth(const QString& katakana)
{
    static const QString full =
        QStringLiteral("アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマ"
                       "ミムメモヤユヨラリルレロワヲンー");
    static const QString half = QStringLiteral("ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｰ");
    QString out;
    for (const QChar ch : katakana) {
        const qsizetype i = full.indexOf(ch);
        out += i >= 0 ? half.at(i) : ch;
    }
    return out;
}

struct Workstation
{
    Database db;
    Session bousai;
    sync::Enrollment enrollment;
};

std::optional<Workstation> workstation(const QString& dir, test::CentralProcess& central,
                                       const QString& name)
{
    QDir().mkpath(dir);
    QTemporaryDir* holder = new QTemporaryDir(dir + QStringLiteral("/ws-XXXXXX"));
    holder->setAutoRemove(false);
    auto db = test::registerDatabase(QStringLiteral("sqlite"), *holder);
    delete holder;
    auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
    if (!db || !staff) {
        return std::nullopt;
    }
    OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
    if (!ops.create({QStringLiteral("bousai"), QStringLiteral("防災 担当"), {Role::DisasterStaff}},
                    QStringLiteral("bousai-pass-1"), staff->admin)) {
        return std::nullopt;
    }
    auto bousai = ops.authenticate(QStringLiteral("bousai"), QStringLiteral("bousai-pass-1"));
    auto e = central.enroll(name);
    if (!bousai || !e || !sync::saveEnrollment(*db, *e)) {
        return std::nullopt;
    }
    return Workstation{*db, *bousai, *e};
}

// Sync passes until nothing is left to send or receive; returns seconds and the last report.
Result<double> syncUntilQuiet(Workstation& w, sync::SyncReport* total)
{
    QElapsedTimer t;
    t.start();
    for (;;) {
        auto r = sync::SyncEngine(w.db, w.enrollment).syncOnce(QStringLiteral("bousai"));
        if (!r) {
            return r.error();
        }
        total->applied += r->applied;
        total->pulled += r->pulled;
        total->appliedHere += r->appliedHere;
        total->failedHere += r->failedHere;
        if (r->pending == 0 && r->pulled == 0) {
            break;
        }
    }
    return t.nsecsElapsed() / 1e9;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions(
        {{QStringLiteral("central"), QStringLiteral("madoguchi-central"), QStringLiteral("path")},
         {QStringLiteral("persons"), QStringLiteral("evacuees"), QStringLiteral("n"),
          QStringLiteral("50000")},
         {QStringLiteral("shelters"), QStringLiteral("shelters"), QStringLiteral("n"),
          QStringLiteral("200")},
         {QStringLiteral("day"), QStringLiteral("a shelter's registrations in a day"),
          QStringLiteral("n"), QStringLiteral("250")}});
    p.process(app);
    const int persons = p.value(QStringLiteral("persons")).toInt();
    const int shelterCount = p.value(QStringLiteral("shelters")).toInt();
    const int day = p.value(QStringLiteral("day")).toInt();
    if (p.value(QStringLiteral("central")).isEmpty() || persons < 100 || shelterCount < 2) {
        return fail(QStringLiteral("use: bench_disaster --central PATH [--persons N] "
                                   "[--shelters N] [--day N]"));
    }
    test::initTestEnvironment();
    QTemporaryDir dir;
    qputenv("MADOGUCHI_KEY_DIR", dir.filePath(QStringLiteral("keys")).toUtf8());
    const auto families = loadNames(QStringLiteral(MADOGUCHI_DATA_DIR "/family_names.csv"), false);
    const auto givens = loadNames(QStringLiteral(MADOGUCHI_DATA_DIR "/given_names.csv"), true);
    if (families.isEmpty() || givens.isEmpty()) {
        return fail(QStringLiteral("the name lists are missing (" MADOGUCHI_DATA_DIR ")"));
    }
    QDir().mkpath(dir.filePath(QStringLiteral("central")));
    test::CentralProcess central(p.value(QStringLiteral("central")),
                                 dir.filePath(QStringLiteral("central")));
    if (!central.start()) {
        return fail(central.errorString());
    }
    if (!central.addOperator(QStringLiteral("bousai"), QStringLiteral("disaster_staff"),
                             QStringLiteral("bousai-pass-1"))) {
        return fail(central.errorString());
    }
    auto hq = workstation(dir.filePath(QStringLiteral("hq")), central, QStringLiteral("hq"));
    if (!hq) {
        return fail(QStringLiteral("headquarters' workstation"));
    }
    DisasterService ledger(hq->db);
    auto x = ledger.openDisaster(QStringLiteral("ベンチ地震"), QStringLiteral("earthquake"),
                                 QDate(2026, 11, 20), {QStringLiteral("142042")}, hq->bousai);
    if (!x) {
        return fail(x.errorMessage());
    }
    QList<qint64> shelters;
    for (int i = 0; i < shelterCount; ++i) {
        Shelter s;
        s.name = QStringLiteral("避難所%1").arg(i + 1);
        s.capacity = persons / shelterCount * 2 + 10;
        auto r = ledger.addShelter(s, hq->bousai);
        if (!r) {
            return fail(r.errorMessage());
        }
        shelters << r->id;
    }

    // 1. Registration, as at the door.
    QRandomGenerator rng(20261126);
    const QStringList needs = needKinds();
    const QStringList statuses = {QStringLiteral("safe"),    QStringLiteral("safe"),
                                  QStringLiteral("safe"),    QStringLiteral("injured"),
                                  QStringLiteral("missing"), QStringLiteral("unknown")};
    QList<double> perRegistration;
    perRegistration.reserve(persons);
    QList<Person> registered;
    QElapsedTimer all;
    all.start();
    int duplicates = 0;
    for (int i = 0; i < persons; ++i) {
        Person n;
        // 2% are someone registered earlier, again, in another spelling.
        if (i > 100 && rng.bounded(100) < 2) {
            n = registered.at(rng.bounded(int(registered.size())));
            n.id = 0;
            n.uid.clear();
            n.familyName.replace(u'高', u'髙');
            n.familyKana = halfWidth(n.familyKana);
            n.givenKana = halfWidth(n.givenKana);
            ++duplicates;
        } else {
            const Name& f = families.at(rng.bounded(int(families.size())));
            const Name& g = givens.at(rng.bounded(int(givens.size())));
            n.familyName = f.kanji;
            n.familyKana = f.katakana;
            n.givenName = g.kanji;
            n.givenKana = g.katakana;
            n.sex = g.sex;
            n.birthDate = QDate(1930, 1, 1).addDays(rng.bounded(33000));
            n.safety = statuses.at(rng.bounded(int(statuses.size())));
            if (rng.bounded(5) == 0) {
                n.needs = {needs.at(rng.bounded(int(needs.size())))};
            }
            n.phone = QStringLiteral("090-%1-%2")
                          .arg(rng.bounded(10000), 4, 10, QLatin1Char('0'))
                          .arg(rng.bounded(10000), 4, 10, QLatin1Char('0'));
            n.registeredAddress = QStringLiteral("鎌倉市腰越%1-%2").arg(rng.bounded(5) + 1).arg(i);
            n.consentEnquiry = true;
        }
        QElapsedTimer one;
        one.start();
        auto r = ledger.registerPerson(n, hq->bousai, shelters.at(i % shelterCount));
        perRegistration << one.nsecsElapsed() / 1e6;
        if (!r) {
            return fail(r.errorMessage());
        }
        if (registered.size() < 5000) {
            registered << *r;
        }
    }
    const double registrationSeconds = all.nsecsElapsed() / 1e9;
    std::printf("registration: %d evacuees into %d shelters in %.1f s: %.0f per second; one "
                "registration p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (%d registered twice)\n",
                persons, shelterCount, registrationSeconds, persons / registrationSeconds,
                pct(perRegistration, 0.5), pct(perRegistration, 0.95), pct(perRegistration, 0.99),
                duplicates);
    std::fflush(stdout);

    // 2. The dashboard.
    QList<double> refresh;
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer t;
        t.start();
        auto s = ledger.shelters();
        auto needsNow = ledger.needsCounts();
        auto counts = ledger.ledgerCounts();
        auto days = ledger.occupancyByDay(QDate(2026, 11, 13), QDate(2026, 11, 26));
        if (!s || !needsNow || !counts || !days) {
            return fail(QStringLiteral("dashboard"));
        }
        refresh << t.nsecsElapsed() / 1e6;
    }
    // The persons tab: the whole staff list, contact fields opened.
    QList<double> list;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer t;
        t.start();
        auto everyone = ledger.persons(Audience::Staff);
        if (!everyone) {
            return fail(everyone.errorMessage());
        }
        list << t.nsecsElapsed() / 1e6;
    }
    std::printf("dashboard refresh (%d shelters with occupancy, status and needs counts, 14 days "
                "of occupancy): median %.0f ms, max %.0f ms; the whole staff list (%d persons, "
                "contact fields opened): median %.0f ms\n",
                shelterCount, pct(refresh, 0.5), pct(refresh, 1.0), persons, pct(list, 0.5));

    // 3. Duplicates over the whole ledger.
    QList<double> detection;
    int found = 0;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer t;
        t.start();
        auto pairs = ledger.duplicateCandidates();
        detection << t.nsecsElapsed() / 1e6;
        if (!pairs) {
            return fail(pairs.errorMessage());
        }
        found = int(pairs->size());
    }
    std::printf("duplicate detection over %d persons: median %.0f ms, %d candidate pairs (%d "
                "planted)\n",
                persons, pct(detection, 0.5), found, duplicates);
    std::fflush(stdout);

    // 4. Sync. Headquarters sends the whole ledger; a new shelter laptop takes it.
    sync::SyncReport first;
    const int queued = sync::Outbox(hq->db).pendingCount().value();
    auto pushAll = syncUntilQuiet(*hq, &first);
    if (!pushAll) {
        return fail(pushAll.errorMessage());
    }
    std::printf("headquarters' first sync: %d records (persons, stays, shelters) in %.1f s: %.0f "
                "per second\n",
                queued, *pushAll, queued / *pushAll);
    auto laptop =
        workstation(dir.filePath(QStringLiteral("shelter")), central, QStringLiteral("shelter-1"));
    if (!laptop) {
        return fail(QStringLiteral("the shelter laptop"));
    }
    sync::SyncReport taken;
    auto takeAll = syncUntilQuiet(*laptop, &taken);
    if (!takeAll) {
        return fail(takeAll.errorMessage());
    }
    std::printf("a new shelter laptop takes the whole ledger: %d records applied in %.1f s (%d "
                "failed)\n",
                taken.appliedHere, *takeAll, taken.failedHere);
    std::fflush(stdout);

    // A day at one shelter, offline: registrations, status changes, transfers.
    DisasterService here(laptop->db);
    auto localShelters = here.shelters();
    if (!localShelters || localShelters->size() < 2) {
        return fail(QStringLiteral("the laptop has no shelters"));
    }
    const qint64 mine = localShelters->at(0).id;
    const qint64 other = localShelters->at(1).id;
    QList<qint64> today;
    QElapsedTimer work;
    work.start();
    for (int i = 0; i < day; ++i) {
        const Name& f = families.at(rng.bounded(int(families.size())));
        const Name& g = givens.at(rng.bounded(int(givens.size())));
        Person n;
        n.familyName = f.kanji;
        n.familyKana = f.katakana;
        n.givenName = g.kanji;
        n.givenKana = g.katakana;
        n.birthDate = QDate(1950, 1, 1).addDays(rng.bounded(20000));
        n.phone = QStringLiteral("080-0000-%1").arg(i, 4, 10, QLatin1Char('0'));
        auto r = here.registerPerson(n, laptop->bousai, mine);
        if (!r) {
            return fail(r.errorMessage());
        }
        today << r->id;
    }
    for (int i = 0; i < 100 && i < today.size(); ++i) {
        if (!here.setSafety(today.at(i), QStringLiteral("injured"), laptop->bousai)) {
            return fail(QStringLiteral("status"));
        }
    }
    for (int i = 0; i < 50 && 100 + i < today.size(); ++i) {
        if (!here.transfer(today.at(100 + i), other, laptop->bousai)) {
            return fail(QStringLiteral("transfer"));
        }
    }
    const double workSeconds = work.nsecsElapsed() / 1e9;
    const int dayChanges = sync::Outbox(laptop->db).pendingCount().value();
    sync::SyncReport pushed;
    auto push = syncUntilQuiet(*laptop, &pushed);
    if (!push) {
        return fail(push.errorMessage());
    }
    sync::SyncReport arrived;
    auto pull = syncUntilQuiet(*hq, &arrived);
    if (!pull) {
        return fail(pull.errorMessage());
    }
    std::printf("a shelter's day offline (%d registrations, 100 status changes, 50 transfers; "
                "%.1f s of clerk operations): %d changes pushed after reconnecting in %.2f s, "
                "applied at headquarters in %.2f s (%d applied, %d failed)\n",
                day, workSeconds, dayChanges, *push, *pull, arrived.appliedHere,
                arrived.failedHere);
    return 0;
}
