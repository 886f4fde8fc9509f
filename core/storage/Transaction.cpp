#include "storage/Transaction.h"

#include "common/Log.h"

#include <QCoreApplication>

namespace madoguchi {

Transaction::Transaction(const Database& db, Mode mode) : m_db(db)
{
    int& depth = m_db.transactionDepth();
    if (depth > 0) {
        ++depth;
        return;
    }
    m_outermost = true;
    const QString begin = m_db.isSQLite() && mode == Write ? QStringLiteral("BEGIN IMMEDIATE")
                                                           : QStringLiteral("BEGIN");
    m_begun = m_db.run(begin);
    if (m_begun.ok()) {
        depth = 1;
        m_db.rollbackOnly() = false;
    } else {
        m_finished = true;
    }
}

Transaction::~Transaction()
{
    if (!m_finished) {
        rollback();
    }
}

Status Transaction::commit()
{
    if (!m_begun.ok()) {
        return m_begun;
    }
    if (m_finished) {
        return Error(
            QCoreApplication::translate("Transaction", "the transaction has already ended"),
            QStringLiteral("db.tx"));
    }
    m_finished = true;
    int& depth = m_db.transactionDepth();
    if (!m_outermost) {
        --depth;
        return {};
    }
    if (m_db.rollbackOnly()) {
        m_db.run(QStringLiteral("ROLLBACK")).ok();
        depth = 0;
        m_db.rollbackOnly() = false;
        return Error(QCoreApplication::translate(
                         "Transaction", "a part of the transaction failed; nothing was saved"),
                     QStringLiteral("db.tx.rollback_only"));
    }
    Status st = m_db.run(QStringLiteral("COMMIT"));
    if (!st) {
        m_db.run(QStringLiteral("ROLLBACK")).ok();
    }
    depth = 0;
    return st;
}

void Transaction::rollback()
{
    if (m_finished) {
        return;
    }
    m_finished = true;
    int& depth = m_db.transactionDepth();
    if (!m_outermost) {
        --depth;
        m_db.rollbackOnly() = true;
        return;
    }
    if (Status st = m_db.run(QStringLiteral("ROLLBACK")); !st) {
        qCWarning(lcStorage) << "rollback failed:" << st.errorMessage();
    }
    depth = 0;
    m_db.rollbackOnly() = false;
}

} // namespace madoguchi
