// Operators, roles and lockout, against SQLite and PostgreSQL.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "storage/Migrations.h"

#include <QTest>

using namespace madoguchi;

class TestOperators : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    const PasswordHasher::Params fast{10, 8, 1};

    Database freshMigrated(const QString& engine)
    {
        auto db = test::freshDatabase(engine, m_dir);
        if (!db || !Migrator::migrate(*db).ok()) {
            qFatal("cannot prepare a %s database: %s", qPrintable(engine),
                   qPrintable(db.errorMessage()));
        }
        return *db;
    }

    Session adminSession(OperatorService& ops)
    {
        auto admin = ops.createFirstAdmin(
            {QStringLiteral("admin"), QStringLiteral("管理 太郎"), {Role::Admin}},
            QStringLiteral("admin-pass-1"));
        if (!admin) {
            qFatal("%s", qPrintable(admin.errorMessage()));
        }
        return *ops.authenticate(QStringLiteral("admin"), QStringLiteral("admin-pass-1"));
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void firstAdminOnlyOnAnEmptyDatabase_data() { test::addEngineRows(); }
    void firstAdminOnlyOnAnEmptyDatabase()
    {
        QFETCH(QString, engine);
        OperatorService ops(freshMigrated(engine), fast);
        auto notAdmin = ops.createFirstAdmin({QStringLiteral("clerk1"), {}, {Role::Clerk}},
                                             QStringLiteral("pass-word-1"));
        QVERIFY(!notAdmin.ok());
        auto weak = ops.createFirstAdmin({QStringLiteral("admin"), {}, {Role::Admin}},
                                         QStringLiteral("short"));
        QCOMPARE(weak.error().code, QStringLiteral("auth.policy"));
        auto admin = ops.createFirstAdmin({QStringLiteral("admin"), {}, {Role::Admin}},
                                          QStringLiteral("admin-pass-1"));
        QVERIFY2(admin.ok(), qPrintable(admin.errorMessage()));
        QCOMPARE(admin->roles, QList<Role>{Role::Admin});
        auto second = ops.createFirstAdmin({QStringLiteral("admin2"), {}, {Role::Admin}},
                                           QStringLiteral("admin-pass-2"));
        QVERIFY(!second.ok());
        QCOMPARE(*ops.count(), 1);
    }

    void rolesGrantPermissions_data() { test::addEngineRows(); }
    void rolesGrantPermissions()
    {
        QFETCH(QString, engine);
        OperatorService ops(freshMigrated(engine), fast);
        Session admin = adminSession(ops);
        QVERIFY(admin.can(Permission::ManageOperators));
        QVERIFY(!admin.can(Permission::ViewResidents)); // administration is not resident access

        auto clerk =
            ops.create({QStringLiteral("suzuki"), QStringLiteral("鈴木 一郎"), {Role::Clerk}},
                       QStringLiteral("counter-pass-1"), admin);
        QVERIFY2(clerk.ok(), qPrintable(clerk.errorMessage()));
        Session clerkSession =
            *ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1"));
        QVERIFY(clerkSession.can(Permission::ViewResidents));
        QVERIFY(!clerkSession.can(Permission::ViewFullMyNumber));
        QVERIFY(!clerkSession.can(Permission::UnlockOperators));

        // A clerk may not create accounts.
        auto byClerk = ops.create({QStringLiteral("sato"), {}, {Role::Clerk}},
                                  QStringLiteral("counter-pass-2"), clerkSession);
        QCOMPARE(byClerk.error().code, QStringLiteral("auth.denied"));

        auto dup = ops.create({QStringLiteral("suzuki"), {}, {Role::Trainee}},
                              QStringLiteral("counter-pass-3"), admin);
        QCOMPARE(dup.error().code, QStringLiteral("auth.exists"));
        auto badLogin = ops.create({QStringLiteral("Suzuki Ichiro"), {}, {Role::Clerk}},
                                   QStringLiteral("counter-pass-3"), admin);
        QCOMPARE(badLogin.error().code, QStringLiteral("auth.login_format"));
        auto noRole =
            ops.create({QStringLiteral("tanaka"), {}, {}}, QStringLiteral("counter-pass-3"), admin);
        QCOMPARE(noRole.error().code, QStringLiteral("auth.roles"));
    }

    void lockoutAfterFiveFailures_data() { test::addEngineRows(); }
    void lockoutAfterFiveFailures()
    {
        QFETCH(QString, engine);
        Database db = freshMigrated(engine);
        OperatorService ops(db, fast);
        Session admin = adminSession(ops);
        QVERIFY(ops.create({QStringLiteral("suzuki"), {}, {Role::Clerk}},
                           QStringLiteral("counter-pass-1"), admin)
                    .ok());
        QVERIFY(ops.create({QStringLiteral("boss"), {}, {Role::Supervisor}},
                           QStringLiteral("super-pass-1"), admin)
                    .ok());

        for (int i = 1; i <= 4; ++i) {
            auto r = ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("wrong"));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, QStringLiteral("auth.invalid"));
            // The message says how many tries are left.
            QVERIFY2(r.errorMessage().contains(QString::number(5 - i)),
                     qPrintable(r.errorMessage()));
        }
        // A success in between resets the counter.
        QVERIFY(ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")).ok());
        for (int i = 1; i <= 4; ++i) {
            QCOMPARE(
                ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("wrong")).error().code,
                QStringLiteral("auth.invalid"));
        }
        auto fifth = ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("wrong"));
        QCOMPARE(fifth.error().code, QStringLiteral("auth.locked"));
        // Now even the right password is refused.
        auto locked = ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1"));
        QCOMPARE(locked.error().code, QStringLiteral("auth.locked"));
        QVERIFY((*ops.find(QStringLiteral("suzuki")))->locked);

        // Another clerk cannot unlock; a supervisor can.
        Session clerk2;
        QVERIFY(ops.create({QStringLiteral("sato"), {}, {Role::Clerk}},
                           QStringLiteral("counter-pass-2"), admin)
                    .ok());
        clerk2 = *ops.authenticate(QStringLiteral("sato"), QStringLiteral("counter-pass-2"));
        QCOMPARE(ops.unlock(QStringLiteral("suzuki"), clerk2).error().code,
                 QStringLiteral("auth.denied"));
        Session boss = *ops.authenticate(QStringLiteral("boss"), QStringLiteral("super-pass-1"));
        QVERIFY(ops.unlock(QStringLiteral("suzuki"), boss).ok());
        QVERIFY(ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")).ok());

        // Everything is in the audit log.
        auto entries = AuditLog(db).recent(100);
        QVERIFY(entries.ok());
        QStringList actions;
        for (const AuditEntry& e : *entries) {
            actions << e.action + u':' + e.target;
        }
        QVERIFY(actions.contains(QStringLiteral("auth.locked:suzuki")));
        QVERIFY(actions.contains(QStringLiteral("operator.unlock:suzuki")));
        QVERIFY(actions.contains(QStringLiteral("auth.failed:suzuki")));
        QVERIFY(actions.contains(QStringLiteral("auth.login:suzuki")));
    }

    void unknownLoginSaysNothingMore_data() { test::addEngineRows(); }
    void unknownLoginSaysNothingMore()
    {
        QFETCH(QString, engine);
        OperatorService ops(freshMigrated(engine), fast);
        adminSession(ops);
        auto r = ops.authenticate(QStringLiteral("nobody"), QStringLiteral("whatever"));
        QCOMPARE(r.error().code, QStringLiteral("auth.invalid"));
        QVERIFY(!r.errorMessage().contains(u'4'));
    }

    void changeAndResetPassword_data() { test::addEngineRows(); }
    void changeAndResetPassword()
    {
        QFETCH(QString, engine);
        OperatorService ops(freshMigrated(engine), fast);
        Session admin = adminSession(ops);
        QVERIFY(ops.create({QStringLiteral("suzuki"), {}, {Role::Clerk}},
                           QStringLiteral("counter-pass-1"), admin)
                    .ok());
        QVERIFY(!ops.changePassword(QStringLiteral("suzuki"), QStringLiteral("wrong"),
                                    QStringLiteral("new-pass-99"))
                     .ok());
        QVERIFY(ops.changePassword(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1"),
                                   QStringLiteral("new-pass-99"))
                    .ok());
        QVERIFY(!ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")).ok());
        QVERIFY(ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("new-pass-99")).ok());
        QVERIFY(ops.resetPassword(QStringLiteral("suzuki"), QStringLiteral("reset-pass-77"), admin)
                    .ok());
        QVERIFY(ops.authenticate(QStringLiteral("suzuki"), QStringLiteral("reset-pass-77")).ok());
    }

    void listIsSortedWithRoles_data() { test::addEngineRows(); }
    void listIsSortedWithRoles()
    {
        QFETCH(QString, engine);
        OperatorService ops(freshMigrated(engine), fast);
        Session admin = adminSession(ops);
        QVERIFY(ops.create({QStringLiteral("yamada"), {}, {Role::Clerk, Role::CardIssuer}},
                           QStringLiteral("pass-word-1"), admin)
                    .ok());
        QVERIFY(ops.create({QStringLiteral("abe"), {}, {Role::DisasterStaff}},
                           QStringLiteral("pass-word-2"), admin)
                    .ok());
        auto list = ops.list();
        QVERIFY(list.ok());
        QCOMPARE(list->size(), 3);
        QCOMPARE(list->at(0).login, QStringLiteral("abe"));
        QCOMPARE(list->at(2).login, QStringLiteral("yamada"));
        QCOMPARE(list->at(2).roles, (QList<Role>{Role::Clerk, Role::CardIssuer}));
    }
};

QTEST_GUILESS_MAIN(TestOperators)
#include "tst_operators.moc"
