// Sync throughput on loopback: a real madoguchi-central process, a workstation with N changes
// in its outbox, pushed in signed batches end to end. Also measured, in the same run: signing
// and verifying one request alone (the cost of signatures), and the raw insert rate of the
// same rows into a database of the same engine (the ceiling).
//
//   bench_sync --central PATH/madoguchi-central [--changes 100000] [--batch 2000]
//              [--central-db postgresql://…]   (default: a SQLite file in a temporary folder)
#include "common/Clock.h"
#include "pki/Pki.h"
#include "sig/MessageSignature.h"
#include "storage/BatchInsert.h"
#include "storage/Migrations.h"
#include "storage/Transaction.h"
#include "sync/CentralClient.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace madoguchi;

namespace {
double pct(QList<double> v, double p)
{
    if (v.isEmpty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
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
    const int n = arg(QStringLiteral("--changes"), QStringLiteral("100000")).toInt();
    const int batch = arg(QStringLiteral("--batch"), QStringLiteral("2000")).toInt();
    QTemporaryDir dir;
    qputenv("MADOGUCHI_KEY_DIR", dir.filePath(QStringLiteral("keys")).toLocal8Bit());
    const QString centralDb =
        arg(QStringLiteral("--central-db"), dir.filePath(QStringLiteral("central.sqlite3")));
    if (centralBin.isEmpty()) {
        std::fprintf(stderr, "use: bench_sync --central PATH/madoguchi-central [--changes N]\n");
        return 2;
    }
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    QProcess central;
    central.setStandardErrorFile(QProcess::nullDevice()); // one log line per request
    central.start(centralBin, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                               QStringLiteral("--db"), centralDb});
    if (!central.waitForStarted() || !central.waitForReadyRead(30000)) {
        std::fprintf(stderr, "central does not start\n");
        return 1;
    }
    central.readLine();
    QProcess admin;
    admin.start(centralBin, {QStringLiteral("--db"), centralDb, QStringLiteral("admin"),
                             QStringLiteral("enroll-code"), QStringLiteral("--terminal"),
                             QStringLiteral("bench")});
    admin.waitForFinished();
    sync::CentralClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
    auto e = client.enroll(QString::fromLatin1(admin.readAllStandardOutput()).trimmed(),
                           QStringLiteral("bench"));
    if (!e) {
        std::fprintf(stderr, "%s\n", qPrintable(e.errorMessage()));
        return 1;
    }

    // The workstation's outbox.
    auto db = Database::open(dir.filePath(QStringLiteral("client.sqlite3")));
    if (!db || !Migrator::migrate(*db)) {
        return 1;
    }
    sync::Outbox outbox(*db);
    {
        Transaction tx(*db);
        for (int i = 0; i < n; ++i) {
            outbox
                .enqueue(QStringLiteral("resident.move"), QStringLiteral("resident:%1").arg(i), 0,
                         {{QStringLiteral("resident_code"), QString::number(10000000000LL + i)},
                          {QStringLiteral("kind"), QStringLiteral("relocation")}},
                         QStringLiteral("clerk"))
                .ok();
        }
        tx.commit().ok();
    }

    // End to end: signed batches, verified answers.
    QList<double> latencies;
    QElapsedTimer batchTimer;
    batchTimer.start();
    QElapsedTimer t;
    t.start();
    auto report = sync::SyncEngine(*db, *e, batch).syncOnce(QStringLiteral("clerk"), [&](int, int) {
        latencies << double(batchTimer.nsecsElapsed()) / 1e6;
        batchTimer.restart();
    });
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    if (!report) {
        std::fprintf(stderr, "%s\n", qPrintable(report.errorMessage()));
        return 1;
    }
    central.terminate();
    central.waitForFinished();

    // The cost of signatures alone: sign one push request, and verify it, many times.
    auto request = sync::CentralClient::buildSigned(
        *e, "POST", QStringLiteral("/v1/sync/push"), QByteArray(batch * 150, 'x'),
        QStringLiteral("clerk"), Clock::now().toSecsSinceEpoch(),
        QStringLiteral("0123456789abcdef"));
    auto pub = sig::loadKey(e->certificatePem);
    const int reps = 2000;
    QElapsedTimer st;
    st.start();
    for (int i = 0; i < reps; ++i) {
        sync::CentralClient::buildSigned(*e, "POST", QStringLiteral("/v1/sync/push"),
                                         QByteArray(batch * 150, 'x'), QStringLiteral("clerk"),
                                         Clock::now().toSecsSinceEpoch(),
                                         QStringLiteral("0123456789abcdef"))
            .ok();
    }
    const double signMs = double(st.nsecsElapsed()) / 1e6 / reps;
    sig::HttpMessage absolute = *request;
    absolute.target =
        (QStringLiteral("http://127.0.0.1:%1").arg(port) + QStringLiteral("/v1/sync/push"))
            .toLatin1();
    sig::VerifyOptions vo;
    vo.algorithm = sig::Algorithm::EcdsaP256Sha256;
    st.restart();
    int verified = 0;
    for (int i = 0; i < reps; ++i) {
        verified += sig::verifyMessage(absolute, *pub, vo).ok() ? 1 : 0;
    }
    const double verifyMs = double(st.nsecsElapsed()) / 1e6 / reps;

    // The ceiling: the same rows inserted straight into a fresh database of central's kind.
    auto raw = Database::open(dir.filePath(QStringLiteral("raw.sqlite3")));
    raw->run(QStringLiteral("CREATE TABLE changes (seq INTEGER PRIMARY KEY, change_id TEXT NOT "
                            "NULL UNIQUE, terminal_id INTEGER, operator TEXT, kind TEXT, "
                            "record_key TEXT, version INTEGER, payload TEXT, received_at TEXT)"))
        .ok();
    QElapsedTimer rt;
    rt.start();
    {
        Transaction tx(*raw);
        BatchInsert ins(*raw, QStringLiteral("changes"),
                        {QStringLiteral("change_id"), QStringLiteral("terminal_id"),
                         QStringLiteral("operator"), QStringLiteral("kind"),
                         QStringLiteral("record_key"), QStringLiteral("version"),
                         QStringLiteral("payload"), QStringLiteral("received_at")});
        const QString now = Clock::isoNow();
        for (int i = 0; i < n; ++i) {
            ins.add({QUuid::createUuid().toString(QUuid::WithoutBraces), 1, QStringLiteral("clerk"),
                     QStringLiteral("resident.move"), QStringLiteral("resident:%1").arg(i), 1,
                     QStringLiteral("{\"resident_code\":\"%1\",\"kind\":\"relocation\"}").arg(i),
                     now})
                .ok();
        }
        ins.flush().ok();
        tx.commit().ok();
    }
    const double rawSeconds = double(rt.nsecsElapsed()) / 1e9;

    std::printf("central database: %s\n",
                centralDb.startsWith(QStringLiteral("postgresql:")) ? "PostgreSQL" : "SQLite");
    std::printf("changes: %d in batches of %d (%lld requests)\n", n, batch,
                static_cast<long long>(latencies.size()));
    std::printf("end to end (signed, verified, applied once): %.1f s, %.0f changes/s\n", seconds,
                double(n) / seconds);
    std::printf("request latency per batch: p50 %.1f ms, p99 %.1f ms\n", pct(latencies, 0.5),
                pct(latencies, 0.99));
    std::printf("signing a %d-change request: %.3f ms; verifying it: %.3f ms (%.0f "
                "verifications/s, %d/%d verified)\n",
                batch, signMs, verifyMs, 1000.0 / verifyMs, verified, reps);
    std::printf("signatures' share of the end-to-end time: %.1f %% (so signing off would be "
                "%.2fx faster at most)\n",
                100.0 * (signMs + verifyMs) * double(latencies.size()) / (seconds * 1000.0),
                seconds / (seconds - (signMs + verifyMs) * double(latencies.size()) / 1000.0));
    std::printf("raw insert of the same rows (SQLite, one transaction): %.1f s, %.0f rows/s\n",
                rawSeconds, double(n) / rawSeconds);
    return 0;
}
