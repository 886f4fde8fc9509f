#include "auth/Session.h"

#include <QCoreApplication>

namespace madoguchi {

QString Operator::rolesDisplay() const
{
    QStringList names;
    for (Role r : roles) {
        names << roles::displayName(r);
    }
    return names.join(QCoreApplication::translate("Operator", ", "));
}

Session::Session(Operator op)
    : m_operator(std::move(op)), m_permissions(roles::permissions(m_operator.roles))
{}

Status Session::require(Permission p) const
{
    if (!isValid()) {
        return Error(QCoreApplication::translate("Session", "nobody is signed in"),
                     QStringLiteral("auth.none"));
    }
    if (!can(p)) {
        return Error(QCoreApplication::translate("Session", "%1 (%2) may not %3")
                         .arg(m_operator.displayName, m_operator.login, roles::permissionName(p)),
                     QStringLiteral("auth.denied"));
    }
    return {};
}

} // namespace madoguchi
