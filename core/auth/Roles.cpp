#include "auth/Roles.h"

#include <QCoreApplication>

namespace madoguchi::roles {

QList<Role> all()
{
    return {Role::Clerk,         Role::CardIssuer, Role::Supervisor,
            Role::DisasterStaff, Role::Trainee,    Role::Admin};
}

QString id(Role role)
{
    switch (role) {
    case Role::Clerk:
        return QStringLiteral("clerk");
    case Role::CardIssuer:
        return QStringLiteral("card_issuer");
    case Role::Supervisor:
        return QStringLiteral("supervisor");
    case Role::DisasterStaff:
        return QStringLiteral("disaster_staff");
    case Role::Trainee:
        return QStringLiteral("trainee");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> fromId(const QString& text)
{
    const QString t = text.trimmed().toLower().replace(u'-', u'_');
    for (Role r : all()) {
        if (id(r) == t) {
            return r;
        }
    }
    return std::nullopt;
}

QString displayName(Role role)
{
    switch (role) {
    case Role::Clerk:
        return QCoreApplication::translate("Roles", "Counter clerk");
    case Role::CardIssuer:
        return QCoreApplication::translate("Roles", "Card issuer");
    case Role::Supervisor:
        return QCoreApplication::translate("Roles", "Supervisor");
    case Role::DisasterStaff:
        return QCoreApplication::translate("Roles", "Disaster staff");
    case Role::Trainee:
        return QCoreApplication::translate("Roles", "Trainee");
    case Role::Admin:
        return QCoreApplication::translate("Roles", "Administrator");
    }
    return {};
}

QList<Permission> allPermissions()
{
    return {Permission::ViewResidents,
            Permission::EditResidents,
            Permission::ViewFullMyNumber,
            Permission::ApproveCorrections,
            Permission::IssueCards,
            Permission::RequestCertificates,
            Permission::ManageDisaster,
            Permission::TakeTraining,
            Permission::ViewTrainingRecords,
            Permission::ManageOperators,
            Permission::UnlockOperators,
            Permission::ManageSettings,
            Permission::ImportReferenceData,
            Permission::Sync,
            Permission::ViewAudit};
}

QSet<Permission> permissions(Role role)
{
    using P = Permission;
    switch (role) {
    case Role::Clerk:
        return {P::ViewResidents, P::EditResidents, P::RequestCertificates, P::TakeTraining,
                P::Sync};
    case Role::CardIssuer:
        return {P::ViewResidents, P::IssueCards, P::RequestCertificates, P::TakeTraining, P::Sync};
    case Role::Supervisor:
        return {P::ViewResidents,    P::EditResidents,
                P::ViewFullMyNumber, P::ApproveCorrections,
                P::IssueCards,       P::RequestCertificates,
                P::TakeTraining,     P::ViewTrainingRecords,
                P::UnlockOperators,  P::Sync,
                P::ViewAudit};
    case Role::DisasterStaff:
        return {P::ManageDisaster, P::TakeTraining, P::Sync};
    case Role::Trainee:
        return {P::TakeTraining};
    case Role::Admin:
        // Administration only: an administrator does not see residents by virtue of the role.
        return {P::ManageOperators,
                P::UnlockOperators,
                P::ManageSettings,
                P::ImportReferenceData,
                P::Sync,
                P::ViewTrainingRecords,
                P::ViewAudit,
                P::TakeTraining};
    }
    return {};
}

QSet<Permission> permissions(const QList<Role>& roleList)
{
    QSet<Permission> out;
    for (Role r : roleList) {
        out.unite(permissions(r));
    }
    return out;
}

QString permissionName(Permission p)
{
    switch (p) {
    case Permission::ViewResidents:
        return QCoreApplication::translate("Roles", "view residents");
    case Permission::EditResidents:
        return QCoreApplication::translate("Roles", "enter resident moves");
    case Permission::ViewFullMyNumber:
        return QCoreApplication::translate("Roles", "see the full My Number");
    case Permission::ApproveCorrections:
        return QCoreApplication::translate("Roles", "approve corrections");
    case Permission::IssueCards:
        return QCoreApplication::translate("Roles", "issue My Number cards");
    case Permission::RequestCertificates:
        return QCoreApplication::translate("Roles", "request certificates");
    case Permission::ManageDisaster:
        return QCoreApplication::translate("Roles", "manage the disaster ledger");
    case Permission::TakeTraining:
        return QCoreApplication::translate("Roles", "take training");
    case Permission::ViewTrainingRecords:
        return QCoreApplication::translate("Roles", "see training records");
    case Permission::ManageOperators:
        return QCoreApplication::translate("Roles", "manage operator accounts");
    case Permission::UnlockOperators:
        return QCoreApplication::translate("Roles", "unlock operator accounts");
    case Permission::ManageSettings:
        return QCoreApplication::translate("Roles", "change installation settings");
    case Permission::ImportReferenceData:
        return QCoreApplication::translate("Roles", "update reference data");
    case Permission::Sync:
        return QCoreApplication::translate("Roles", "synchronise with central");
    case Permission::ViewAudit:
        return QCoreApplication::translate("Roles", "read the audit log");
    }
    return {};
}

} // namespace madoguchi::roles
