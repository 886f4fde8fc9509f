#pragma once
// RAII transaction: rolls back unless commit() succeeded. Guards nest: an inner guard joins the
// outer transaction, and an inner guard that is not committed makes the outer commit fail.
//
//   Transaction tx(db, Transaction::Write);
//   if (!tx.ok()) return tx.error();
//   ... statements ...
//   return tx.commit();

#include "storage/Database.h"

namespace madoguchi {

class Transaction
{
public:
    // Write takes the write lock at once on SQLite (BEGIN IMMEDIATE), so that read-then-write
    // sequences do not fail half-way with SQLITE_BUSY.
    enum Mode { Read, Write };

    explicit Transaction(const Database& db, Mode mode = Write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool ok() const { return m_begun.ok(); }
    const Error& error() const { return m_begun.error(); }
    bool isOutermost() const { return m_outermost; }

    Status commit();
    void rollback();

private:
    Database m_db;
    Status m_begun;
    bool m_outermost = false;
    bool m_finished = false;
};

} // namespace madoguchi
