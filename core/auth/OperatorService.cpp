#include "auth/OperatorService.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "common/Log.h"
#include "learning/LearningService.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

namespace madoguchi {

namespace {
QDateTime parseTime(const QVariant& v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

Error invalidCredentials()
{
    return Error(
        QCoreApplication::translate("OperatorService", "the login name or password is wrong"),
        QStringLiteral("auth.invalid"));
}
} // namespace

Status OperatorService::validateLogin(const QString& login)
{
    static const QRegularExpression re(QStringLiteral("^[a-z][a-z0-9._-]{1,31}$"));
    if (!re.match(login).hasMatch()) {
        return Error(
            QCoreApplication::translate(
                "OperatorService",
                "a login name is 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', "
                "starting with a letter"),
            QStringLiteral("auth.login_format"));
    }
    return {};
}

Result<qint64> OperatorService::count() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators"));
    if (!v) {
        return v.error();
    }
    return v->toLongLong();
}

Result<Operator> OperatorService::load(qint64 id) const
{
    auto q = m_db.exec(
        QStringLiteral(
            "SELECT id, login, display_name, locked, active, failed_attempts, created_at, "
            "last_login_at FROM operators WHERE id = ?"),
        {id});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(QCoreApplication::translate("OperatorService", "no such operator"),
                     QStringLiteral("auth.unknown"));
    }
    Operator op;
    op.id = q->value(0).toLongLong();
    op.login = q->value(1).toString();
    op.displayName = q->value(2).toString();
    op.locked = q->value(3).toInt() != 0;
    op.active = q->value(4).toInt() != 0;
    op.failedAttempts = q->value(5).toInt();
    op.createdAt = parseTime(q->value(6));
    op.lastLoginAt = parseTime(q->value(7));
    q->finish();
    auto r =
        m_db.exec(QStringLiteral("SELECT role FROM operator_roles WHERE operator_id = ?"), {id});
    if (!r) {
        return r.error();
    }
    while (r->next()) {
        if (auto role = roles::fromId(r->value(0).toString())) {
            op.roles << *role;
        }
    }
    std::sort(op.roles.begin(), op.roles.end());
    return op;
}

Result<QList<Operator>> OperatorService::list() const
{
    auto q = m_db.exec(QStringLiteral("SELECT id FROM operators ORDER BY login"));
    if (!q) {
        return q.error();
    }
    QList<qint64> ids;
    while (q->next()) {
        ids << q->value(0).toLongLong();
    }
    q->finish();
    QList<Operator> out;
    for (qint64 id : std::as_const(ids)) {
        auto op = load(id);
        if (!op) {
            return op.error();
        }
        out << *op;
    }
    return out;
}

Result<std::optional<Operator>> OperatorService::find(const QString& login) const
{
    auto id =
        m_db.scalar(QStringLiteral("SELECT id FROM operators WHERE login = ?"), {login.trimmed()});
    if (!id) {
        return id.error();
    }
    if (!id->isValid()) {
        return std::optional<Operator>();
    }
    auto op = load(id->toLongLong());
    if (!op) {
        return op.error();
    }
    return std::optional<Operator>(*op);
}

Result<Operator> OperatorService::insert(const NewOperator& op, const QString& password,
                                         const QString& byLogin, bool checkPolicy)
{
    if (Status st = validateLogin(op.login); !st) {
        return st.error();
    }
    if (op.roles.isEmpty()) {
        return Error(
            QCoreApplication::translate("OperatorService", "an operator needs at least one role"),
            QStringLiteral("auth.roles"));
    }
    if (checkPolicy) {
        if (Status st = PasswordHasher::checkPolicy(password, op.login); !st) {
            return st.error();
        }
    }
    auto hash = PasswordHasher::hash(password, m_params);
    if (!hash) {
        return hash.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto exists =
        m_db.scalar(QStringLiteral("SELECT id FROM operators WHERE login = ?"), {op.login});
    if (!exists) {
        return exists.error();
    }
    if (exists->isValid()) {
        return Error(QCoreApplication::translate("OperatorService", "the login name %1 is taken")
                         .arg(op.login),
                     QStringLiteral("auth.exists"));
    }
    const QString now = Clock::isoNow();
    const QString display =
        op.displayName.trimmed().isEmpty() ? op.login : op.displayName.trimmed();
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO operators (login, display_name, password_hash, created_at, "
                           "password_changed_at) VALUES (?, ?, ?, ?, ?)"),
            {op.login, display, *hash, now, now});
        !st) {
        return st.error();
    }
    auto id = m_db.scalar(QStringLiteral("SELECT id FROM operators WHERE login = ?"), {op.login});
    if (!id) {
        return id.error();
    }
    QStringList roleIds;
    for (Role r : op.roles) {
        if (roleIds.contains(roles::id(r))) {
            continue;
        }
        roleIds << roles::id(r);
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO operator_roles (operator_id, role) VALUES (?, ?)"),
                {id->toLongLong(), roles::id(r)});
            !st) {
            return st.error();
        }
    }
    if (Status st = AuditLog(m_db).record(byLogin, QStringLiteral("operator.create"), op.login,
                                          roleIds.join(u','));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return load(id->toLongLong());
}

