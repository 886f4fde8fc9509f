#pragma once
// A lesson drawn as 16:9 slides (720 × 405 pt, the shape of a laptop screen, so that the lesson
// viewer's fit-width shows a whole page): a title page, then each section on pages of its own,
// continued on a new page when it does not fit; every page has the course title and
// "n / N" in its footer. Noto Sans CJK JP. The PDF's creation date is fixed, so the same source
// gives the same bytes.

#include "LessonSource.h"

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace madoguchi::lessonpdf {

inline constexpr double kSlideWidth = 720;
inline constexpr double kSlideHeight = 405;

// Refuses a block too tall for a page, with its source line (lesson.too_long).
Result<QByteArray> renderLesson(const Lesson& lesson, const QString& courseTitle);

} // namespace madoguchi::lessonpdf
