// madoguchi: the desktop workstation.
#include "AppController.h"
#include "auth/OperatorService.h"
#include "demo/DemoSeeder.h"
#include "i18n/Translations.h"
#include "learning/CoursePackage.h"
#include "refdata/ReferenceData.h"
#include "storage/Migrations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QProcessEnvironment>

using namespace madoguchi;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Madoguchi"));
    QCoreApplication::setApplicationName(QStringLiteral("madoguchi"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MADOGUCHI_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("Madoguchi 窓口"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Madoguchi — municipal counter workstation"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOpt(
        QStringLiteral("db"),
        QStringLiteral("Database: a SQLite file path or a postgresql:// URL "
                       "(default: the embedded demo database; env MADOGUCHI_DB)."),
        QStringLiteral("DB"));
    QCommandLineOption langOpt(QStringLiteral("lang"),
                               QStringLiteral("User interface language: ja or en."),
                               QStringLiteral("LANG"));
    QCommandLineOption residentsOpt(
        QStringLiteral("demo-residents"),
        QStringLiteral("Residents to seed into a new embedded database (default 2000)."),
        QStringLiteral("N"), QStringLiteral("2000"));
    parser.addOptions({dbOpt, langOpt, residentsOpt});
    parser.process(app);

    i18n::Language lang = i18n::configured();
    if (parser.isSet(langOpt)) {
        bool ok = false;
        lang = i18n::parse(parser.value(langOpt), &ok);
        if (!ok) {
            fprintf(stderr, "madoguchi: unknown language '%s' (use ja or en)\n",
                    qPrintable(parser.value(langOpt)));
            return 2;
        }
    }
    i18n::install(&app, lang);

    const QString envDb = qEnvironmentVariable("MADOGUCHI_DB");
    const bool embedded = !parser.isSet(dbOpt) && envDb.isEmpty();
    const QString specText = parser.isSet(dbOpt) ? parser.value(dbOpt)
                             : embedded          ? DatabaseSpec::defaultPath()
                                                 : envDb;

    auto fail = [](const QString& message) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Madoguchi"), message);
        return 1;
    };
    auto db = Database::open(specText);
    if (!db) {
        return fail(db.error().message);
    }
    if (auto v = Migrator::migrate(*db); !v) {
        return fail(v.error().message);
    }
    // The embedded default is a demo municipality, seeded on first start (no accounts yet).
    auto accounts = OperatorService(*db).count();
    if (!accounts) {
        return fail(accounts.error().message);
    }
    if (embedded && *accounts == 0) {
        DemoOptions options;
        options.residents = std::clamp(parser.value(residentsOpt).toInt(), 0, 200000);
        if (auto seeded = DemoSeeder(*db).seed(options); !seeded) {
            return fail(seeded.error().message);
        }
    } else if (Status st = ReferenceData(*db).ensureLoaded(); !st) {
        return fail(st.errorMessage());
    }

    // The starter courses shipped inside the application, once per version.
    if (auto courses = learning::CoursePackages(*db).installBundled(QStringLiteral(":/courses"));
        !courses) {
        return fail(courses.error().message);
    }

    AppController controller(*db);
    QObject::connect(&controller, &AppController::quitRequested, &app, &QApplication::quit);
    if (!controller.start()) {
        return 0;
    }
    return app.exec();
}