Result<Operator> OperatorService::create(const NewOperator& op, const QString& password,
                                         const Session& by)
{
    if (Status st = by.require(Permission::ManageOperators); !st) {
        return st.error();
    }
    if (Status st = refuseWhenCentral(); !st) {
        return st.error();
    }
    // A role that needs a passed course (learning require ROLE COURSE) is given only to someone
    // who has passed it. The first administrator and demo accounts are not checked.
    if (Status st = learning::LearningService(m_db).checkRoleRequirements(op.login, op.roles);
        !st) {
        return st.error();
    }
    return insert(op, password, by.login(), true);
}

Result<Operator> OperatorService::setRoles(const QString& login, const QList<Role>& newRoles,
                                           const Session& by)
{
    if (Status st = by.require(Permission::ManageOperators); !st) {
        return st.error();
    }
    if (Status st = refuseWhenCentral(); !st) {
        return st.error();
    }
    if (newRoles.isEmpty()) {
        return Error(
            QCoreApplication::translate("OperatorService", "an operator needs at least one role"),
            QStringLiteral("auth.roles"));
    }
    auto op = existing(login);
    if (!op) {
        return op.error();
    }
    // Only the roles added are checked: a role held already stays.
    QList<Role> added;
    for (Role r : newRoles) {
        if (!op->roles.contains(r) && !added.contains(r)) {
            added << r;
        }
    }
    if (Status st = learning::LearningService(m_db).checkRoleRequirements(op->login, added); !st) {
        return st.error();
    }
    if (op->roles.contains(Role::Admin) && !newRoles.contains(Role::Admin)) {
        auto admins = m_db.scalar(
            QStringLiteral("SELECT COUNT(*) FROM operator_roles r JOIN operators o ON o.id = "
                           "r.operator_id WHERE r.role = 'admin' AND o.active = 1"));
        if (!admins) {
            return admins.error();
        }
        if (admins->toInt() <= 1) {
            return Error(QCoreApplication::translate("OperatorService",
                                                     "the last administrator cannot lose the role"),
                         QStringLiteral("auth.roles"));
        }
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st =
            m_db.run(QStringLiteral("DELETE FROM operator_roles WHERE operator_id = ?"), {op->id});
        !st) {
        return st.error();
    }
    QStringList ids;
    for (Role r : newRoles) {
        if (ids.contains(roles::id(r))) {
            continue;
        }
        ids << roles::id(r);
        if (Status st = m_db.run(
                QStringLiteral("INSERT INTO operator_roles (operator_id, role) VALUES (?, ?)"),
                {op->id, roles::id(r)});
            !st) {
            return st.error();
        }
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("operator.roles"), login,
                                          ids.join(u','));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return load(op->id);
}

Result<Operator> OperatorService::createFirstAdmin(const NewOperator& op, const QString& password)
{
    if (!op.roles.contains(Role::Admin)) {
        return Error(QCoreApplication::translate("OperatorService",
                                                 "the first account must be an administrator"),
                     QStringLiteral("auth.roles"));
    }
    auto n = count();
    if (!n) {
        return n.error();
    }
    if (*n > 0) {
        return Error(
            QCoreApplication::translate(
                "OperatorService",
                "this database already has operator accounts: sign in as an administrator"),
            QStringLiteral("auth.denied"));
    }
    return insert(op, password, op.login, true);
}

