#include "QuizDialog.h"

#include "Ui.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

#include <algorithm>

namespace madoguchi {

using learning::Question;
using learning::QuestionType;

namespace {

const char* kChoiceId = "choiceId";

} // namespace

QuizDialog::QuizDialog(const QString& title, const QList<Question>& questions, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("quizDialog"));
    setWindowTitle(tr("Quiz: %1").arg(title));
    resize(760, 640);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(ui::heading(title, this, 1.3));
    m_summary = new QLabel(tr("%n question(s). Answer each one, then submit your answers.", nullptr,
                              int(questions.size())),
                           this);
    m_summary->setObjectName(QStringLiteral("quizSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("quizQuestions"));
    scroll->setWidgetResizable(true);
    auto* area = new QWidget(scroll);
    auto* list = new QVBoxLayout(area);
    for (int n = 0; n < questions.size(); ++n) {
        const Question& q = questions.at(n);
        Item item;
        item.question = q;
        auto* box = new QGroupBox(tr("Question %1 of %2").arg(n + 1).arg(questions.size()), area);
        box->setObjectName(QStringLiteral("question_%1").arg(q.id));
        item.box = box;
        auto* v = new QVBoxLayout(box);
        auto* text = new QLabel(q.text, box);
        text->setWordWrap(true);
        text->setTextFormat(Qt::PlainText);
        v->addWidget(text);
        auto addButton = [&](QAbstractButton* b, const QString& id) {
            b->setObjectName(QStringLiteral("choice_%1_%2").arg(q.id, id));
            b->setProperty(kChoiceId, id);
            v->addWidget(b);
            item.buttons.append(b);
        };
        switch (q.type) {
        case QuestionType::Single:
        case QuestionType::TrueFalse: {
            auto* group = new QButtonGroup(box);
            group->setExclusive(true);
            if (q.type == QuestionType::TrueFalse) {
                auto* yes = new QRadioButton(tr("True"), box);
                auto* no = new QRadioButton(tr("False"), box);
                addButton(yes, QStringLiteral("true"));
                addButton(no, QStringLiteral("false"));
                group->addButton(yes);
                group->addButton(no);
            } else {
                for (const learning::Choice& c : q.choices) {
                    auto* b = new QRadioButton(c.text, box);
                    addButton(b, c.id);
                    group->addButton(b);
                }
            }
            break;
        }
        case QuestionType::Multiple: {
            auto* hint = new QLabel(tr("Tick every answer that is right."), box);
            hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
            v->addWidget(hint);
            for (const learning::Choice& c : q.choices) {
                addButton(new QCheckBox(c.text, box), c.id);
            }
            break;
        }
        case QuestionType::Ordering: {
            auto* hint = new QLabel(tr("Put the steps in order: select one and move it with the "
                                       "buttons, Alt+Up / Alt+Down, or drag it."),
                                    box);
            hint->setWordWrap(true);
            v->addWidget(hint);
            auto* row = new QHBoxLayout;
            auto* order = new QListWidget(box);
            order->setObjectName(QStringLiteral("order_%1").arg(q.id));
            order->setDragDropMode(QAbstractItemView::InternalMove);
            order->setDefaultDropAction(Qt::MoveAction);
            order->setAccessibleName(tr("Order of the steps"));
            for (const learning::Choice& c : q.choices) {
                auto* it = new QListWidgetItem(c.text, order);
                it->setData(Qt::UserRole, c.id);
            }
            order->setCurrentRow(0);
            order->setMaximumHeight(order->sizeHintForRow(0) * int(q.choices.size() + 1) + 8);
            row->addWidget(order, 1);
            auto* buttons = new QVBoxLayout;
            auto* up = new QPushButton(tr("Move &up"), box);
            up->setObjectName(QStringLiteral("up_%1").arg(q.id));
            auto* down = new QPushButton(tr("Move &down"), box);
            down->setObjectName(QStringLiteral("down_%1").arg(q.id));
            connect(up, &QPushButton::clicked, order, [order] { move(order, -1); });
            connect(down, &QPushButton::clicked, order, [order] { move(order, 1); });
            auto* upKey = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Up), order);
            upKey->setContext(Qt::WidgetShortcut);
            connect(upKey, &QShortcut::activated, order, [order] { move(order, -1); });
            auto* downKey = new QShortcut(QKeySequence(Qt::ALT | Qt::Key_Down), order);
            downKey->setContext(Qt::WidgetShortcut);
            connect(downKey, &QShortcut::activated, order, [order] { move(order, 1); });
            buttons->addWidget(up);
            buttons->addWidget(down);
            buttons->addStretch(1);
            row->addLayout(buttons);
            v->addLayout(row);
            item.order = order;
            break;
        }
        }
        item.result = new QLabel(box);
        item.result->setObjectName(QStringLiteral("result_%1").arg(q.id));
        item.result->setWordWrap(true);
        item.result->setTextFormat(Qt::PlainText);
        item.result->hide();
        v->addWidget(item.result);
        list->addWidget(box);
        m_items.append(item);
    }
    list->addStretch(1);
    scroll->setWidget(area);
    layout->addWidget(scroll, 1);

    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* box = new QDialogButtonBox(this);
    m_submit = box->addButton(tr("&Submit answers"), QDialogButtonBox::AcceptRole);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_close = box->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeButton"));
    connect(m_submit, &QPushButton::clicked, this, &QuizDialog::submit);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    layout->addWidget(box);
    m_submit->setDefault(false);
    m_submit->setAutoDefault(false);
    m_close->setAutoDefault(false);
}

