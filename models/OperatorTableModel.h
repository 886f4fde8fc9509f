#pragma once
// Operator accounts as a table: login, name, roles, state, last sign-in.

#include "auth/OperatorService.h"

#include <QAbstractTableModel>

namespace madoguchi {

class OperatorTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Login, DisplayName, Roles, State, LastLogin, ColumnCount };
    enum { LockedRole = Qt::UserRole + 1 };

    explicit OperatorTableModel(OperatorService* service, QObject* parent = nullptr);

    Status refresh();
    const Operator& operatorAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    OperatorService* m_service;
    QList<Operator> m_rows;
};

} // namespace madoguchi
