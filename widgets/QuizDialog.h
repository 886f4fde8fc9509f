#pragma once
// A course's quiz as the learner takes it: every question of the attempt on one scrolling page,
// in the order the attempt presented them (choices too): single choice (radio buttons), multiple
// choice (check boxes), true/false, and ordering (a list put in order with Move up / Move down,
// Alt+Up / Alt+Down, or by dragging). Everything works from the keyboard.
//
// Submit checks that every question has an answer and emits submitted(); the caller hands the
// answers to LearningService::submitAttempt and shows what it returns with showResult(): right or
// wrong per question, the right answer, the explanation, the score, passed or not, the attempts
// left. showError() puts the dialog back for another try when the submission failed.

#include "learning/LearningService.h"

#include <QDialog>
#include <QMap>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QListWidget;
class QPushButton;

namespace madoguchi {

class QuizDialog : public QDialog
{
    Q_OBJECT
public:
    QuizDialog(const QString& title, const QList<learning::Question>& questions,
               QWidget* parent = nullptr);

    // question id → choice ids ("true"/"false"; ordering: the ids in the order given).
    QMap<QString, QStringList> answers() const;
    // Ids of the questions without an answer yet (an ordering question always has one).
    QStringList unanswered() const;

    void showResult(const learning::AttemptResult& result);
    void showError(const QString& message);
    bool hasResult() const { return m_hasResult; }

signals:
    void submitted(const QMap<QString, QStringList>& answers);

private:
    struct Item
    {
        learning::Question question;
        QList<QAbstractButton*> buttons; // single, multiple, true/false (ids in objectName)
        QListWidget* order = nullptr;    // ordering
        QLabel* result = nullptr;
        QWidget* box = nullptr;
    };

    void submit();
    void setInputsEnabled(bool enabled);
    QString choiceText(const learning::Question& q, const QString& id) const;
    static void move(QListWidget* list, int delta);

    QList<Item> m_items;
    QLabel* m_summary;
    QLabel* m_message;
    QPushButton* m_submit;
    QPushButton* m_close;
    bool m_hasResult = false;
};

} // namespace madoguchi
