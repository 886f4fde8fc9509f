#include "storage/BatchInsert.h"

#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

namespace madoguchi {

struct BatchInsert::Native
{
    sqlite3* db = nullptr;
    sqlite3_stmt* stmt = nullptr;
    QList<QByteArray> text;
    ~Native()
    {
        if (stmt) {
            sqlite3_finalize(stmt);
        }
    }
};

BatchInsert::~BatchInsert() = default;

BatchInsert::BatchInsert(Database db, QString table, QStringList columns, int rowsPerStatement)
    : m_db(std::move(db)), m_table(std::move(table)), m_columns(std::move(columns)),
      m_rowsPerStatement(rowsPerStatement > 0 ? rowsPerStatement
                         : m_db.isSQLite()    ? 8
                                              : 200)
{
    if (!m_db.isSQLite()) {
        return;
    }
    const QVariant handle = m_db.sql().driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0) {
        return;
    }
    auto native = std::make_unique<Native>();
    native->db = *static_cast<sqlite3* const*>(handle.constData());
    const QByteArray sql = statementFor(1).toUtf8();
    if (native->db && sqlite3_prepare_v2(native->db, sql.constData(), int(sql.size()),
                                         &native->stmt, nullptr) == SQLITE_OK) {
        m_native = std::move(native);
    }
}

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
    if (row.size() != m_columns.size()) {
        // Never shift values into the wrong columns (or the next row on PostgreSQL).
        return Error(QStringLiteral("%1: %2 values for %3 columns")
                         .arg(m_table)
                         .arg(row.size())
                         .arg(m_columns.size()),
                     QStringLiteral("db.error"));
    }
    if (m_native) {
        sqlite3_stmt* st = m_native->stmt;
        // The UTF-8 of each text cell stays alive until the row is stepped (SQLITE_STATIC).
        m_native->text.resize(row.size());
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QVariant& v = row.at(i);
            const int col = int(i) + 1;
            int rc = SQLITE_OK;
            switch (v.typeId()) {
            case QMetaType::Bool:
            case QMetaType::Int:
            case QMetaType::UInt:
            case QMetaType::LongLong:
            case QMetaType::ULongLong:
                rc = v.isNull() ? sqlite3_bind_null(st, col)
                                : sqlite3_bind_int64(st, col, v.toLongLong());
                break;
            case QMetaType::Double:
                rc = v.isNull() ? sqlite3_bind_null(st, col)
                                : sqlite3_bind_double(st, col, v.toDouble());
                break;
            case QMetaType::QString:
                if (v.isNull()) {
                    rc = sqlite3_bind_null(st, col);
                } else {
                    // A null QString in a non-null variant is the empty string, as in sqlValue().
                    QByteArray& text = m_native->text[i];
                    text = static_cast<const QString*>(v.constData())->toUtf8();
                    rc = sqlite3_bind_text(st, col, text.constData(), int(text.size()),
                                           SQLITE_STATIC);
                }
                break;
            default:
                if (v.isNull()) {
                    rc = sqlite3_bind_null(st, col);
                } else {
                    const QByteArray text = sqlValue(v).toString().toUtf8();
                    rc = sqlite3_bind_text(st, col, text.constData(), int(text.size()),
                                           SQLITE_TRANSIENT);
                }
            }
            if (rc != SQLITE_OK) {
                return Error(QStringLiteral("%1: %2").arg(
                                 m_table, QString::fromUtf8(sqlite3_errmsg(m_native->db))),
                             QStringLiteral("db.error"));
            }
        }
        const int rc = sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (rc != SQLITE_DONE) {
            return Error(QStringLiteral("%1: %2").arg(
                             m_table, QString::fromUtf8(sqlite3_errmsg(m_native->db))),
                         QStringLiteral("db.error"));
        }
        ++m_inserted;
        return {};
    }
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
