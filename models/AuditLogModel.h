#pragma once
// The audit log as a table, newest first, for supervisors.

#include "audit/AuditLog.h"

#include <QAbstractTableModel>

namespace madoguchi {

class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Operator, Terminal, Action, Target, Purpose, Detail, ColumnCount };

    explicit AuditLogModel(Database db, QObject* parent = nullptr);

    Status load(const AuditFilter& filter, const Session& by);
    const AuditEntry& entryAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    Database m_db;
    QList<AuditEntry> m_rows;
};

} // namespace madoguchi
