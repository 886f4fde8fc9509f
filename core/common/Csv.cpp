#include "common/Csv.h"

#include <QCoreApplication>

namespace madoguchi {

QString csvRecord(const QStringList& fields)
{
    QStringList out;
    out.reserve(fields.size());
    for (const QString& v : fields) {
        if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r')) {
            out << u'"' + QString(v).replace(u'"', QStringLiteral("\"\"")) + u'"';
        } else {
            out << v;
        }
    }
    return out.join(u',');
}

CsvReader::CsvReader(QIODevice* device) : m_device(device) {}

Result<QStringList> CsvReader::parseRecord(const QString& record)
{
    QStringList fields;
    QString current;
    bool quoted = false;
    bool fieldWasQuoted = false;
    const qsizetype n = record.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = record.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < n && record.at(i + 1) == u'"') {
                    current += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                current += c;
            }
        } else if (c == u',') {
            fields << current;
            current.clear();
            fieldWasQuoted = false;
        } else if (c == u'"') {
            if (!current.isEmpty() || fieldWasQuoted) {
                return Error(QCoreApplication::translate("Csv", "a quote inside an unquoted field"),
                             QStringLiteral("csv.quote"));
            }
            quoted = true;
            fieldWasQuoted = true;
        } else {
            if (fieldWasQuoted) {
                return Error(QCoreApplication::translate("Csv", "text after a closing quote"),
                             QStringLiteral("csv.quote"));
            }
            current += c;
        }
    }
    if (quoted) {
        return Error(QCoreApplication::translate("Csv", "a quoted field is not closed"),
                     QStringLiteral("csv.unterminated"));
    }
    fields << current;
    return fields;
}

bool CsvReader::readRecord(QString& out)
{
    out.clear();
    bool inQuotes = false;
    bool any = false;
    while (!m_device->atEnd()) {
        QByteArray raw = m_device->readLine();
        ++m_line;
        any = true;
        QString line = QString::fromUtf8(raw);
        for (QChar c : std::as_const(line)) {
            if (c == u'"') {
                inQuotes = !inQuotes;
            }
        }
        out += line;
        if (!inQuotes) {
            break;
        }
    }
    while (out.endsWith(u'\n') || out.endsWith(u'\r')) {
        out.chop(1);
    }
    if (!any) {
        return false;
    }
    if (inQuotes) {
        // Let parseRecord report the unterminated quote.
        return true;
    }
    return true;
}

Status CsvReader::readHeader(const QStringList& requiredColumns)
{
    QString record;
    if (!readRecord(record)) {
        return Error(QCoreApplication::translate("Csv", "the file is empty"),
                     QStringLiteral("csv.empty"));
    }
    if (record.startsWith(QChar(0xFEFF))) {
        record.remove(0, 1);
    }
    auto header = parseRecord(record);
    if (!header) {
        return header.error();
    }
    m_columns.clear();
    for (qsizetype i = 0; i < header->size(); ++i) {
        m_columns.insert(header->at(i).trimmed(), i);
    }
    QStringList missing;
    for (const QString& col : requiredColumns) {
        if (!m_columns.contains(col)) {
            missing << col;
        }
    }
    if (!missing.isEmpty()) {
        return Error(QCoreApplication::translate("Csv", "missing columns: %1")
                         .arg(missing.join(QStringLiteral(", "))),
                     QStringLiteral("csv.columns"));
    }
    return {};
}

bool CsvReader::next()
{
    m_error.clear();
    QString record;
    do {
        if (!readRecord(record)) {
            return false;
        }
    } while (record.isEmpty());
    auto parsed = parseRecord(record);
    if (!parsed) {
        m_error = QCoreApplication::translate("Csv", "line %1: %2")
                      .arg(m_line)
                      .arg(parsed.error().message);
        return false;
    }
    if (parsed->size() != m_columns.size()) {
        m_error = QCoreApplication::translate("Csv", "line %1: %2 fields where the header has %3")
                      .arg(m_line)
                      .arg(parsed->size())
                      .arg(m_columns.size());
        return false;
    }
    m_row = std::move(parsed).value();
    return true;
}

QString CsvReader::field(const QString& column) const
{
    const qsizetype idx = m_columns.value(column, -1);
    return idx >= 0 && idx < m_row.size() ? m_row.at(idx) : QString();
}

} // namespace madoguchi
