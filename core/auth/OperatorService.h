#pragma once
// Operator accounts: creation, sign-in with lockout after 5 consecutive failures, unlock by a
// supervisor or administrator, password changes. Every outcome is written to the audit log.

#include "auth/PasswordHasher.h"
#include "auth/Session.h"
#include "storage/Database.h"

namespace madoguchi {

// An operator as central sends it (see CentralService): central is authoritative once it
// manages operators.
struct SyncedOperator
{
    QString login;
    QString displayName;
    QStringList roles; // role ids
    bool active = true;
    QString passwordHash;
};

struct NewOperator
{
    QString login;
    QString displayName;
    QList<Role> roles;
};

class OperatorService
{
public:
    static constexpr int kMaxFailures = 5;

    explicit OperatorService(Database db, PasswordHasher::Params params = PasswordHasher::Params{})
        : m_db(std::move(db)), m_params(params)
    {}

    Result<qint64> count() const;
    Result<QList<Operator>> list() const;
    Result<std::optional<Operator>> find(const QString& login) const;

    // Requires Permission::ManageOperators. A role that requires a passed course is refused
    // ("learning.requirement") until the account has completed it.
    Result<Operator> create(const NewOperator& op, const QString& password, const Session& by);
    // The first account of a new installation: allowed only while there is no account at all,
    // and it must hold the admin role.
    Result<Operator> createFirstAdmin(const NewOperator& op, const QString& password);
    // For demo databases only (DemoSeeder): skips the password policy.
    Result<Operator> createDemoAccount(const QString& login, const QString& password);

    // Error codes: "auth.invalid" (message says how many tries are left), "auth.locked",
    // "auth.inactive".
    Result<Session> authenticate(const QString& login, const QString& password);

    // Replaces an operator's roles. Requires Permission::ManageOperators; an added role that
    // requires a passed course is refused ("learning.requirement"); the last administrator
    // keeps the admin role. Audited (operator.roles).
    Result<Operator> setRoles(const QString& login, const QList<Role>& roles, const Session& by);

    // Requires Permission::UnlockOperators.
    Status unlock(const QString& login, const Session& by);
    Status changePassword(const QString& login, const QString& oldPassword,
                          const QString& newPassword);
    // Requires Permission::ManageOperators.
    Status resetPassword(const QString& login, const QString& newPassword, const Session& by);

    static Status validateLogin(const QString& login);

    // With a central that manages operators, this installation's list is central's: accounts
    // are added, changed and disabled as central says (lockouts stay local), and accounts
    // central does not know are disabled. Creating accounts and setting passwords here is then
    // refused ("auth.central").
    struct SyncSummary
    {
        int added = 0;
        int changed = 0;
        int disabled = 0;
    };
    Result<SyncSummary> applyFromCentral(const QList<SyncedOperator>& operators);
    Result<bool> managedByCentral() const;

private:
    Result<Operator> insert(const NewOperator& op, const QString& password, const QString& byLogin,
                            bool checkPolicy);
    Result<Operator> load(qint64 id) const;
    Result<Operator> existing(const QString& login) const; // an error names a missing login
    Status refuseWhenCentral() const;
    Status storePassword(const Operator& op, const QString& password, const QString& actor,
                         const QString& action);

    Database m_db;
    PasswordHasher::Params m_params;
};

} // namespace madoguchi
