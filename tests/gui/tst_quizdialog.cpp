// The quiz dialog: each kind of question answered from the keyboard or with the mouse (a
// radio button, check boxes, true/false, an ordering put right with Move down and Alt+Up), the
// map it submits names the choices given (in the order given for the ordering), submitting with
// a question open is refused and says which, and the result shows right/wrong, the right answer,
// the explanation, the score and the attempts left.
#include "QuizDialog.h"
#include "TestSupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::learning;

class TestQuizDialog : public QObject
{
    Q_OBJECT

    static QList<Question> questions()
    {
        Question single{QStringLiteral("q1"),
                        QuestionType::Single,
                        QStringLiteral("Who may see a resident's My Number?"),
                        {{QStringLiteral("a"), QStringLiteral("Anyone at the counter")},
                         {QStringLiteral("b"), QStringLiteral("Staff whose work needs it")},
                         {QStringLiteral("c"), QStringLiteral("The resident's neighbours")}},
                        {QStringLiteral("b")},
                        QStringLiteral("Only for the purposes the law lists.")};
        Question multiple{QStringLiteral("q2"),
                          QuestionType::Multiple,
                          QStringLiteral("Which are personal data?"),
                          {{QStringLiteral("a"), QStringLiteral("A name with an address")},
                           {QStringLiteral("b"), QStringLiteral("The weather")},
                           {QStringLiteral("c"), QStringLiteral("A date of birth with a name")}},
                          {QStringLiteral("a"), QStringLiteral("c")},
                          QString()};
        Question tf{QStringLiteral("q3"),
                    QuestionType::TrueFalse,
                    QStringLiteral("A screen may stay unlocked during a break."),
                    {},
                    {QStringLiteral("false")},
                    QStringLiteral("Lock it (Ctrl+L).")};
        Question order{QStringLiteral("q4"),
                       QuestionType::Ordering,
                       QStringLiteral("Put the steps in order."),
                       {{QStringLiteral("s2"), QStringLiteral("Check the identity document")},
                        {QStringLiteral("s1"), QStringLiteral("Greet the resident")},
                        {QStringLiteral("s3"), QStringLiteral("Hand over the certificate")}},
                       {QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3")},
                       QString()};
        return {single, multiple, tf, order};
    }

    template <typename T> static T* named(QWidget* w, const QString& name)
    {
        T* found = w->findChild<T*>(name);
        if (!found) {
            qFatal("no widget %s", qPrintable(name));
        }
        return found;
    }

    // A click on the button's indicator (the middle of a wide button may be past its text).
    static void click(QAbstractButton* b)
    {
        QTest::mouseClick(b, Qt::LeftButton, {}, QPoint(8, b->height() / 2));
    }

private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void answersEveryKindAndSubmits()
    {
        QuizDialog dialog(QStringLiteral("Personal data"), questions());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy submitted(&dialog, &QuizDialog::submitted);

        // Submitting with nothing answered: refused, the open questions named.
        auto* submit = named<QPushButton>(&dialog, QStringLiteral("submitButton"));
        QTest::mouseClick(submit, Qt::LeftButton);
        QCOMPARE(submitted.count(), 0);
        QCOMPARE(dialog.unanswered(),
                 (QStringList{QStringLiteral("q1"), QStringLiteral("q2"), QStringLiteral("q3")}));
        QVERIFY(
            named<QLabel>(&dialog, QStringLiteral("messageLabel"))->text().contains(u"1, 2, 3"));

        // Single choice by keyboard: focus the first choice, arrow down to the second.
        auto* a = named<QRadioButton>(&dialog, QStringLiteral("choice_q1_a"));
        a->setFocus();
        QTest::keyClick(a, Qt::Key_Space);
        QVERIFY(a->isChecked());
        QTest::keyClick(a, Qt::Key_Down);
        QTRY_VERIFY(named<QRadioButton>(&dialog, QStringLiteral("choice_q1_b"))->isChecked());
        QVERIFY(!a->isChecked());

        // Multiple choice: a with the mouse, c with the space bar.
        click(named<QCheckBox>(&dialog, QStringLiteral("choice_q2_a")));
        auto* c = named<QCheckBox>(&dialog, QStringLiteral("choice_q2_c"));
        c->setFocus();
        QTest::keyClick(c, Qt::Key_Space);
        QVERIFY(c->isChecked());

        // True/false with the mouse.
        click(named<QRadioButton>(&dialog, QStringLiteral("choice_q3_false")));

        // Ordering: s2 s1 s3 → Move down on s2 gives s1 s2 s3; Alt+Up then Move down again
        // (back and forth) leaves it so.
        auto* list = named<QListWidget>(&dialog, QStringLiteral("order_q4"));
        list->setCurrentRow(0);
        QTest::mouseClick(named<QPushButton>(&dialog, QStringLiteral("down_q4")), Qt::LeftButton);
        QCOMPARE(list->currentRow(), 1);
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(list->item(0)->data(Qt::UserRole).toString(), QStringLiteral("s2"));
        QTest::keyClick(list, Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(list->item(1)->data(Qt::UserRole).toString(), QStringLiteral("s2"));

        QVERIFY2(dialog.unanswered().isEmpty(), qPrintable(dialog.unanswered().join(u' ')));
        QTest::mouseClick(submit, Qt::LeftButton);
        QCOMPARE(submitted.count(), 1);
        const auto given = submitted.at(0).at(0).value<QMap<QString, QStringList>>();
        QCOMPARE(given.value(QStringLiteral("q1")), QStringList{QStringLiteral("b")});
        QCOMPARE(given.value(QStringLiteral("q2")),
                 (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(given.value(QStringLiteral("q3")), QStringList{QStringLiteral("false")});
        QCOMPARE(given.value(QStringLiteral("q4")),
                 (QStringList{QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("s3")}));
        // Answers cannot change while the result is awaited.
        QVERIFY(!a->isEnabled());
        QVERIFY(!submit->isEnabled());
    }

    void showsTheResult()
    {
        QuizDialog dialog(QStringLiteral("Personal data"), questions());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        AttemptResult result;
        result.percent = 50;
        result.passed = false;
        result.attemptsLeft = 2;
        result.questions = {
            {QStringLiteral("q1"),
             false,
             {QStringLiteral("a")},
             {QStringLiteral("b")},
             QStringLiteral("Only for the purposes the law lists.")},
            {QStringLiteral("q2"),
             true,
             {QStringLiteral("a"), QStringLiteral("c")},
             {QStringLiteral("a"), QStringLiteral("c")},
             QString()},
            {QStringLiteral("q3"),
             false,
             {QStringLiteral("true")},
             {QStringLiteral("false")},
             QStringLiteral("Lock it (Ctrl+L).")},
            {QStringLiteral("q4"), true, {}, {}, QString()},
        };
        dialog.showResult(result);
        QVERIFY(dialog.hasResult());
        const QString summary = named<QLabel>(&dialog, QStringLiteral("quizSummary"))->text();
        QVERIFY2(summary.contains(u"50 %") && summary.contains(u"not passed") &&
                     summary.contains(u"2 attempt"),
                 qPrintable(summary));
        const QString q1 = named<QLabel>(&dialog, QStringLiteral("result_q1"))->text();
        QVERIFY2(q1.contains(u"Wrong") && q1.contains(u"Staff whose work needs it") &&
                     q1.contains(u"purposes the law lists"),
                 qPrintable(q1));
        QVERIFY(named<QLabel>(&dialog, QStringLiteral("result_q2"))->text().contains(u"Right"));
        QVERIFY(named<QLabel>(&dialog, QStringLiteral("result_q3"))->text().contains(u"False"));
        QVERIFY(!named<QPushButton>(&dialog, QStringLiteral("submitButton"))->isVisible());

        AttemptResult passed;
        passed.percent = 100;
        passed.passed = true;
        passed.courseCompleted = true;
        passed.certificateNumber = QStringLiteral("C-2026-000001");
        dialog.showResult(passed);
        const QString done = named<QLabel>(&dialog, QStringLiteral("quizSummary"))->text();
        QVERIFY2(done.contains(u"100 %") && done.contains(u"passed") &&
                     !done.contains(u"not passed") && done.contains(u"C-2026-000001"),
                 qPrintable(done));
    }
};

QTEST_MAIN(TestQuizDialog)
#include "tst_quizdialog.moc"
