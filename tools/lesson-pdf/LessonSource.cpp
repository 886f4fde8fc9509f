#include "LessonSource.h"

#include <QRegularExpression>

namespace madoguchi::lessonpdf {

namespace {

Error sourceError(int line, const QString& what)
{
    return Error(QStringLiteral("line %1: %2").arg(line).arg(what),
                 QStringLiteral("lesson.source"));
}

// Lines of one paragraph join with a space between Latin words and with nothing between
// Japanese ones.
QString joinLines(const QString& before, const QString& after)
{
    if (before.isEmpty()) {
        return after;
    }
    const bool latin = before.back().unicode() < 0x80 && after.front().unicode() < 0x80;
    return before + (latin ? QStringLiteral(" ") : QString()) + after;
}

QStringList tableCells(const QString& line)
{
    QString inner = line.trimmed();
    inner = inner.mid(1);
    if (inner.endsWith(QLatin1Char('|'))) {
        inner.chop(1);
    }
    QStringList cells = inner.split(QLatin1Char('|'));
    for (QString& cell : cells) {
        cell = cell.trimmed();
    }
    return cells;
}

bool isSeparatorRow(const QStringList& cells)
{
    static const QRegularExpression dashes(QStringLiteral("^:?-{3,}:?$"));
    for (const QString& cell : cells) {
        if (!dashes.match(cell).hasMatch()) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<QString> inlineMarkup(const QString& text)
{
    QString out;
    bool bold = false;
    bool code = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('`')) {
            out += code ? QStringLiteral("</tt>") : QStringLiteral("<tt>");
            code = !code;
        } else if (!code && c == QLatin1Char('*') && i + 1 < text.size() &&
                   text.at(i + 1) == QLatin1Char('*')) {
            out += bold ? QStringLiteral("</b>") : QStringLiteral("<b>");
            bold = !bold;
            ++i;
        } else {
            out += QString(c).toHtmlEscaped();
        }
    }
    if (bold) {
        return Error(QStringLiteral("** is not closed"), QStringLiteral("lesson.source"));
    }
    if (code) {
        return Error(QStringLiteral("` is not closed"), QStringLiteral("lesson.source"));
    }
    return out;
}

Result<Lesson> parseLesson(const QString& source)
{
    static const QRegularExpression numbered(QStringLiteral("^(\\d{1,2}\\.) (.+)$"));
    Lesson lesson;
    const QStringList lines = source.split(QLatin1Char('\n'));

    // Text of the block being gathered (paragraph, bullet, numbered step, note) in Markdown.
    Block current;
    QString pending;
    bool gathering = false;
    QList<QStringList> tableRows;
    QList<int> tableLines; // the source line of each row

    auto flushText = [&]() -> Status {
        if (!gathering) {
            return {};
        }
        gathering = false;
        QString markup;
        if (current.kind == Block::Kind::Note) {
            QStringList parts;
            for (const QString& part : pending.split(QLatin1Char('\n'))) {
                Result<QString> m = inlineMarkup(part);
                if (!m) {
                    return sourceError(current.line, m.error().message);
                }
                parts << *m;
            }
            markup = parts.join(QLatin1Char('\n'));
        } else {
            Result<QString> m = inlineMarkup(pending);
            if (!m) {
                return sourceError(current.line, m.error().message);
            }
            markup = *m;
        }
        current.text = markup;
        lesson.blocks << current;
        pending.clear();
        return {};
    };
    auto flushTable = [&]() -> Status {
        if (tableRows.isEmpty()) {
            return {};
        }
        Block table;
        table.kind = Block::Kind::Table;
        table.line = tableLines.first();
        const qsizetype columns = tableRows.first().size();
        for (qsizetype r = 0; r < tableRows.size(); ++r) {
            const QStringList& row = tableRows.at(r);
            const int rowLine = tableLines.at(r);
            if (row.size() != columns) {
                return sourceError(rowLine, QStringLiteral("%1 cells where the header has %2")
                                                .arg(row.size())
                                                .arg(columns));
            }
            QStringList cells;
            for (const QString& cell : row) {
                Result<QString> m = inlineMarkup(cell);
                if (!m) {
                    return sourceError(rowLine, m.error().message);
                }
                cells << *m;
            }
            table.rows << cells;
        }
        lesson.blocks << table;
        tableRows.clear();
        tableLines.clear();
        return {};
    };
    auto start = [&](Block::Kind kind, int line, const QString& text, const QString& number = {}) {
        current = Block();
        current.kind = kind;
        current.line = line;
        current.number = number;
        pending = text;
        gathering = true;
    };

    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNo = static_cast<int>(i) + 1;
        QString raw = lines.at(i);
        if (raw.endsWith(QLatin1Char('\r'))) {
            raw.chop(1);
        }
        const QString line = raw.trimmed();

        if (line.startsWith(QLatin1Char('|'))) {
            if (Status s = flushText(); !s) {
                return s.error();
            }
            const QStringList cells = tableCells(line);
            if (tableRows.size() == 1 && isSeparatorRow(cells)) {
                continue;
            }
            tableRows << cells;
            tableLines << lineNo;
            continue;
        }
        if (Status s = flushTable(); !s) {
            return s.error();
        }

        if (line.isEmpty()) {
            if (Status s = flushText(); !s) {
                return s.error();
            }
            continue;
        }
        // A continuation: an indented line under a bullet or step, or the next line of a
        // paragraph or note.
        if (gathering && raw.startsWith(QStringLiteral("  ")) &&
            (current.kind == Block::Kind::Bullet || current.kind == Block::Kind::Numbered)) {
            pending = joinLines(pending, line);
            continue;
        }
        const bool isTitle = line.startsWith(QStringLiteral("# "));
        if (lesson.title.isEmpty() && !isTitle) {
            return sourceError(lineNo,
                               QStringLiteral("the lesson must start with its title (# …)"));
        }
        if (isTitle) {
            if (!lesson.title.isEmpty()) {
                return sourceError(lineNo, QStringLiteral("a lesson has one title (# …)"));
            }
            lesson.title = line.mid(2).trimmed();
            Block title;
            title.kind = Block::Kind::Title;
            title.line = lineNo;
            title.text = lesson.title.toHtmlEscaped();
            lesson.blocks << title;
            continue;
        }
        if (line.startsWith(QStringLiteral("## ")) || line.startsWith(QStringLiteral("### "))) {
            if (Status s = flushText(); !s) {
                return s.error();
            }
            const bool section = line.startsWith(QStringLiteral("## "));
            Block heading;
            heading.kind = section ? Block::Kind::Section : Block::Kind::Heading;
            heading.line = lineNo;
            Result<QString> m = inlineMarkup(line.mid(section ? 3 : 4).trimmed());
            if (!m) {
                return sourceError(lineNo, m.error().message);
            }
            heading.text = *m;
            lesson.blocks << heading;
            continue;
        }
        if (line == QStringLiteral("---")) {
            if (Status s = flushText(); !s) {
                return s.error();
            }
            Block pageBreak;
            pageBreak.kind = Block::Kind::PageBreak;
            pageBreak.line = lineNo;
            lesson.blocks << pageBreak;
            continue;
        }
        if (line.startsWith(QStringLiteral("- "))) {
            if (Status s = flushText(); !s) {
                return s.error();
            }
            start(Block::Kind::Bullet, lineNo, line.mid(2).trimmed());
            continue;
        }
        if (const QRegularExpressionMatch m = numbered.match(line); m.hasMatch()) {
            if (Status s = flushText(); !s) {
                return s.error();
            }
            start(Block::Kind::Numbered, lineNo, m.captured(2).trimmed(), m.captured(1));
            continue;
        }
        if (line.startsWith(QLatin1Char('>'))) {
            const QString text = line.mid(1).trimmed();
            if (gathering && current.kind == Block::Kind::Note) {
                pending += QLatin1Char('\n') + text;
            } else {
                if (Status s = flushText(); !s) {
                    return s.error();
                }
                start(Block::Kind::Note, lineNo, text);
            }
            continue;
        }
        if (gathering && current.kind == Block::Kind::Paragraph) {
            pending = joinLines(pending, line);
            continue;
        }
        if (Status s = flushText(); !s) {
            return s.error();
        }
        start(Block::Kind::Paragraph, lineNo, line);
    }
    if (Status s = flushText(); !s) {
        return s.error();
    }
    if (Status s = flushTable(); !s) {
        return s.error();
    }
    if (lesson.title.isEmpty()) {
        return sourceError(1, QStringLiteral("the lesson has no title (# …)"));
    }
    return lesson;
}

} // namespace madoguchi::lessonpdf