Result<Operator> OperatorService::createDemoAccount(const QString& login, const QString& password)
{
    return insert(NewOperator{login,
                              QCoreApplication::translate("OperatorService", "Demo operator"),
                              roles::all()},
                  password, QStringLiteral("demo-seed"), false);
}

Result<Session> OperatorService::authenticate(const QString& loginInput, const QString& password)
{
    const QString login = loginInput.trimmed();
    AuditLog audit(m_db);
    auto q = m_db.exec(
        QStringLiteral("SELECT id, password_hash, locked, active FROM operators WHERE login = ?"),
        {login});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        q->finish();
        // Same work as for a real account, so that timing does not tell which logins exist.
        static const QString dummy =
            *PasswordHasher::hash(QStringLiteral("timing-equaliser"), m_params);
        PasswordHasher::verify(password, dummy);
        audit.record(login, QStringLiteral("auth.failed"), login, QStringLiteral("unknown login"))
            .ok();
        return invalidCredentials();
    }
    const qint64 id = q->value(0).toLongLong();
    const QString stored = q->value(1).toString();
    const bool locked = q->value(2).toInt() != 0;
    const bool active = q->value(3).toInt() != 0;
    q->finish();

    if (!active) {
        audit.record(login, QStringLiteral("auth.failed"), login, QStringLiteral("inactive")).ok();
        return Error(QCoreApplication::translate("OperatorService", "this account is disabled"),
                     QStringLiteral("auth.inactive"));
    }
    if (locked) {
        audit.record(login, QStringLiteral("auth.failed"), login, QStringLiteral("locked")).ok();
        return Error(
            QCoreApplication::translate(
                "OperatorService",
                "this account is locked after %1 wrong passwords: a supervisor must unlock it")
                .arg(kMaxFailures),
            QStringLiteral("auth.locked"));
    }
    const bool good = PasswordHasher::verify(password, stored);

    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (!good) {
        if (Status st = m_db.run(
                QStringLiteral("UPDATE operators SET failed_attempts = failed_attempts + 1 "
                               "WHERE id = ?"),
                {id});
            !st) {
            return st.error();
        }
        auto failures =
            m_db.scalar(QStringLiteral("SELECT failed_attempts FROM operators WHERE id = ?"), {id});
        if (!failures) {
            return failures.error();
        }
        const int n = failures->toInt();
        Error result = invalidCredentials();
        if (n >= kMaxFailures) {
            if (Status st = m_db.run(
                    QStringLiteral("UPDATE operators SET locked = 1, locked_at = ? WHERE id = ?"),
                    {Clock::isoNow(), id});
                !st) {
                return st.error();
            }
            audit
                .record(login, QStringLiteral("auth.locked"), login,
                        QStringLiteral("%1 consecutive failures").arg(n))
                .ok();
            result = Error(
                QCoreApplication::translate(
                    "OperatorService",
                    "wrong password %1 times: the account is now locked and a supervisor must "
                    "unlock it")
                    .arg(n),
                QStringLiteral("auth.locked"));
        } else {
            audit
                .record(login, QStringLiteral("auth.failed"), login,
                        QStringLiteral("failure %1").arg(n))
                .ok();
            result = Error(
                QCoreApplication::translate("OperatorService",
                                            "the password is wrong: %n more failure(s) will lock "
                                            "the account",
                                            nullptr, kMaxFailures - n),
                QStringLiteral("auth.invalid"));
        }
        if (Status st = tx.commit(); !st) {
            return st.error();
        }
        qCInfo(lcAuth) << "failed sign-in for" << login;
        return result;
    }

    QString rehash;
    // An account central manages keeps central's hash (central sends it again otherwise).
    const auto central = managedByCentral();
    if (central && !*central && PasswordHasher::needsRehash(stored, m_params)) {
        if (auto h = PasswordHasher::hash(password, m_params)) {
            rehash = *h;
        }
    }
    Status st =
        rehash.isEmpty()
            ? m_db.run(
                  QStringLiteral(
                      "UPDATE operators SET failed_attempts = 0, last_login_at = ? WHERE id = ?"),
                  {Clock::isoNow(), id})
            : m_db.run(
                  QStringLiteral("UPDATE operators SET failed_attempts = 0, last_login_at = ?, "
                                 "password_hash = ? WHERE id = ?"),
                  {Clock::isoNow(), rehash, id});
    if (!st) {
        return st.error();
    }
    if (st = audit.record(login, QStringLiteral("auth.login"), login); !st) {
        return st.error();
    }
    if (st = tx.commit(); !st) {
        return st.error();
    }
    auto op = load(id);
    if (!op) {
        return op.error();
    }
    return Session(*op);
}

