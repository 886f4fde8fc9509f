#pragma once
// The disaster recovery dashboard: charts of the surveyed dwellings and the issued 罹災証明書
// by damage grade (全壊 … 一部損壊) and of the support payments by state (申請 審査 支給済
// 却下, the yen total of each under its bar); the payment reminders (households whose deadline
// comes within reminderDays(), red when a week or less is left) and the relief-supply warnings
// (low stock, lots expiring). It reads the recovery services when refresh() is called (the page
// calls it when the tab is shown after a change, and on F5).

#include "AppContext.h"

#include <QStringList>
#include <QWidget>

class QBarSet;
class QChartView;
class QLabel;
class QListWidget;
class QTableWidget;

namespace madoguchi {

class RecoveryDashboard : public QWidget
{
    Q_OBJECT
public:
    explicit RecoveryDashboard(AppContext* context, QWidget* parent = nullptr);

    void setDisaster(qint64 disasterId);
    void refresh();

    static int reminderDays() { return 90; }
    static int expiryDays() { return 14; }

    // What is shown: dwellings (latest survey) and issued certificates per grade in the order
    // of recovery::gradeForLoss (全壊 first); payments per state in paymentStates() order.
    QList<int> shownBuildingCounts() const;
    QList<int> shownCertificateCounts() const;
    QList<int> shownPaymentCounts() const;
    QString summary() const;

private:
    AppContext* m_ctx;
    qint64 m_disasterId = 0;
    QLabel* m_summary;
    QChartView* m_byGrade;
    QChartView* m_byState;
    QLabel* m_paymentTotals;
    QLabel* m_remindersTitle;
    QTableWidget* m_reminders;
    QListWidget* m_warnings;
    QBarSet* m_buildingSet = nullptr; // owned by the charts
    QBarSet* m_certificateSet = nullptr;
    QBarSet* m_paymentSet = nullptr;
};

// Display names shared by the recovery page and its dashboard.
namespace recoveryui {
// Grade ids of the survey (zenkai … ichibu_sonkai), most damaged first.
QStringList surveyGrades();
QString unitTypeName(const QString& type);
QString applicationStateName(const QString& state);
QString requestStateName(const QString& state);
QString priorityName(int priority);
QString partName(const QString& part);
QString yen(qint64 amount);
} // namespace recoveryui

} // namespace madoguchi
