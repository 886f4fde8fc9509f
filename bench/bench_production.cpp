// Card production throughput on loopback: a real madoguchi-central process and a workstation
// with a demo register. N card applications are taken and advanced to production_requested,
// pushed to central with a sync pass, produced with `madoguchi-central admin produce`, and
// pulled back and applied (delivered) with the next sync pass; each stage is timed.
//
//   bench_production --central PATH/madoguchi-central [--applications 2000]
//                    [--central-db postgresql://…]   (default: a SQLite file in a temporary folder)
#include "auth/OperatorService.h"
#include "demo/DemoSeeder.h"
#include "issuance/Issuance.h"
#include "sync/CentralClient.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>

using namespace madoguchi;

namespace {

double seconds(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

int fail(const QString& why)
{
    std::fprintf(stderr, "bench_production: %s\n", qPrintable(why));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QStringList args = app.arguments();
    auto arg = [&](const QString& name, const QString& fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const QString centralBin = arg(QStringLiteral("--central"), QString());
    const int n = arg(QStringLiteral("--applications"), QStringLiteral("2000")).toInt();
    if (centralBin.isEmpty() || n <= 0) {
        std::fprintf(stderr, "use: bench_production --central PATH/madoguchi-central "
                             "[--applications N] [--central-db URL]\n");
        return 2;
    }
    QTemporaryDir dir;
    qputenv("MADOGUCHI_KEY_DIR", dir.filePath(QStringLiteral("keys")).toLocal8Bit());
    const QString centralDb =
        arg(QStringLiteral("--central-db"), dir.filePath(QStringLiteral("central.sqlite3")));

    // Central and an enrolled workstation.
    QProcess central;
    central.setStandardErrorFile(QProcess::nullDevice()); // one log line per request
    central.start(centralBin, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("--db"), centralDb});
    if (!central.waitForStarted() || !central.waitForReadyRead(30000)) {
        return fail(QStringLiteral("central does not start"));
    }
    const QUrl url(QString::fromLatin1(central.readLine()).trimmed().section(u' ', 2, 2));
    auto runAdmin = [&](const QStringList& words) {
        QProcess p;
        p.start(centralBin,
                QStringList{QStringLiteral("--db"), centralDb, QStringLiteral("admin")} + words);
        p.waitForFinished(600000);
        return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput())};
    };
    const auto code = runAdmin(
        {QStringLiteral("enroll-code"), QStringLiteral("--terminal"), QStringLiteral("bench")});
    auto e = sync::CentralClient(url).enroll(code.second.trimmed(), QStringLiteral("bench"));
    if (!e) {
        return fail(e.errorMessage());
    }

    // The register: a demo municipality with a resident per application.
    auto db = Database::open(dir.filePath(QStringLiteral("register.sqlite3")));
    if (!db) {
        return fail(db.errorMessage());
    }
    DemoOptions options;
    options.residents = n + n / 5 + 10; // some demo residents have left the register
    if (auto s = DemoSeeder(*db).seed(options); !s) {
        return fail(s.errorMessage());
    }
    auto session =
        OperatorService(*db).authenticate(DemoSeeder::demoLogin(), DemoSeeder::demoPassword());
    if (!session) {
        return fail(session.errorMessage());
    }
    QStringList codes;
    {
        auto q = db->exec(QStringLiteral("SELECT resident_code FROM residents WHERE status = "
                                         "'current' ORDER BY id LIMIT ?"),
                          {n});
        while (q && q->next()) {
            codes << q->value(0).toString();
        }
    }
    if (codes.size() < n) {
        return fail(QStringLiteral("the demo register holds %1 residents").arg(codes.size()));
    }
    // The demo register's own state first, so that the push below carries the card requests.
    if (auto r = sync::SyncEngine(*db, *e).syncOnce(DemoSeeder::demoLogin()); !r) {
        return fail(r.errorMessage());
    }

    // 1. At the counter: apply and request production (outbox rows, offline-capable).
    issuance::IssuanceService cards(*db);
    QElapsedTimer t;
    t.start();
    for (const QString& c : std::as_const(codes)) {
        auto a = cards.apply(c, *session);
        if (!a) {
            return fail(a.errorMessage());
        }
        if (auto b = cards.advance(a->id, issuance::State::ProductionRequested, {}, *session); !b) {
            return fail(b.errorMessage());
        }
    }
    const double counter = seconds(t);

    // 2. Push: one sync pass (the card requests and the audit entries they made).
    t.restart();
    auto pushed = sync::SyncEngine(*db, *e).syncOnce(DemoSeeder::demoLogin());
    const double push = seconds(t);
    if (!pushed) {
        return fail(pushed.errorMessage());
    }

    // 3. Central produces them (a separate admin process, as an operator runs it).
    t.restart();
    const auto produced = runAdmin({QStringLiteral("produce")});
    const double produce = seconds(t);
    const int serials = int(produced.second.split(u'\n', Qt::SkipEmptyParts).size());
    if (produced.first != 0 || serials != n) {
        return fail(QStringLiteral("produce made %1 cards, not %2").arg(serials).arg(n));
    }

    // 4. Pull and apply the deliveries.
    t.restart();
    auto pulled = sync::SyncEngine(*db, *e).syncOnce(DemoSeeder::demoLogin());
    const double pull = seconds(t);
    if (!pulled) {
        return fail(pulled.errorMessage());
    }
    auto delivered = db->scalar(QStringLiteral("SELECT COUNT(*) FROM card_applications WHERE "
                                               "state = 'delivered' AND card_serial IS NOT NULL"));
    central.terminate();
    central.waitForFinished();
    if (!delivered || delivered->toInt() != n) {
        return fail(QStringLiteral("%1 of %2 applications delivered")
                        .arg(delivered ? delivered->toInt() : -1)
                        .arg(n));
    }

    const double total = counter + push + produce + pull;
    std::printf("central database: %s\n",
                centralDb.startsWith(QStringLiteral("postgresql:")) ? "PostgreSQL" : "SQLite");
    std::printf("applications: %d, all delivered with their card serial\n", n);
    std::printf("1. apply + production_requested (workstation, outbox): %6.2f s  %7.0f /s\n",
                counter, n / counter);
    std::printf("2. push (sync pass: %d changes applied, audit chain)  : %6.2f s  %7.0f /s\n",
                pushed->applied, push, n / push);
    std::printf("3. admin produce (process start included)           : %6.2f s  %7.0f /s\n",
                produce, n / produce);
    std::printf("4. pull + apply (sync pass: %d pulled, %d applied)   : %6.2f s  %7.0f /s\n",
                pulled->pulled, pulled->appliedHere, pull, n / pull);
    std::printf("through production (push + produce + pull)          : %6.2f s  %7.0f /s\n",
                push + produce + pull, n / (push + produce + pull));
    std::printf("end to end (all four)                               : %6.2f s  %7.0f /s\n", total,
                n / total);
    return 0;
}
