#pragma once
// カード交付: the queue of My Number card applications by state (申請受付 … 交付済, and the side
// states), the selected application's history, and the counter's steps: a new application for a
// resident code, and moving an application on to one of the states the workflow allows from
// where it is, with a reason where one is needed (the reason field says so). Local database work
// only (a handful of rows); central learns of production requests and suspensions through the
// outbox. The steps need the permission to issue cards.

#include "AppContext.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QCheckBox;

namespace madoguchi {

class IssuancePage : public QWidget
{
    Q_OBJECT
public:
    explicit IssuancePage(AppContext* context, QWidget* parent = nullptr);

    // The hand-over wizard for the selected application (from notice_sent on).
    QPushButton* handOverButton() const { return m_handOver; }

    void reload();
    qint64 selectedId() const;

protected:
    void showEvent(QShowEvent* e) override;

private:
    void applyForCard();
    void advance();
    void handOver();
    void showSelected();
    void say(const QString& text, bool error);

    AppContext* m_ctx;
    QComboBox* m_filter;
    QTableWidget* m_table;
    QTableWidget* m_history;
    QLineEdit* m_residentCode;
    QPushButton* m_apply;
    QComboBox* m_next;
    QLineEdit* m_reason;
    QCheckBox* m_proxy;
    QPushButton* m_advance;
    QPushButton* m_handOver;
    QLabel* m_message;
};

} // namespace madoguchi
