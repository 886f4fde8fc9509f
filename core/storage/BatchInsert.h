#pragma once
// Inserts many rows with one prepared multi-row INSERT, reused for every full batch: many rows
// per round trip on PostgreSQL; few on SQLite, whose parameter lookup grows with the square of
// the parameters in a statement. Use inside a Transaction.

#include "storage/Database.h"

#include <QStringList>

namespace madoguchi {

class BatchInsert
{
public:
    // rowsPerStatement 0: chosen for the engine.
    BatchInsert(Database db, QString table, QStringList columns, int rowsPerStatement = 0);

    Status add(const QVariantList& row); // flushes when the batch is full
    Status flush();
    // Rows that reference `parent`'s rows: the parent's pending rows are written first.
    void flushFirst(BatchInsert* parent) { m_parent = parent; }
    qint64 inserted() const { return m_inserted; }

private:
    Database m_db;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    QVariantList m_pending;
    int m_pendingRows = 0;
    QSqlQuery m_full;
    bool m_fullPrepared = false;
    qint64 m_inserted = 0;
    BatchInsert* m_parent = nullptr;

    QString statementFor(int rows) const;
};

} // namespace madoguchi
