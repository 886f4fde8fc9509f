#pragma once
// The issuance dashboard: cards by state (a bar per state of the workflow) and, for the last
// weeks, applications received and cards handed over per week. It draws what it is given
// (IssuanceService::stats(), computed off the GUI thread by the issuance page).

#include "issuance/Issuance.h"

#include <QWidget>

class QBarSet;
class QChartView;
class QLabel;

namespace madoguchi {

class IssuanceDashboard : public QWidget
{
    Q_OBJECT
public:
    explicit IssuanceDashboard(QWidget* parent = nullptr);

    void setStats(const issuance::IssuanceStats& stats);
    void setMessage(const QString& text);
    const issuance::IssuanceStats& stats() const { return m_stats; }

    // What the charts show, read back from their bar sets: the count of each state in workflow
    // order, and per week (oldest first) the applications or the issued cards.
    QList<int> shownStateCounts() const;
    QList<int> shownWeekly(bool issued) const;
    QStringList shownStateNames() const;

private:
    QChartView* m_byState;
    QChartView* m_byWeek;
    QLabel* m_summary;
    QBarSet* m_stateSet = nullptr; // owned by the charts
    QBarSet* m_appliedSet = nullptr;
    QBarSet* m_issuedSet = nullptr;
    QStringList m_stateNames;
    issuance::IssuanceStats m_stats;
};

} // namespace madoguchi
