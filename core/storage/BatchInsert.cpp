#include "storage/BatchInsert.h"

#include <QSqlError>

namespace madoguchi {

BatchInsert::BatchInsert(Database db, QString table, QStringList columns, int rowsPerStatement)
    : m_db(std::move(db)), m_table(std::move(table)), m_columns(std::move(columns)),
      m_rowsPerStatement(rowsPerStatement > 0 ? rowsPerStatement
                         : m_db.isSQLite()    ? 8
                                              : 200)
{}

QString BatchInsert::statementFor(int rows) const
{
    QString one = QStringLiteral("(");
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        one += i ? QStringLiteral(", ?") : QStringLiteral("?");
    }
    one += u')';
    QStringList values;
    values.reserve(rows);
    for (int i = 0; i < rows; ++i) {
        values << one;
    }
    return QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
        .arg(m_table, m_columns.join(QStringLiteral(", ")), values.join(QStringLiteral(", ")));
}

Status BatchInsert::add(const QVariantList& row)
{
    Q_ASSERT(row.size() == m_columns.size());
    m_pending += row;
    ++m_pendingRows;
    if (m_pendingRows >= m_rowsPerStatement) {
        return flush();
    }
    return {};
}

Status BatchInsert::flush()
{
    if (m_pendingRows == 0) {
        return {};
    }
    if (m_parent) {
        if (Status st = m_parent->flush(); !st) {
            return st;
        }
    }
    Status st;
    if (m_pendingRows == m_rowsPerStatement) {
        if (!m_fullPrepared) {
            m_full = QSqlQuery(m_db.sql());
            if (!m_full.prepare(statementFor(m_rowsPerStatement))) {
                st = sqlError(m_full.lastError(), m_table);
            }
            m_fullPrepared = st.ok();
        }
        if (st) {
            for (qsizetype i = 0; i < m_pending.size(); ++i) {
                m_full.bindValue(int(i), sqlValue(m_pending.at(i)));
            }
            if (!m_full.exec()) {
                st = sqlError(m_full.lastError(), m_table);
            }
        }
    } else {
        st = m_db.run(statementFor(m_pendingRows), m_pending);
    }
    if (st) {
        m_inserted += m_pendingRows;
    }
    m_pending.clear();
    m_pendingRows = 0;
    return st;
}

} // namespace madoguchi
