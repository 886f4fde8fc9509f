#include "TestSupport.h"

#include <QAtomicInteger>
#include <QFile>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

namespace madoguchi::test {

void initTestEnvironment()
{
    QStandardPaths::setTestModeEnabled(true);
    QLoggingCategory::setFilterRules(
        QStringLiteral("madoguchi.*.info=false\nmadoguchi.*.debug=false"));
}

bool postgresSkipped()
{
    return qEnvironmentVariable("MADOGUCHI_TEST_SQLITE_ONLY") == QStringLiteral("1");
}

Result<QString> postgresAdminUrl()
{
    const QString file = qEnvironmentVariable("MADOGUCHI_PG_URL_FILE");
    if (file.isEmpty()) {
        return Error(QStringLiteral(
            "MADOGUCHI_PG_URL_FILE is not set: run this test through ctest, which starts "
            "the PostgreSQL fixture"));
    }
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        return Error(
            QStringLiteral(
                "the PostgreSQL test cluster is not running (%1 missing): run through ctest")
                .arg(file));
    }
    return QString::fromUtf8(f.readAll()).trimmed();
}

Result<QString> freshDatabaseSpec(const QString& engine, const QTemporaryDir& dir)
{
    static QAtomicInteger<int> counter;
    if (engine == QStringLiteral("sqlite")) {
        return dir.filePath(QStringLiteral("test-%1.sqlite3").arg(counter.fetchAndAddRelaxed(1)));
    }
    auto admin = postgresAdminUrl();
    if (!admin) {
        return admin.error();
    }
    auto db = Database::open(*admin);
    if (!db) {
        return db.error();
    }
    const QString name = QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    if (Status st = db->run(QStringLiteral("CREATE DATABASE %1 TEMPLATE template0 ENCODING 'UTF8' "
                                           "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
                                .arg(name));
        !st) {
        return st.error();
    }
    QString url = *admin;
    const qsizetype slash = url.lastIndexOf(u'/');
    return url.left(slash + 1) + name;
}

Result<Database> freshDatabase(const QString& engine, const QTemporaryDir& dir)
{
    auto spec = freshDatabaseSpec(engine, dir);
    if (!spec) {
        return spec.error();
    }
    return Database::open(*spec);
}

void addEngineRows()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    if (!postgresSkipped()) {
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }
}

} // namespace madoguchi::test
