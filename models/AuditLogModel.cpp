#include "AuditLogModel.h"

#include <QLocale>

namespace madoguchi {

AuditLogModel::AuditLogModel(Database db, QObject* parent)
    : QAbstractTableModel(parent), m_db(std::move(db))
{}

Status AuditLogModel::load(const AuditFilter& filter, const Session& by)
{
    auto rows = AuditLog(m_db).browse(filter, by);
    if (!rows) {
        return rows.error();
    }
    beginResetModel();
    m_rows = *rows;
    endResetModel();
    return {};
}

int AuditLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        role != Qt::DisplayRole) {
        return {};
    }
    const AuditEntry& e = m_rows.at(index.row());
    switch (index.column()) {
    case Time:
        return e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Operator:
        return e.operatorLogin;
    case Terminal:
        return e.terminal;
    case Action:
        return e.action;
    case Target:
        return e.target;
    case Purpose:
        return e.purpose;
    case Detail:
        return e.detail;
    default:
        return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Time:
        return tr("Time");
    case Operator:
        return tr("Operator");
    case Terminal:
        return tr("Terminal");
    case Action:
        return tr("Action");
    case Target:
        return tr("Target");
    case Purpose:
        return tr("Purpose");
    case Detail:
        return tr("Detail");
    default:
        return {};
    }
}

} // namespace madoguchi
