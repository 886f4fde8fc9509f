#pragma once

#include <functional>
// Helpers shared by the tests: databases on both engines, and a temporary directory that
// lives as long as the test.

#include "auth/Session.h"
#include "registry/RegistryService.h"
#include "storage/Database.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace madoguchi::test {

// Call from initTestCase(): QStandardPaths test mode, quiet logging.
void initTestEnvironment();

// The admin URL of the PostgreSQL cluster that the CTest fixture started, or an error that says
// how to get one. Set MADOGUCHI_TEST_SQLITE_ONLY=1 to skip PostgreSQL rows when running a test
// binary by hand.
Result<QString> postgresAdminUrl();
bool postgresSkipped();
// A program run to its end: exit code (-1 if it crashed or timed out), stdout, stderr.
struct ProcessRun
{
    int code = -1;
    QString out;
    QString err;
};
// Runs `program` with the caller's environment changed by `env` (an empty value removes the
// variable) and `input` on its stdin (none: stdin is closed at once).
ProcessRun runProcess(const QString& program, const QStringList& args,
                      const QMap<QString, QString>& env = {}, const QByteArray& input = {},
                      int timeoutMs = 120000);
// Processes events until `condition` holds; false after timeoutMs.
bool waitFor(const std::function<bool()>& condition, int timeoutMs);

// A new, empty database: "sqlite" (a file in `dir`) or "postgres" (a fresh database in the
// test cluster).
Result<Database> freshDatabase(const QString& engine, const QTemporaryDir& dir);
Result<QString> freshDatabaseSpec(const QString& engine, const QTemporaryDir& dir);

// Adds QTest rows "sqlite" and "postgres" with a QString column "engine".
void addEngineRows();

// A migrated database with the local-government list loaded (addresses print with their city).
Result<Database> registerDatabase(const QString& engine, const QTemporaryDir& dir);

// Signed-in staff of a test database (fast password hashing).
struct Staff
{
    Session admin;
    Session clerk;      // clerk
    Session supervisor; // supervisor
    Session chief;      // a second supervisor
    Session trainee;
};
Result<Staff> makeStaff(const Database& db);

// The usual test resident: 髙橋 花子 (タカハシ ハナコ), born 1975-03-01, living at
// 神奈川県鎌倉市御成町1丁目2番3号 (142042, 〒248-0012). Callers add what their test needs.
NewResident hanako();

} // namespace madoguchi::test
