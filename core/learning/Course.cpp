#include "learning/Course.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

namespace madoguchi::learning {

namespace {

Error manifestError(const QString& what)
{
    return Error(QCoreApplication::translate("Course", "The course manifest is not valid: %1")
                     .arg(visibleText(what)),
                 QStringLiteral("learning.manifest"));
}

Error quizError(const QString& what)
{
    return Error(QCoreApplication::translate("Course", "The course quiz is not valid: %1")
                     .arg(visibleText(what)),
                 QStringLiteral("learning.quiz"));
}

bool isValidPartId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    return re.match(id).hasMatch();
}

bool isSafePackagePath(const QString& path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char('\\')))
        return false;
    const QStringList parts = path.split(QLatin1Char('/'));
    for (const QString& p : parts) {
        if (p.isEmpty() || p == QLatin1String(".") || p == QLatin1String(".."))
            return false;
    }
    return true;
}

std::optional<QuestionType> questionTypeFromId(const QString& id)
{
    if (id == QLatin1String("single"))
        return QuestionType::Single;
    if (id == QLatin1String("multiple"))
        return QuestionType::Multiple;
    if (id == QLatin1String("truefalse"))
        return QuestionType::TrueFalse;
    if (id == QLatin1String("ordering"))
        return QuestionType::Ordering;
    return std::nullopt;
}

} // namespace

QString questionTypeId(QuestionType t)
{
    switch (t) {
    case QuestionType::Single:
        return QStringLiteral("single");
    case QuestionType::Multiple:
        return QStringLiteral("multiple");
    case QuestionType::TrueFalse:
        return QStringLiteral("truefalse");
    case QuestionType::Ordering:
        return QStringLiteral("ordering");
    }
    return {};
}

bool isHiddenCharacter(QChar c)
{
    return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
           c.category() == QChar::Other_Surrogate || c == QChar::ReplacementCharacter;
}

QString visibleText(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (isHiddenCharacter(c))
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

bool isValidCourseId(const QString& id)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9-]{3,64}$"));
    return re.match(id).hasMatch();
}

QList<Lesson> Course::lessons() const
{
    QList<Lesson> out;
    for (const Module& m : modules)
        out += m.lessons;
    return out;
}

