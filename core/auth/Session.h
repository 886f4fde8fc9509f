#pragma once
// The signed-in operator and what they may do. Services take a Session and check the
// permission they need with require().

#include "auth/Roles.h"
#include "common/Result.h"

#include <QDateTime>

namespace madoguchi {

struct Operator
{
    qint64 id = 0;
    QString login;
    QString displayName;
    QList<Role> roles;
    bool locked = false;
    bool active = true;
    int failedAttempts = 0;
    QDateTime createdAt;
    QDateTime lastLoginAt;
    QString rolesDisplay() const; // "窓口担当、監督者"
};

class Session
{
public:
    Session() = default;
    explicit Session(Operator op);

    bool isValid() const { return m_operator.id != 0; }
    const Operator& op() const { return m_operator; }
    const QString& login() const { return m_operator.login; }
    bool can(Permission p) const { return m_permissions.contains(p); }
    bool hasRole(Role r) const { return m_operator.roles.contains(r); }
    // An error that names the missing permission, for the user.
    Status require(Permission p) const;

private:
    Operator m_operator;
    QSet<Permission> m_permissions;
};

} // namespace madoguchi
