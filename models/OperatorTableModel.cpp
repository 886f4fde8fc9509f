#include "OperatorTableModel.h"

#include <QLocale>

namespace madoguchi {

OperatorTableModel::OperatorTableModel(OperatorService* service, QObject* parent)
    : QAbstractTableModel(parent), m_service(service)
{}

Status OperatorTableModel::refresh()
{
    auto rows = m_service->list();
    if (!rows) {
        return rows.error();
    }
    beginResetModel();
    m_rows = *rows;
    endResetModel();
    return {};
}

int OperatorTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OperatorTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperatorTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Operator& op = m_rows.at(index.row());
    if (role == LockedRole) {
        return op.locked;
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case Login:
        return op.login;
    case DisplayName:
        return op.displayName;
    case Roles:
        return op.rolesDisplay();
    case State:
        if (!op.active) {
            return tr("disabled");
        }
        return op.locked ? tr("locked") : tr("active");
    case LastLogin:
        return op.lastLoginAt.isValid()
                   ? QLocale().toString(op.lastLoginAt.toLocalTime(), QLocale::ShortFormat)
                   : tr("never");
    default:
        return {};
    }
}

QVariant OperatorTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Login:
        return tr("Login");
    case DisplayName:
        return tr("Name");
    case Roles:
        return tr("Roles");
    case State:
        return tr("State");
    case LastLogin:
        return tr("Last sign-in");
    default:
        return {};
    }
}

} // namespace madoguchi
