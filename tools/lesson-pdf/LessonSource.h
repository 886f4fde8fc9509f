#pragma once
// A lesson's source: the small Markdown subset of resources/courses/README.md, read into blocks.
//
//   # Title            the title page (the paragraphs up to the first section go on it too)
//   ## Section         a new page with this heading
//   ### Heading        a heading inside the page
//   text               a paragraph (consecutive lines join into one)
//   - item             a bullet (a line indented by two spaces continues it)
//   1. step            a numbered step, numbered as written
//   > note             a note box (consecutive lines are one box, each line its own line)
//   | a | b |          a table; the first row is the header, a |---|---| row under it is skipped
//   ---                a page break (the section goes on, headed "（続き）")
//
// Inline: **bold** and `code`. Anything else is text as written.

#include "common/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace madoguchi::lessonpdf {

struct Block
{
    enum class Kind {
        Title,
        Section,
        Heading,
        Paragraph,
        Bullet,
        Numbered,
        Note,
        Table,
        PageBreak
    };
    Kind kind = Kind::Paragraph;
    QString text;            // Pango markup (inline Markdown converted, the rest escaped)
    QString number;          // Numbered: "1." as written
    QList<QStringList> rows; // Table: cells as Pango markup, the header first
    int line = 0;            // where it starts in the source, for messages
};

struct Lesson
{
    QString title;       // plain text, from the "# " line
    QList<Block> blocks; // the title page's paragraphs first, then the sections
};

// Refuses, with the line, what would otherwise come out wrong: no title or two, text before the
// title, an unclosed ** or `, a table row whose cells do not match the header's.
Result<Lesson> parseLesson(const QString& source);

// **bold** and `code` as Pango markup, everything else escaped; an error names what is unclosed.
Result<QString> inlineMarkup(const QString& text);

} // namespace madoguchi::lessonpdf