void QuizDialog::move(QListWidget* list, int delta)
{
    const int row = list->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= list->count() || !list->isEnabled()) {
        return;
    }
    QListWidgetItem* it = list->takeItem(row);
    list->insertItem(to, it);
    list->setCurrentRow(to);
}

QMap<QString, QStringList> QuizDialog::answers() const
{
    QMap<QString, QStringList> out;
    for (const Item& item : m_items) {
        QStringList given;
        if (item.order) {
            for (int i = 0; i < item.order->count(); ++i) {
                given.append(item.order->item(i)->data(Qt::UserRole).toString());
            }
        } else {
            for (QAbstractButton* b : item.buttons) {
                if (b->isChecked()) {
                    given.append(b->property(kChoiceId).toString());
                }
            }
        }
        out.insert(item.question.id, given);
    }
    return out;
}

QStringList QuizDialog::unanswered() const
{
    QStringList out;
    const QMap<QString, QStringList> given = answers();
    for (const Item& item : m_items) {
        if (given.value(item.question.id).isEmpty()) {
            out.append(item.question.id);
        }
    }
    return out;
}

void QuizDialog::submit()
{
    QStringList missing;
    QWidget* first = nullptr;
    const QStringList open = unanswered();
    for (int i = 0; i < m_items.size(); ++i) {
        if (open.contains(m_items.at(i).question.id)) {
            missing.append(QString::number(i + 1));
            if (!first) {
                first = m_items.at(i).buttons.value(0);
            }
        }
    }
    if (!missing.isEmpty()) {
        m_message->setText(tr("Answer every question first: %1 still open.")
                               .arg(missing.join(QStringLiteral(", "))));
        if (first) {
            first->setFocus(Qt::OtherFocusReason);
        }
        return;
    }
    m_message->clear();
    setInputsEnabled(false);
    m_submit->setEnabled(false);
    emit submitted(answers());
}

void QuizDialog::showError(const QString& message)
{
    m_message->setText(message);
    setInputsEnabled(true);
    m_submit->setEnabled(true);
}

void QuizDialog::setInputsEnabled(bool enabled)
{
    for (Item& item : m_items) {
        for (QAbstractButton* b : item.buttons) {
            b->setEnabled(enabled);
        }
        if (item.order) {
            item.order->setEnabled(enabled);
            for (QPushButton* b : item.box->findChildren<QPushButton*>()) {
                b->setEnabled(enabled);
            }
        }
    }
}

QString QuizDialog::choiceText(const Question& q, const QString& id) const
{
    if (q.type == QuestionType::TrueFalse) {
        return id == QLatin1String("true") ? tr("True") : tr("False");
    }
    for (const learning::Choice& c : q.choices) {
        if (c.id == id) {
            return c.text;
        }
    }
    return id;
}

void QuizDialog::showResult(const learning::AttemptResult& result)
{
    m_hasResult = true;
    setInputsEnabled(false);
    m_submit->hide();
    m_message->clear();
    QString summary = result.passed ? tr("Score %1 %: passed.").arg(result.percent)
                                    : tr("Score %1 %: not passed.").arg(result.percent);
    if (!result.passed) {
        if (result.attemptsLeft < 0) {
            summary += QLatin1Char(' ') + tr("You may try again.");
        } else if (result.attemptsLeft == 0) {
            summary += QLatin1Char(' ') + tr("No attempts are left.");
        } else {
            summary += QLatin1Char(' ') + tr("%n attempt(s) left.", nullptr, result.attemptsLeft);
        }
    }
    if (result.courseCompleted) {
        summary += QLatin1Char(' ') + tr("The course is complete.");
        if (!result.certificateNumber.isEmpty()) {
            summary +=
                QLatin1Char(' ') + tr("Certificate number: %1.").arg(result.certificateNumber);
        }
    }
    m_summary->setText(summary);
    m_summary->setStyleSheet(result.passed ? QStringLiteral("color: #1b5e20; font-weight: bold;")
                                           : QStringLiteral("color: #b00020; font-weight: bold;"));
    for (Item& item : m_items) {
        const Question& q = item.question;
        auto it =
            std::find_if(result.questions.cbegin(), result.questions.cend(),
                         [&](const learning::QuestionResult& r) { return r.questionId == q.id; });
        if (it == result.questions.cend()) {
            continue;
        }
        QStringList answer;
        for (const QString& id : it->answer) {
            answer.append(choiceText(q, id));
        }
        const QString sep =
            q.type == QuestionType::Ordering ? QStringLiteral(" → ") : QStringLiteral(", ");
        QString text = it->correct ? tr("✔ Right.")
                                   : tr("✘ Wrong. The right answer: %1.").arg(answer.join(sep));
        const QString explanation = it->explanation.isEmpty() ? q.explanation : it->explanation;
        if (!explanation.isEmpty()) {
            text += QLatin1Char('\n') + explanation;
        }
        item.result->setText(text);
        item.result->setStyleSheet(it->correct ? QStringLiteral("color: #1b5e20;")
                                               : QStringLiteral("color: #b00020;"));
        item.result->show();
    }
    m_close->setFocus(Qt::OtherFocusReason);
}

} // namespace madoguchi
