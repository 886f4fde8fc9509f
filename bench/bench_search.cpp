// The register's search at city scale. Seeds N residents (default 1,000,000; argument --residents
// or MADOGUCHI_BENCH_RESIDENTS) into a SQLite file (or the PostgreSQL database named by
// MADOGUCHI_BENCH_PG_URL), then runs one mixed set of 1,000 queries — one- and two-kanji names,
// kana substrings, romaji, variant spellings, dates of birth — through SearchService and, side by
// side, as a plain LIKE '%q%' scan over the same table. Prints seeding time, p50/p95/max per query
// for both, and the ratio.
#include "auth/OperatorService.h"
#include "demo/DemoSeeder.h"
#include "registry/RegistryService.h"
#include "registry/SearchService.h"
#include "storage/Migrations.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace madoguchi;

namespace {
struct Stats
{
    double p50 = 0, p95 = 0, max = 0, mean = 0;
};

Stats stats(QList<double> ms)
{
    std::sort(ms.begin(), ms.end());
    Stats s;
    if (ms.isEmpty()) {
        return s;
    }
    s.p50 = ms.at(ms.size() / 2);
    s.p95 = ms.at(std::min<qsizetype>(ms.size() - 1, qsizetype(ms.size() * 0.95)));
    s.max = ms.last();
    double sum = 0;
    for (double v : ms) {
        sum += v;
    }
    s.mean = sum / double(ms.size());
    return s;
}

void print(const char* what, const Stats& s)
{
    std::printf("%-28s p50 %8.2f ms   p95 %8.2f ms   max %8.2f ms   mean %8.2f ms\n", what, s.p50,
                s.p95, s.max, s.mean);
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    int residents = qEnvironmentVariableIntValue("MADOGUCHI_BENCH_RESIDENTS");
    const QStringList args = app.arguments();
    if (const qsizetype i = args.indexOf(QStringLiteral("--residents"));
        i >= 0 && i + 1 < args.size()) {
        residents = args.at(i + 1).toInt();
    }
    if (residents <= 0) {
        residents = 1000000;
    }
    QTemporaryDir dir;
    qputenv("MADOGUCHI_KEY_DIR", dir.filePath(QStringLiteral("keys")).toUtf8());
    const QString pg = qEnvironmentVariable("MADOGUCHI_BENCH_PG_URL");
    // --db FILE keeps the seeded register (for bench_gui_open), with its key next to it.
    QString file = dir.filePath(QStringLiteral("bench.sqlite3"));
    if (const qsizetype i = args.indexOf(QStringLiteral("--db")); i >= 0 && i + 1 < args.size()) {
        file = args.at(i + 1);
        qputenv("MADOGUCHI_KEY_DIR", (file + QStringLiteral(".keys")).toUtf8());
    }
    auto db = Database::open(pg.isEmpty() ? file : pg);
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.errorMessage()));
        return 1;
    }
    std::printf("engine: %s, residents: %d\n", pg.isEmpty() ? "SQLite" : "PostgreSQL", residents);

    QElapsedTimer t;
    t.start();
    auto existing = db->scalar(QStringLiteral("SELECT COUNT(*) FROM residents"));
    if (existing && existing->toLongLong() > 0) {
        std::printf("using the register already in the database: %lld residents\n",
                    existing->toLongLong());
    } else {
        DemoOptions o;
        o.residents = residents;
        o.seed = 7;
        auto seeded = DemoSeeder(*db).seed(o);
        if (!seeded) {
            std::fprintf(stderr, "%s\n", qPrintable(seeded.errorMessage()));
            return 1;
        }
        const double seedSeconds = double(t.elapsed()) / 1000.0;
        std::printf("seeding %d residents (reference data, households, moves, keys, encrypted My "
                    "Numbers): %.1f s\n",
                    seeded->residents, seedSeconds);
        db->run(QStringLiteral("ANALYZE")).ok();
    }

    // The query mix, drawn from the seeded register itself.
    QStringList queries;
    auto sample = [&](const QString& sql, int n) {
        auto q = db->exec(sql + QStringLiteral(" LIMIT %1").arg(n));
        QStringList out;
        while (q && q->next()) {
            out << q->value(0).toString();
        }
        return out;
    };
    const QString randomRows =
        pg.isEmpty() ? QStringLiteral(" ORDER BY random()") : QStringLiteral(" ORDER BY random()");
    const QStringList families = sample(
        QStringLiteral("SELECT family_name FROM residents WHERE is_foreign = 0") + randomRows, 250);
    const QStringList kana = sample(
        QStringLiteral("SELECT family_kana || given_kana FROM residents WHERE is_foreign = 0") +
            randomRows,
        250);
    const QStringList births =
        sample(QStringLiteral("SELECT birth_date FROM residents") + randomRows, 150);
    for (const QString& f : families.mid(0, 100)) {
        queries << f.left(1); // one kanji
    }
    for (const QString& f : families.mid(100, 150)) {
        queries << f; // the family name (mostly two kanji)
    }
    for (const QString& k : kana.mid(0, 150)) {
        queries << k.mid(std::max<qsizetype>(0, k.size() / 2 - 1), 3); // a kana substring
    }
    static const char* romaji[] = {"saitou",    "takahashi", "watanabe",  "suzuki",  "yamazaki",
                                   "satou",     "itou",      "kobayashi", "yoshida", "shimizu",
                                   "hayashi",   "nakamura",  "yamamoto",  "inoue",   "kimura",
                                   "matsumoto", "tanaka",    "ogawa",     "maeda",   "fujita"};
    for (int i = 0; i < 150; ++i) {
        queries << QString::fromLatin1(romaji[i % 20]);
    }
    static const char16_t* variants[] = {u"髙橋", u"齋藤", u"斉藤", u"渡邊", u"渡邉",
                                         u"山﨑", u"濱田", u"廣瀬", u"澤田", u"𠮷田"};
    for (int i = 0; i < 100; ++i) {
        queries << QString::fromUtf16(variants[i % 10]);
    }
    for (int i = 0; i < 150 && i < births.size(); ++i) {
        const QDate d = QDate::fromString(births.at(i), Qt::ISODate);
        queries << (i % 2 ? text::Wareki::format(d) : text::Wareki::formatShort(d));
    }
    while (queries.size() < 1000 && !families.isEmpty()) {
        queries << families.at(queries.size() % families.size());
    }

    OperatorService ops(*db);
    auto session = ops.authenticate(DemoSeeder::demoLogin(), DemoSeeder::demoPassword());
    if (!session) {
        std::fprintf(stderr, "%s\n", qPrintable(session.errorMessage()));
        return 1;
    }
    RegistryService registry(*db);
    SearchService search(*db, &registry);
    QList<double> ours, scan;
    qint64 ourHits = 0, scanHits = 0;
    for (const QString& q : std::as_const(queries)) {
        QElapsedTimer one;
        one.start();
        auto r = search.search({q, 50, 0, true}, *session);
        ours << double(one.nsecsElapsed()) / 1e6;
        if (r) {
            ourHits += r->hits.size();
        }
    }
    // The scan is slow by nature: MADOGUCHI_BENCH_SCAN_EVERY=N runs it for every N-th query only.
    const int every = std::max(1, qEnvironmentVariableIntValue("MADOGUCHI_BENCH_SCAN_EVERY"));
    for (qsizetype qi = 0; qi < queries.size(); qi += every) {
        const QString& q = queries.at(qi);
        // The plain alternative: scan the names, readings and dates as stored.
        QElapsedTimer one;
        one.start();
        auto r = db->exec(
            QStringLiteral("SELECT id FROM residents WHERE family_name || given_name LIKE ? "
                           "OR family_kana || given_kana LIKE ? OR birth_date LIKE ? LIMIT 50"),
            {u'%' + q + u'%', u'%' + q + u'%', u'%' + q + u'%'});
        int n = 0;
        while (r && r->next()) {
            ++n;
        }
        scan << double(one.nsecsElapsed()) / 1e6;
        scanHits += n;
    }
    const Stats a = stats(ours), b = stats(scan);
    std::printf("queries: %lld (one-kanji 100, family names 150, kana substrings 150, romaji 150, "
                "variants 100, "
                "dates 150, more names %lld)\n",
                qlonglong(queries.size()), qlonglong(queries.size() - 800));
    print("SearchService", a);
    const struct
    {
        const char* name;
        qsizetype from, to;
    } groups[] = {{"  one kanji", 0, 100},           {"  family names", 100, 250},
                  {"  kana substrings", 250, 400},   {"  romaji", 400, 550},
                  {"  variant spellings", 550, 650}, {"  dates of birth", 650, 800},
                  {"  more family names", 800, 1000}};
    for (const auto& g : groups) {
        if (g.to <= ours.size()) {
            print(g.name, stats(ours.mid(g.from, g.to - g.from)));
        }
    }
    print("LIKE '%q%' scan (LIMIT 50)", b);
    std::printf("(the scan ran %lld of the queries)\n", qlonglong(scan.size()));
    std::printf("hits returned: ours %lld, scan %lld (the scan finds no variant, kana-folded or "
                "romaji match)\n",
                ourHits, scanHits);
    std::printf("speed-up: p50 %.0fx, p95 %.0fx, mean %.0fx\n", b.p50 / std::max(a.p50, 1e-3),
                b.p95 / std::max(a.p95, 1e-3), b.mean / std::max(a.mean, 1e-3));
    return 0;
}