Status OperatorService::unlock(const QString& login, const Session& by)
{
    if (Status st = by.require(Permission::UnlockOperators); !st) {
        return st;
    }
    auto op = existing(login);
    if (!op) {
        return op.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(
            QStringLiteral("UPDATE operators SET locked = 0, locked_at = NULL, failed_attempts = 0 "
                           "WHERE id = ?"),
            {op->id});
        !st) {
        return st;
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("operator.unlock"), login);
        !st) {
        return st;
    }
    return tx.commit();
}

Result<Operator> OperatorService::existing(const QString& login) const
{
    auto op = find(login);
    if (!op) {
        return op.error();
    }
    if (!op->has_value()) {
        return Error(
            QCoreApplication::translate("OperatorService", "there is no operator %1").arg(login),
            QStringLiteral("auth.unknown"));
    }
    return **op;
}

Status OperatorService::storePassword(const Operator& op, const QString& password,
                                      const QString& actor, const QString& action)
{
    if (Status st = PasswordHasher::checkPolicy(password, op.login); !st) {
        return st;
    }
    auto hash = PasswordHasher::hash(password, m_params);
    if (!hash) {
        return hash.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    // A new password also ends a lockout: whoever set it knows it.
    if (Status st = m_db.run(
            QStringLiteral("UPDATE operators SET password_hash = ?, password_changed_at = ?, "
                           "locked = 0, locked_at = NULL, failed_attempts = 0 WHERE id = ?"),
            {*hash, Clock::isoNow(), op.id});
        !st) {
        return st;
    }
    if (Status st = AuditLog(m_db).record(actor, action, op.login); !st) {
        return st;
    }
    return tx.commit();
}

Status OperatorService::changePassword(const QString& login, const QString& oldPassword,
                                       const QString& newPassword)
{
    if (Status st = refuseWhenCentral(); !st) {
        return st;
    }
    auto session = authenticate(login, oldPassword);
    if (!session) {
        return session.error();
    }
    if (oldPassword == newPassword) {
        return Error(QCoreApplication::translate("OperatorService",
                                                 "the new password must differ from the old one"),
                     QStringLiteral("auth.policy"));
    }
    return storePassword(session->op(), newPassword, login, QStringLiteral("operator.password"));
}

Status OperatorService::resetPassword(const QString& login, const QString& newPassword,
                                      const Session& by)
{
    if (Status st = by.require(Permission::ManageOperators); !st) {
        return st;
    }
    if (Status st = refuseWhenCentral(); !st) {
        return st;
    }
    auto op = existing(login);
    if (!op) {
        return op.error();
    }
    return storePassword(*op, newPassword, by.login(), QStringLiteral("operator.password_reset"));
}

Result<bool> OperatorService::managedByCentral() const
{
    auto v =
        m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators WHERE managed_by = 'central'"));
    if (!v) {
        return v.error();
    }
    return v->toInt() > 0;
}

Status OperatorService::refuseWhenCentral() const
{
    auto central = managedByCentral();
    if (!central) {
        return central.error();
    }
    if (*central) {
        return Error(QCoreApplication::translate("OperatorService",
                                                 "operators are managed on central: add them and "
                                                 "set their passwords there"),
                     QStringLiteral("auth.central"));
    }
    return {};
}

Result<OperatorService::SyncSummary>
OperatorService::applyFromCentral(const QList<SyncedOperator>& operators)
{
    // Roles from central are taken as they are, without the training requirements of
    // learning::LearningService::checkRoleRequirements: central is authoritative for accounts.
    SyncSummary summary;
    if (operators.isEmpty()) {
        return summary; // central manages none: this installation keeps its own
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    QSet<QString> known;
    const QString now = Clock::isoNow();
    for (const SyncedOperator& op : operators) {
        if (!validateLogin(op.login) || op.passwordHash.isEmpty()) {
            return Error(QCoreApplication::translate("OperatorService",
                                                     "central sent an unusable operator (%1)")
                             .arg(op.login),
                         QStringLiteral("auth.central_data"));
        }
        known.insert(op.login);
        auto row = m_db.exec(QStringLiteral("SELECT id, display_name, password_hash, active, "
                                            "managed_by FROM operators WHERE login = ?"),
                             {op.login});
        if (!row) {
            return row.error();
        }
        qint64 id = 0;
        bool same = false;
        bool inserted = false;
        if (row->next()) {
            id = row->value(0).toLongLong();
            same = row->value(1).toString() == op.displayName &&
                   row->value(2).toString() == op.passwordHash &&
                   (row->value(3).toInt() != 0) == op.active &&
                   row->value(4).toString() == QStringLiteral("central");
            const bool newPassword = row->value(2).toString() != op.passwordHash;
            row->finish();
            if (!same) {
                if (Status st = m_db.run(
                        QStringLiteral("UPDATE operators SET display_name = ?, password_hash = ?, "
                                       "active = ?, managed_by = 'central', password_changed_at "
                                       "= CASE WHEN ? THEN ? ELSE password_changed_at END WHERE "
                                       "id = ?"),
                        {op.displayName, op.passwordHash, op.active ? 1 : 0, newPassword ? 1 : 0,
                         now, id});
                    !st) {
                    return st.error();
                }
            }
        } else {
            row->finish();
            if (Status st = m_db.run(
                    QStringLiteral("INSERT INTO operators (login, display_name, password_hash, "
                                   "active, managed_by, created_at, password_changed_at) VALUES "
                                   "(?, ?, ?, ?, 'central', ?, ?)"),
                    {op.login, op.displayName, op.passwordHash, op.active ? 1 : 0, now, now});
                !st) {
                return st.error();
            }
            auto newId =
                m_db.scalar(QStringLiteral("SELECT id FROM operators WHERE login = ?"), {op.login});
            if (!newId) {
                return newId.error();
            }
            id = newId->toLongLong();
            inserted = true;
            ++summary.added;
        }
        // Roles as central has them.
        QStringList have;
        auto roles = m_db.exec(
            QStringLiteral("SELECT role FROM operator_roles WHERE operator_id = ? ORDER BY role"),
            {id});
        if (!roles) {
            return roles.error();
        }
        while (roles->next()) {
            have << roles->value(0).toString();
        }
        roles->finish();
        QStringList want;
        for (const QString& r : op.roles) {
            if (roles::fromId(r) && !want.contains(r)) {
                want << r;
            }
        }
        want.sort();
        if (have != want) {
            same = false;
            if (Status st = m_db.run(
                    QStringLiteral("DELETE FROM operator_roles WHERE operator_id = ?"), {id});
                !st) {
                return st.error();
            }
            for (const QString& r : std::as_const(want)) {
                if (Status st = m_db.run(QStringLiteral("INSERT INTO operator_roles (operator_id, "
                                                        "role) VALUES (?, ?)"),
                                         {id, r});
                    !st) {
                    return st.error();
                }
            }
        }
        if (!inserted && !same) {
            ++summary.changed;
        }
    }
    // Accounts central does not know are disabled (kept, for the audit log's sake).
    auto local = m_db.exec(QStringLiteral("SELECT login FROM operators WHERE active = 1"));
    if (!local) {
        return local.error();
    }
    QStringList stale;
    while (local->next()) {
        if (!known.contains(local->value(0).toString())) {
            stale << local->value(0).toString();
        }
    }
    local->finish();
    for (const QString& login : std::as_const(stale)) {
        if (Status st = m_db.run(QStringLiteral("UPDATE operators SET active = 0, managed_by = "
                                                "'central' WHERE login = ?"),
                                 {login});
            !st) {
            return st.error();
        }
        ++summary.disabled;
    }
    if (summary.added + summary.changed + summary.disabled > 0) {
        if (Status st = AuditLog(m_db).record(QStringLiteral("central"),
                                              QStringLiteral("operator.sync"), {},
                                              QStringLiteral("added %1, changed %2, disabled %3")
                                                  .arg(summary.added)
                                                  .arg(summary.changed)
                                                  .arg(summary.disabled));
            !st) {
            return st.error();
        }
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return summary;
}

} // namespace madoguchi
