// How long the GUI takes to open a large register to a usable search box: open the database
// (migrations checked, reference data present), build the main window with the search page,
// show it, and answer a first search. Sign-in (the operator typing a password, one scrypt hash)
// is timed separately. Usage: bench_gui_open --db FILE (a register seeded by
// `bench_search --residents 1000000 --db FILE`).
#include "AppContext.h"
#include "MainWindow.h"
#include "auth/OperatorService.h"
#include "demo/DemoSeeder.h"
#include "refdata/ReferenceData.h"
#include "storage/Migrations.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <cstdio>

using namespace madoguchi;

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QElapsedTimer total;
    total.start();
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qsizetype i = args.indexOf(QStringLiteral("--db"));
    if (i < 0 || i + 1 >= args.size()) {
        std::fprintf(stderr, "usage: bench_gui_open --db FILE\n");
        return 2;
    }
    const QString file = args.at(i + 1);
    qputenv("MADOGUCHI_KEY_DIR", (file + QStringLiteral(".keys")).toUtf8());
    auto db = Database::open(file);
    if (!db || !Migrator::migrate(*db) || !ReferenceData(*db).ensureLoaded()) {
        std::fprintf(stderr, "cannot open %s\n", qPrintable(file));
        return 1;
    }
    const double opened = double(total.nsecsElapsed()) / 1e6;
    OperatorService ops(*db);
    QElapsedTimer signIn;
    signIn.start();
    auto session = ops.authenticate(DemoSeeder::demoLogin(), DemoSeeder::demoPassword());
    const double signInMs = double(signIn.nsecsElapsed()) / 1e6;
    if (!session) {
        std::fprintf(stderr, "%s\n", qPrintable(session.errorMessage()));
        return 1;
    }
    QElapsedTimer window;
    window.start();
    AppContext ctx;
    ctx.db = *db;
    ctx.operators = &ops;
    ctx.session = *session;
    MainWindow w(&ctx);
    w.show();
    QApplication::processEvents();
    const double windowMs = double(window.nsecsElapsed()) / 1e6;
    auto* edit = w.findChild<QLineEdit*>(QStringLiteral("residentSearchEdit"));
    auto* table = w.findChild<QTableView*>(QStringLiteral("residentResults"));
    if (!edit || !table) {
        std::fprintf(stderr, "no search box\n");
        return 1;
    }
    QElapsedTimer first;
    first.start();
    edit->setText(QStringLiteral("高橋"));
    QTest::keyClick(edit, Qt::Key_Return);
    QApplication::processEvents();
    const double firstMs = double(first.nsecsElapsed()) / 1e6;
    auto count = db->scalar(QStringLiteral("SELECT COUNT(*) FROM residents"));
    std::printf("residents: %lld\n", count ? count->toLongLong() : -1);
    std::printf("open database (migrations checked, reference data present): %8.1f ms\n", opened);
    std::printf("main window with the search page shown:                      %8.1f ms\n",
                windowMs);
    std::printf(
        "first search (高橋) answered:                                  %8.1f ms (%d rows)\n",
        firstMs, table->model()->rowCount());
    std::printf("total without sign-in:                                       %8.1f ms\n",
                opened + windowMs + firstMs);
    std::printf("sign-in (one scrypt hash, N=2^15):                           %8.1f ms\n",
                signInMs);
    return 0;
}
