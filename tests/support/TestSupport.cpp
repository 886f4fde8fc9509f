#include "TestSupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

#include "auth/OperatorService.h"
#include "refdata/ReferenceData.h"
#include "storage/Migrations.h"

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

Result<Database> registerDatabase(const QString& engine, const QTemporaryDir& dir)
{
    auto db = freshDatabase(engine, dir);
    if (!db) {
        return db.error();
    }
    if (auto v = Migrator::migrate(*db); !v) {
        return v.error();
    }
    QFile f(ReferenceData::bundledLocalGovernmentsPath());
    if (!f.open(QIODevice::ReadOnly)) {
        return Error(QStringLiteral("no bundled local-government list"));
    }
    if (auto r = ReferenceData(*db).importLocalGovernments(&f, QStringLiteral("test"),
                                                           QStringLiteral("test"));
        !r) {
        return r.error();
    }
    return db;
}

Result<Staff> makeStaff(const Database& db)
{
    OperatorService ops(db, PasswordHasher::Params{10, 8, 1});
    const QString pw = QStringLiteral("test-pass-1");
    if (auto a = ops.createFirstAdmin(
            {QStringLiteral("admin"), QStringLiteral("管理 一"), {Role::Admin}}, pw);
        !a) {
        return a.error();
    }
    auto admin = ops.authenticate(QStringLiteral("admin"), pw);
    if (!admin) {
        return admin.error();
    }
    const struct
    {
        const char* login;
        const char16_t* name;
        Role role;
    } people[] = {{"clerk", u"窓口 花子", Role::Clerk},
                  {"supervisor", u"係長 太郎", Role::Supervisor},
                  {"chief", u"課長 次郎", Role::Supervisor},
                  {"trainee", u"研修 三郎", Role::Trainee}};
    Staff staff;
    staff.admin = *admin;
    for (const auto& p : people) {
        if (auto c = ops.create(
                {QString::fromLatin1(p.login), QString::fromUtf16(p.name), {p.role}}, pw, *admin);
            !c) {
            return c.error();
        }
    }
    auto signIn = [&](const char* login) {
        return ops.authenticate(QString::fromLatin1(login), pw);
    };
    auto clerk = signIn("clerk");
    auto supervisor = signIn("supervisor");
    auto chief = signIn("chief");
    auto trainee = signIn("trainee");
    if (!clerk || !supervisor || !chief || !trainee) {
        return Error(QStringLiteral("staff sign-in failed"));
    }
    staff.clerk = *clerk;
    staff.supervisor = *supervisor;
    staff.chief = *chief;
    staff.trainee = *trainee;
    return staff;
}

NewResident hanako()
{
    NewResident n;
    n.person.familyName = QStringLiteral("髙橋");
    n.person.givenName = QStringLiteral("花子");
    n.person.familyKana = QStringLiteral("タカハシ");
    n.person.givenKana = QStringLiteral("ハナコ");
    n.person.birthDate = QDate(1975, 3, 1);
    n.person.sex = QStringLiteral("female");
    n.person.address = {QStringLiteral("142042"), QStringLiteral("2480012"),
                        QStringLiteral("御成町"), QStringLiteral("1丁目2番3号"), QString()};
    return n;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs) {
            return false;
        }
        QTest::qWait(100);
    }
    return true;
}

ProcessRun runProcess(const QString& program, const QStringList& args,
                      const QMap<QString, QString>& env, const QByteArray& input, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        if (it.value().isEmpty()) {
            e.remove(it.key());
        } else {
            e.insert(it.key(), it.value());
        }
    }
    p.setProcessEnvironment(e);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        return {};
    }
    if (!input.isEmpty()) {
        p.write(input);
    }
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace madoguchi::test