Result<Course> parseManifest(const QByteArray& json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return manifestError(
            QCoreApplication::translate("Course", "not a JSON object (%1)").arg(pe.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return manifestError(
            QCoreApplication::translate("Course", "format must be %1").arg(QLatin1String(kFormat)));
    Course c;
    c.id = o.value(QStringLiteral("id")).toString();
    if (!isValidCourseId(c.id))
        return manifestError(
            QCoreApplication::translate("Course", "id must be 3 to 64 of a-z, 0-9 and -"));
    const QJsonValue version = o.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != double(version.toInt()) || version.toInt() < 1)
        return manifestError(
            QCoreApplication::translate("Course", "version must be a whole number from 1"));
    c.version = version.toInt();
    c.title = o.value(QStringLiteral("title")).toString().trimmed();
    if (c.title.isEmpty())
        return manifestError(QCoreApplication::translate("Course", "title is missing"));
    c.titleEn = o.value(QStringLiteral("title_en")).toString().trimmed();
    c.description = o.value(QStringLiteral("description")).toString();
    c.publisher = o.value(QStringLiteral("publisher")).toString().trimmed();
    c.quizFile = o.value(QStringLiteral("quiz")).toString(QStringLiteral("quiz.json"));
    if (!isSafePackagePath(c.quizFile))
        return manifestError(
            QCoreApplication::translate("Course", "quiz must be a path inside the package"));
    const QJsonObject completion = o.value(QStringLiteral("completion")).toObject();
    c.requireAllLessons = completion.value(QStringLiteral("all_lessons")).toBool(true);
    c.requireQuiz = completion.value(QStringLiteral("quiz")).toBool(true);

    const QJsonArray modules = o.value(QStringLiteral("modules")).toArray();
    if (modules.isEmpty())
        return manifestError(
            QCoreApplication::translate("Course", "a course needs at least one module"));
    QSet<QString> moduleIds;
    QSet<QString> lessonIds;
    for (const QJsonValue& mv : modules) {
        const QJsonObject mo = mv.toObject();
        Module m;
        m.id = mo.value(QStringLiteral("id")).toString();
        m.title = mo.value(QStringLiteral("title")).toString().trimmed();
        m.titleEn = mo.value(QStringLiteral("title_en")).toString().trimmed();
        if (!isValidPartId(m.id))
            return manifestError(
                QCoreApplication::translate("Course", "module id \"%1\" is not valid").arg(m.id));
        if (moduleIds.contains(m.id))
            return manifestError(
                QCoreApplication::translate("Course", "module id \"%1\" appears twice").arg(m.id));
        moduleIds.insert(m.id);
        if (m.title.isEmpty())
            return manifestError(
                QCoreApplication::translate("Course", "module \"%1\" has no title").arg(m.id));
        const QJsonArray lessons = mo.value(QStringLiteral("lessons")).toArray();
        if (lessons.isEmpty())
            return manifestError(
                QCoreApplication::translate("Course", "module \"%1\" has no lesson").arg(m.id));
        for (const QJsonValue& lv : lessons) {
            const QJsonObject lo = lv.toObject();
            Lesson l;
            l.id = lo.value(QStringLiteral("id")).toString();
            l.title = lo.value(QStringLiteral("title")).toString().trimmed();
            l.titleEn = lo.value(QStringLiteral("title_en")).toString().trimmed();
            l.pdf = lo.value(QStringLiteral("pdf")).toString();
            if (!isValidPartId(l.id))
                return manifestError(
                    QCoreApplication::translate("Course", "lesson id \"%1\" is not valid")
                        .arg(l.id));
            if (lessonIds.contains(l.id))
                return manifestError(
                    QCoreApplication::translate("Course", "lesson id \"%1\" appears twice")
                        .arg(l.id));
            lessonIds.insert(l.id);
            if (l.title.isEmpty())
                return manifestError(
                    QCoreApplication::translate("Course", "lesson \"%1\" has no title").arg(l.id));
            if (!isSafePackagePath(l.pdf) || !l.pdf.endsWith(QLatin1String(".pdf")))
                return manifestError(
                    QCoreApplication::translate(
                        "Course", "lesson \"%1\" must name a .pdf file inside the package")
                        .arg(l.id));
            m.lessons.append(l);
        }
        c.modules.append(m);
    }
    return c;
}

Result<Quiz> parseQuiz(const QByteArray& json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return quizError(
            QCoreApplication::translate("Course", "not a JSON object (%1)").arg(pe.errorString()));
    const QJsonObject o = doc.object();
    Quiz q;
    q.id = o.value(QStringLiteral("id")).toString();
    if (!isValidPartId(q.id))
        return quizError(QCoreApplication::translate("Course", "id is missing or not valid"));
    q.title = o.value(QStringLiteral("title")).toString().trimmed();
    q.passMark = o.value(QStringLiteral("pass_mark")).toInt(-1);
    if (q.passMark < 1 || q.passMark > 100)
        return quizError(QCoreApplication::translate("Course", "pass_mark must be from 1 to 100"));
    q.maxAttempts = o.value(QStringLiteral("max_attempts")).toInt(-1);
    if (q.maxAttempts < 0 || q.maxAttempts > 100)
        return quizError(
            QCoreApplication::translate("Course", "max_attempts must be from 0 (no limit) to 100"));
    q.shuffle = o.value(QStringLiteral("shuffle")).toBool(true);
    const QJsonArray questions = o.value(QStringLiteral("questions")).toArray();
    if (questions.isEmpty())
        return quizError(QCoreApplication::translate("Course", "there is no question"));
    QSet<QString> ids;
    for (const QJsonValue& v : questions) {
        const QJsonObject qo = v.toObject();
        Question qu;
        qu.id = qo.value(QStringLiteral("id")).toString();
        if (!isValidPartId(qu.id))
            return quizError(
                QCoreApplication::translate("Course", "question id \"%1\" is not valid")
                    .arg(qu.id));
        if (ids.contains(qu.id))
            return quizError(
                QCoreApplication::translate("Course", "question id \"%1\" appears twice")
                    .arg(qu.id));
        ids.insert(qu.id);
        const auto type = questionTypeFromId(qo.value(QStringLiteral("type")).toString());
        if (!type)
            return quizError(
                QCoreApplication::translate(
                    "Course",
                    "question \"%1\": type must be single, multiple, truefalse or ordering")
                    .arg(qu.id));
        qu.type = *type;
        qu.text = qo.value(QStringLiteral("text")).toString().trimmed();
        if (qu.text.isEmpty())
            return quizError(
                QCoreApplication::translate("Course", "question \"%1\" has no text").arg(qu.id));
        qu.explanation = qo.value(QStringLiteral("explanation")).toString().trimmed();
        for (const QJsonValue& a : qo.value(QStringLiteral("answer")).toArray())
            qu.answer.append(a.toString());
        QSet<QString> choiceIds;
        for (const QJsonValue& cv : qo.value(QStringLiteral("choices")).toArray()) {
            const QJsonObject co = cv.toObject();
            Choice ch{co.value(QStringLiteral("id")).toString(),
                      co.value(QStringLiteral("text")).toString().trimmed()};
            if (!isValidPartId(ch.id) || ch.text.isEmpty() || choiceIds.contains(ch.id))
                return quizError(
                    QCoreApplication::translate(
                        "Course", "question \"%1\": each choice needs its own id and a text")
                        .arg(qu.id));
            choiceIds.insert(ch.id);
            qu.choices.append(ch);
        }
        const QSet<QString> answerSet(qu.answer.cbegin(), qu.answer.cend());
        switch (qu.type) {
        case QuestionType::TrueFalse:
            if (!qu.choices.isEmpty() || qu.answer.size() != 1 ||
                (qu.answer.first() != QLatin1String("true") &&
                 qu.answer.first() != QLatin1String("false")))
                return quizError(
                    QCoreApplication::translate(
                        "Course",
                        "question \"%1\": a true/false question has no choices and the answer "
                        "true or false")
                        .arg(qu.id));
            break;
        case QuestionType::Single:
            if (qu.choices.size() < 2 || qu.answer.size() != 1 ||
                !choiceIds.contains(qu.answer.first()))
                return quizError(
                    QCoreApplication::translate(
                        "Course",
                        "question \"%1\": a single-choice question needs two choices or more and "
                        "one answer among them")
                        .arg(qu.id));
            break;
        case QuestionType::Multiple:
            if (qu.choices.size() < 2 || qu.answer.isEmpty() ||
                answerSet.size() != qu.answer.size() || !choiceIds.contains(answerSet))
                return quizError(QCoreApplication::translate(
                                     "Course",
                                     "question \"%1\": a multiple-choice question needs two "
                                     "choices or more and answers among them")
                                     .arg(qu.id));
            break;
        case QuestionType::Ordering:
            if (qu.choices.size() < 2 || answerSet != choiceIds ||
                qu.answer.size() != qu.choices.size())
                return quizError(
                    QCoreApplication::translate(
                        "Course",
                        "question \"%1\": an ordering question's answer lists every choice once")
                        .arg(qu.id));
            break;
        }
        q.questions.append(qu);
    }
    return q;
}

QByteArray manifestJson(const Course& c)
{
    QJsonArray modules;
    for (const Module& m : c.modules) {
        QJsonArray lessons;
        for (const Lesson& l : m.lessons) {
            QJsonObject lo{{QStringLiteral("id"), l.id},
                           {QStringLiteral("title"), l.title},
                           {QStringLiteral("pdf"), l.pdf}};
            if (!l.titleEn.isEmpty())
                lo.insert(QStringLiteral("title_en"), l.titleEn);
            lessons.append(lo);
        }
        QJsonObject mo{{QStringLiteral("id"), m.id},
                       {QStringLiteral("title"), m.title},
                       {QStringLiteral("lessons"), lessons}};
        if (!m.titleEn.isEmpty())
            mo.insert(QStringLiteral("title_en"), m.titleEn);
        modules.append(mo);
    }
    QJsonObject o{{QStringLiteral("format"), QLatin1String(kFormat)},
                  {QStringLiteral("id"), c.id},
                  {QStringLiteral("version"), c.version},
                  {QStringLiteral("title"), c.title},
                  {QStringLiteral("title_en"), c.titleEn},
                  {QStringLiteral("description"), c.description},
                  {QStringLiteral("publisher"), c.publisher},
                  {QStringLiteral("modules"), modules},
                  {QStringLiteral("quiz"), c.quizFile},
                  {QStringLiteral("completion"),
                   QJsonObject{{QStringLiteral("all_lessons"), c.requireAllLessons},
                               {QStringLiteral("quiz"), c.requireQuiz}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

QByteArray quizJson(const Quiz& q)
{
    QJsonArray questions;
    for (const Question& qu : q.questions) {
        QJsonArray choices;
        for (const Choice& ch : qu.choices)
            choices.append(
                QJsonObject{{QStringLiteral("id"), ch.id}, {QStringLiteral("text"), ch.text}});
        QJsonObject qo{{QStringLiteral("id"), qu.id},
                       {QStringLiteral("type"), questionTypeId(qu.type)},
                       {QStringLiteral("text"), qu.text},
                       {QStringLiteral("answer"), QJsonArray::fromStringList(qu.answer)},
                       {QStringLiteral("explanation"), qu.explanation}};
        if (!choices.isEmpty())
            qo.insert(QStringLiteral("choices"), choices);
        questions.append(qo);
    }
    QJsonObject o{{QStringLiteral("id"), q.id},
                  {QStringLiteral("title"), q.title},
                  {QStringLiteral("pass_mark"), q.passMark},
                  {QStringLiteral("max_attempts"), q.maxAttempts},
                  {QStringLiteral("shuffle"), q.shuffle},
                  {QStringLiteral("questions"), questions}};
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

} // namespace madoguchi::learning
