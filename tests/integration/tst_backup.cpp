// Local backups of the SQLite database: the copy has the same rows and passes the check, the
// oldest beyond N are removed, a damaged file fails verification with the reason, a restore
// gives a working database and never writes over an existing file, a backup taken while
// another connection writes is a consistent snapshot, PostgreSQL is refused with pg_dump named,
// the schedule's arithmetic and settings; the command line.
#include "TestSupport.h"
#include "common/Clock.h"
#include "settings/InstallationSettings.h"
#include "storage/Backup.h"
#include "storage/Migrations.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <QTimeZone>

#include <sqlite3.h>

#include <atomic>
#include <thread>

using namespace madoguchi;

class TestBackup : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        QString path;
        QString backups;
    };

    Fixture make()
    {
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            qFatal("fixture: %s", qPrintable(db ? staff.errorMessage() : db.errorMessage()));
        }
        const QString path = db->spec().path;
        return {*db, *staff, path,
                m_dir.filePath(QFileInfo(path).completeBaseName() + QStringLiteral("-backups"))};
    }

    static qint64 count(const Database& db, const QString& table)
    {
        return db.scalar(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table))->toLongLong();
    }

    // Reads one number from a database file with a connection of its own.
    static qint64 countIn(const QString& file, const char* sql)
    {
        sqlite3* db = nullptr;
        sqlite3_open_v2(QFile::encodeName(file).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
        sqlite3_stmt* st = nullptr;
        qint64 n = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            n = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
        sqlite3_close_v2(db);
        return n;
    }

    static bool writeFile(const QString& path, const QByteArray& data)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void copyHasTheSameRows()
    {
        Fixture f = make();
        auto made = backup::create(f.path, f.backups);
        QVERIFY2(made, qPrintable(made.errorMessage()));
        QVERIFY(made->path.startsWith(f.backups));
        QVERIFY(made->size > 0);
        QVERIFY2(backup::verify(made->path), qPrintable(backup::verify(made->path).errorMessage()));
        auto copy = Database::open(made->path);
        QVERIFY2(copy, qPrintable(copy.errorMessage()));
        for (const QString& table :
             {QStringLiteral("operators"), QStringLiteral("residents"),
              QStringLiteral("ref_local_government"), QStringLiteral("audit_log")}) {
            QCOMPARE(count(*copy, table), count(f.db, table));
        }
        QCOMPARE(*Migrator::currentVersion(*copy), Migrator::latestVersion());
        auto all = backup::list(f.path, f.backups);
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().path, made->path);
    }

    void rotationKeepsTheLastN()
    {
        Fixture f = make();
        QStringList made;
        for (int i = 0; i < 5; ++i) {
            auto b = backup::create(f.path, f.backups, 3);
            QVERIFY2(b, qPrintable(b.errorMessage()));
            made << b->path;
        }
        // Another database's backups in the same folder are not touched.
        QVERIFY(writeFile(
            QDir(f.backups).filePath(QStringLiteral("other-20260101T000000000Z.sqlite3")), "x"));
        auto all = backup::list(f.path, f.backups);
        QVERIFY(all);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(0).path, made[4]);
        QCOMPARE(all->at(1).path, made[3]);
        QCOMPARE(all->at(2).path, made[2]);
        QVERIFY(!QFile::exists(made[0]));
        QVERIFY(!QFile::exists(made[1]));
        QVERIFY(all->at(0).takenAt >= all->at(1).takenAt);
        QVERIFY(backup::create(f.path, f.backups, 3));
        QVERIFY(QFile::exists(
            QDir(f.backups).filePath(QStringLiteral("other-20260101T000000000Z.sqlite3"))));
        QCOMPARE(backup::list(f.path, f.backups)->size(), 3);
    }

    void damagedFilesFailVerification()
    {
        Fixture f = make();
        auto made = backup::create(f.path, f.backups);
        QVERIFY2(made, qPrintable(made.errorMessage()));

        const QString garbage = m_dir.filePath(QStringLiteral("garbage.sqlite3"));
        QVERIFY(writeFile(garbage, QByteArray(8192, 'x')));
        Status st = backup::verify(garbage);
        QVERIFY(!st);
        QCOMPARE(st.error().code, QStringLiteral("backup.corrupt"));
        QVERIFY2(st.errorMessage().contains(garbage) &&
                     st.errorMessage().contains(QStringLiteral("not a database")),
                 qPrintable(st.errorMessage()));

        // A backup cut short, and one with a page overwritten.
        QFile original(made->path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        QVERIFY(bytes.size() > 16 * 4096);
        const QString cut = m_dir.filePath(QStringLiteral("cut.sqlite3"));
        QVERIFY(writeFile(cut, bytes.left(bytes.size() / 2)));
        st = backup::verify(cut);
        QVERIFY(!st);
        QVERIFY2(st.errorMessage().contains(cut), qPrintable(st.errorMessage()));
        QByteArray damaged = bytes;
        const int pageSize = (uchar(bytes[16]) << 8) | uchar(bytes[17]);
        for (int i = 0; i < pageSize; ++i) {
            damaged[3 * pageSize + i] = char(0xA5);
        }
        const QString scribbled = m_dir.filePath(QStringLiteral("scribbled.sqlite3"));
        QVERIFY(writeFile(scribbled, damaged));
        st = backup::verify(scribbled);
        QVERIFY(!st);
        QCOMPARE(st.error().code, QStringLiteral("backup.corrupt"));

        // A sound SQLite file that is not a Madoguchi database.
        const QString foreign = m_dir.filePath(QStringLiteral("foreign.sqlite3"));
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(foreign).constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        st = backup::verify(foreign);
        QVERIFY2(!st && st.errorMessage().contains(QStringLiteral("not a Madoguchi database")),
                 qPrintable(st.errorMessage()));
        st = backup::verify(m_dir.filePath(QStringLiteral("missing.sqlite3")));
        QVERIFY(!st);
        QVERIFY(backup::verify(made->path)); // the original is untouched
    }

    void restoreGivesAWorkingDatabase()
    {
        Fixture f = make();
        auto made = backup::create(f.path, f.backups);
        QVERIFY2(made, qPrintable(made.errorMessage()));
        const qint64 residents = count(f.db, QStringLiteral("residents"));
        const QString to = m_dir.filePath(QStringLiteral("restored/madoguchi.sqlite3"));
        Status st = backup::restore(made->path, to);
        QVERIFY2(st, qPrintable(st.errorMessage()));
        auto db = Database::open(to);
        QVERIFY2(db, qPrintable(db.errorMessage()));
        QVERIFY(Migrator::migrate(*db));
        QCOMPARE(count(*db, QStringLiteral("residents")), residents);
        QVERIFY(db->run(QStringLiteral("INSERT INTO settings (key, value, updated_at, updated_by) "
                                       "VALUES ('restored.probe', '1', '2026-11-26', 'test')")));
        QCOMPARE(count(*db, QStringLiteral("settings WHERE key = 'restored.probe'")), 1);

        // Never over an existing file: not the live database, not anything.
        const QByteArray before = [&] {
            QFile live(f.path);
            live.open(QIODevice::ReadOnly);
            return live.readAll();
        }();
        st = backup::restore(made->path, f.path);
        QVERIFY(!st);
        QCOMPARE(st.error().code, QStringLiteral("backup.exists"));
        QFile live(f.path);
        QVERIFY(live.open(QIODevice::ReadOnly));
        QCOMPARE(live.readAll(), before);
        // A damaged backup is not restored at all.
        const QString garbage = m_dir.filePath(QStringLiteral("garbage2.sqlite3"));
        QVERIFY(writeFile(garbage, QByteArray(4096, 'y')));
        const QString nowhere = m_dir.filePath(QStringLiteral("never.sqlite3"));
        st = backup::restore(garbage, nowhere);
        QCOMPARE(st.error().code, QStringLiteral("backup.corrupt"));
        QVERIFY(!QFile::exists(nowhere));
    }

    void backupDuringWritesIsConsistent()
    {
        Fixture f = make();
        QVERIFY(f.db.run(QStringLiteral("CREATE TABLE pairs (id INTEGER PRIMARY KEY, half INTEGER "
                                        "NOT NULL)")));
        std::atomic<bool> stop{false};
        std::atomic<int> committed{0};
        // Another connection writes pairs of rows, each pair in one transaction.
        std::thread writer([&] {
            sqlite3* db = nullptr;
            sqlite3_open_v2(QFile::encodeName(f.path).constData(), &db, SQLITE_OPEN_READWRITE,
                            nullptr);
            sqlite3_busy_timeout(db, 10000);
            for (int i = 0; i < 20000 && !stop; ++i) {
                if (sqlite3_exec(db,
                                 "BEGIN IMMEDIATE; INSERT INTO pairs (half) VALUES (0); "
                                 "INSERT INTO pairs (half) VALUES (1); COMMIT;",
                                 nullptr, nullptr, nullptr) == SQLITE_OK) {
                    ++committed;
                } else {
                    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
                }
            }
            sqlite3_close_v2(db);
        });
        QList<qint64> seen;
        for (int i = 0; i < 5; ++i) {
            QTest::qWait(20);
            auto made = backup::create(f.path, f.backups, 10);
            if (!made) {
                stop = true;
                writer.join();
                QFAIL(qPrintable(made.errorMessage()));
            }
            const qint64 rows = countIn(made->path, "SELECT COUNT(*) FROM pairs");
            const qint64 firsts = countIn(made->path, "SELECT COUNT(*) FROM pairs WHERE half = 0");
            QVERIFY2(rows % 2 == 0 && firsts * 2 == rows,
                     qPrintable(QStringLiteral("%1 rows, %2 first halves").arg(rows).arg(firsts)));
            seen << rows;
        }
        stop = true;
        writer.join();
        QVERIFY(committed > 0);
        QVERIFY2(seen.last() > 0, "the writer ran during the backups");
        for (qsizetype i = 1; i < seen.size(); ++i) {
            QVERIFY(seen[i] >= seen[i - 1]);
        }
    }

    void postgresIsRefused()
    {
        auto spec = DatabaseSpec::parse(QStringLiteral("postgresql://madoguchi@db.example/city"));
        QVERIFY(spec);
        Status st = backup::requireSqlite(*spec);
        QVERIFY(!st);
        QCOMPARE(st.error().code, QStringLiteral("backup.postgres"));
        QVERIFY2(st.errorMessage().contains(QStringLiteral("pg_dump")),
                 qPrintable(st.errorMessage()));
        QVERIFY(backup::requireSqlite(DatabaseSpec{}));
    }

    void scheduleAndSettings()
    {
        const QDateTime now(QDate(2026, 11, 26), QTime(12, 0), QTimeZone::utc());
        QVERIFY(backup::due({}, 60, now));
        const backup::BackupFile recent{QStringLiteral("a"), now.addSecs(-30 * 60), 1};
        const backup::BackupFile old{QStringLiteral("b"), now.addSecs(-61 * 60), 1};
        QVERIFY(!backup::due({old, recent}, 60, now));
        QVERIFY(backup::due({old}, 60, now));
        QVERIFY(backup::due({recent}, 30, now));
        QVERIFY(!backup::due({}, 0, now)); // 0 turns the schedule off

        Fixture f = make();
        auto s = backup::settings(f.db);
        QVERIFY2(s, qPrintable(s.errorMessage()));
        QCOMPARE(s->intervalMinutes, 60);
        QCOMPARE(s->keep, 14);
        QCOMPARE(s->dir, QFileInfo(f.path).absoluteDir().filePath(QStringLiteral("backups")));
        InstallationSettings settings(f.db);
        QVERIFY(settings.setValue(QStringLiteral("backup.interval_minutes"), QStringLiteral("15"),
                                  QStringLiteral("admin")));
        QVERIFY(
            settings.setValue(QStringLiteral("backup.dir"), f.backups, QStringLiteral("admin")));
        s = backup::settings(f.db);
        QCOMPARE(s->intervalMinutes, 15);
        QCOMPARE(s->dir, f.backups);
        QVERIFY(settings.setValue(QStringLiteral("backup.keep"), QStringLiteral("many"),
                                  QStringLiteral("admin")));
        s = backup::settings(f.db);
        QVERIFY(!s);
        QVERIFY2(s.errorMessage().contains(QStringLiteral("backup.keep")),
                 qPrintable(s.errorMessage()));
    }

    void commandLine()
    {
        Fixture f = make();
        auto cli = [&](const QStringList& args, const QString& db = {},
                       const QString& login = QStringLiteral("admin")) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                (db.isEmpty() ? QStringList{} : QStringList{QStringLiteral("--db"), db}) + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        const QString B = QStringLiteral("backup");
        test::ProcessRun r = cli({B, QStringLiteral("now"), QStringLiteral("--dir"), f.backups},
                                 f.path, QStringLiteral("clerk"));
        QCOMPARE(r.code, 3); // a copy of everything: administrators only
        r = cli({B, QStringLiteral("now"), QStringLiteral("--dir"), f.backups}, f.path);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString made = r.out.trimmed();
        QVERIFY2(QFile::exists(made) && made.startsWith(f.backups), qPrintable(made));
        QCOMPARE(count(f.db, QStringLiteral("audit_log WHERE action = 'backup.create'")), 1);
        r = cli({B, QStringLiteral("list"), QStringLiteral("--dir"), f.backups}, f.path);
        QVERIFY2(r.code == 0 && r.out.contains(made), qPrintable(r.out + r.err));
        r = cli({B, QStringLiteral("verify"), made});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString garbage = m_dir.filePath(QStringLiteral("garbage3.sqlite3"));
        QVERIFY(writeFile(garbage, QByteArray(4096, 'z')));
        r = cli({B, QStringLiteral("verify"), garbage});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("not a database")),
                 qPrintable(r.err));

        const QString to = m_dir.filePath(QStringLiteral("cli-restored.sqlite3"));
        r = cli({B, QStringLiteral("restore"), made});
        QCOMPARE(r.code, 2); // no --to
        r = cli({B, QStringLiteral("restore"), made, QStringLiteral("--to"), to}, {},
                QStringLiteral("nobody"));
        QCOMPARE(r.code, 3); // the restored database's operators sign in on it
        QVERIFY(!QFile::exists(to));
        r = cli({B, QStringLiteral("restore"), made, QStringLiteral("--to"), to}, {},
                QStringLiteral("clerk"));
        QCOMPARE(r.code, 3);
        QVERIFY(!QFile::exists(to));
        r = cli({B, QStringLiteral("restore"), made, QStringLiteral("--to"), to});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto restored = Database::open(to);
        QVERIFY(restored);
        QCOMPARE(count(*restored, QStringLiteral("audit_log WHERE action = 'backup.restore'")), 1);
        r = cli({B, QStringLiteral("restore"), made, QStringLiteral("--to"), to});
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("new file")), qPrintable(r.err));

        r = cli({B, QStringLiteral("now")},
                QStringLiteral("postgresql://madoguchi@db.example/city"));
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("pg_dump")), qPrintable(r.err));
        r = cli({B, QStringLiteral("sideways")}, f.path);
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
