#pragma once
// A small RFC 4180 CSV reader (UTF-8, comma, double-quote quoting, CRLF or LF). Streams row by
// row so that the 140,000-row postal list does not have to sit in memory twice. csvRecord()
// writes one record the reader reads back.

#include "common/Result.h"

#include <QHash>
#include <QIODevice>
#include <QStringList>

namespace madoguchi {

// One record: fields joined by commas, quoted (quotes doubled) when they hold a comma, a quote
// or a line break; no line end.
QString csvRecord(const QStringList& fields);

class CsvReader
{
public:
    explicit CsvReader(QIODevice* device);

    // Reads the header row and checks that every required column is there.
    Status readHeader(const QStringList& requiredColumns);
    // Next row; false at the end or on a malformed row (see error()).
    bool next();
    QString field(const QString& column) const;
    const QStringList& row() const { return m_row; }
    qint64 lineNumber() const { return m_line; }
    const QString& error() const { return m_error; }

    // Parses one complete record (which may contain quoted newlines). Exposed for tests.
    static Result<QStringList> parseRecord(const QString& record);

private:
    bool readRecord(QString& out);

    QIODevice* m_device;
    QHash<QString, qsizetype> m_columns;
    QStringList m_row;
    qint64 m_line = 0;
    QString m_error;
};

} // namespace madoguchi
