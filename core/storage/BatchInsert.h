#pragma once
// Inserts many rows. On PostgreSQL: one prepared multi-row INSERT reused for every full batch
// (round trips dominate). On SQLite: one prepared single-row statement through SQLite's own API,
// stepped per row (Qt's driver looks up each bound parameter in a list, which grows with the
// square of the parameters per statement). Use inside a Transaction.

#include "storage/Database.h"

#include <QStringList>

#include <memory>

namespace madoguchi {

class BatchInsert
{
public:
    BatchInsert(const BatchInsert&) = delete;
    BatchInsert& operator=(const BatchInsert&) = delete;
    ~BatchInsert();
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
    struct Native;
    std::unique_ptr<Native> m_native; // SQLite

    QString statementFor(int rows) const;
};

} // namespace madoguchi
