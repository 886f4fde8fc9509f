#pragma once
// カード交付: the queue of My Number card applications and the counter's steps.
//
// Queue tab: filtered by state, or one of the views of what is due — collections due (cards
// waiting for their holder whose collection deadline has passed or comes within
// issuance::kCollectionWarningDays days), today's appointments, and renewals due (issued cards
// expiring within issuance::kRenewalReminderMonths months whose holder was not reminded yet).
// Columns show the appointment, the collection deadline (red once it is close or past) and the
// card's validity. The selected application's history; a new application for a resident code;
// moving an application on to one of the states the workflow allows, with a reason where one is
// needed and a date and time for an appointment; the 交付通知書 (generated, shown in the PDF
// preview for printing, and the application moved to notice_sent); marking a renewal reminder.
//
// Dashboard tab: cards by state and applications and issued cards per week (Qt Charts).
//
// The queue and the dashboard are loaded on a worker thread with their own connection; the
// steps (one application each) run on the GUI thread. The steps need the permission to issue
// cards.

#include "AppContext.h"
#include "issuance/Issuance.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace madoguchi {

class IssuanceDashboard;

class IssuancePage : public QWidget
{
    Q_OBJECT
public:
    enum class View { All, CollectionsDue, AppointmentsToday, RenewalsDue };

    explicit IssuancePage(AppContext* context, QWidget* parent = nullptr);

    // The hand-over wizard for the selected application (from notice_sent on).
    QPushButton* handOverButton() const { return m_handOver; }

    void reload();
    qint64 selectedId() const;
    IssuanceDashboard* dashboard() const { return m_dashboard; }
    // Where the notices are written (under the application's data folder).
    static QString noticeFolder();

signals:
    // The queue (and, when shown, the dashboard) has been loaded.
    void loaded();

protected:
    void showEvent(QShowEvent* e) override;

private:
    struct Row
    {
        issuance::Application app;
        QString name;
    };
    struct Loaded
    {
        int generation = 0;
        QList<Row> rows;
        std::optional<issuance::IssuanceStats> stats;
        QString error;
    };

    void applyForCard();
    void advance();
    void handOver();
    void writeNotice();
    void markReminded();
    void showSelected();
    void updateStepFields();
    void showLoaded(const Loaded& result);
    void say(const QString& text, bool error);

    AppContext* m_ctx;
    QTabWidget* m_tabs;
    QComboBox* m_filter;
    QComboBox* m_view;
    QTableWidget* m_table;
    QTableWidget* m_history;
    QLineEdit* m_residentCode;
    QPushButton* m_apply;
    QComboBox* m_next;
    QLineEdit* m_reason;
    QLabel* m_appointmentLabel;
    QDateTimeEdit* m_appointment;
    QCheckBox* m_proxy;
    QPushButton* m_advance;
    QPushButton* m_handOver;
    QPushButton* m_notice;
    QPushButton* m_remind;
    QLabel* m_message;
    IssuanceDashboard* m_dashboard;
    std::optional<issuance::Application> m_current; // the selected application, as loaded
    int m_generation = 0;
    qint64 m_keep = 0; // the application to select again after a reload
};

} // namespace madoguchi
