#include "IssuanceDashboard.h"
#include "Charts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace madoguchi {

using namespace issuance;

IssuanceDashboard::IssuanceDashboard(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("dashboardSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto* charts = new QHBoxLayout;
    m_byState = charts::chartView(QStringLiteral("stateChart"), QString(), this, QSize(360, 300));
    m_byState->chart()->setTitle(tr("Cards by state"));
    m_byState->chart()->legend()->hide();
    m_byWeek = charts::chartView(QStringLiteral("weekChart"), QString(), this, QSize(360, 300));
    m_byWeek->chart()->setTitle(tr("Applications and issued cards by week"));
    charts->addWidget(m_byState, 1);
    charts->addWidget(m_byWeek, 1);
    layout->addLayout(charts, 1);
}

void IssuanceDashboard::setMessage(const QString& text)
{
    m_summary->setText(text);
}

void IssuanceDashboard::setStats(const IssuanceStats& stats)
{
    m_stats = stats;

    // Cards by state: one horizontal bar per state, the workflow read from the top.
    QChart* chart = m_byState->chart();
    charts::clearChart(chart);
    auto* set = new QBarSet(tr("Applications"));
    set->setLabelColor(Qt::black);
    QStringList names;
    int max = 0;
    int open = 0;
    int waiting = 0;
    for (auto it = stats.byState.crbegin(); it != stats.byState.crend(); ++it) {
        *set << it->second;
        names << displayName(it->first);
        max = std::max(max, it->second);
        if (!isFinal(it->first) && it->first != State::Issued && it->first != State::Suspended) {
            open += it->second;
        }
        if (it->first == State::Delivered || it->first == State::NoticeSent ||
            it->first == State::AppointmentBooked) {
            waiting += it->second;
        }
    }
    m_stateSet = set;
    m_stateNames = names;
    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    chart->addSeries(series);
    auto* states = new QBarCategoryAxis;
    states->append(names);
    chart->addAxis(states, Qt::AlignLeft);
    series->attachAxis(states);
    QValueAxis* counts = charts::countAxis(max);
    chart->addAxis(counts, Qt::AlignBottom);
    series->attachAxis(counts);

    // Per week: applications received and cards handed over, side by side.
    chart = m_byWeek->chart();
    charts::clearChart(chart);
    auto* applied = new QBarSet(tr("Applications"));
    auto* issued = new QBarSet(tr("Issued"));
    QStringList weeks;
    int weekMax = 0;
    int appliedTotal = 0;
    int issuedTotal = 0;
    for (const WeekCount& w : stats.weeks) {
        *applied << w.applications;
        *issued << w.issued;
        //: a week on the dashboard, by its Monday (month/day)
        weeks << w.monday.toString(tr("M/d"));
        weekMax = std::max({weekMax, w.applications, w.issued});
        appliedTotal += w.applications;
        issuedTotal += w.issued;
    }
    m_appliedSet = applied;
    m_issuedSet = issued;
    auto* weekly = new QBarSeries;
    weekly->append(applied);
    weekly->append(issued);
    chart->addSeries(weekly);
    auto* weekAxis = new QBarCategoryAxis;
    weekAxis->append(weeks);
    weekAxis->setLabelsAngle(-90); // twelve dates side by side do not fit upright
    chart->addAxis(weekAxis, Qt::AlignBottom);
    weekly->attachAxis(weekAxis);
    QValueAxis* weekCounts = charts::countAxis(weekMax);
    chart->addAxis(weekCounts, Qt::AlignLeft);
    weekly->attachAxis(weekCounts);

    m_summary->setText(tr("%1 applications on their way, %2 cards waiting for their holders; "
                          "in the last %3 weeks %4 applications received and %5 cards issued.")
                           .arg(open)
                           .arg(waiting)
                           .arg(stats.weeks.size())
                           .arg(appliedTotal)
                           .arg(issuedTotal));
}

QList<int> IssuanceDashboard::shownStateCounts() const
{
    QList<int> out;
    for (int i = m_stateSet ? m_stateSet->count() - 1 : -1; i >= 0; --i) {
        out << int(m_stateSet->at(i)); // drawn bottom-up: the first state is the last bar
    }
    return out;
}

QStringList IssuanceDashboard::shownStateNames() const
{
    QStringList out;
    for (auto it = m_stateNames.crbegin(); it != m_stateNames.crend(); ++it) {
        out << *it;
    }
    return out;
}

QList<int> IssuanceDashboard::shownWeekly(bool issued) const
{
    QList<int> out;
    const QBarSet* set = issued ? m_issuedSet : m_appliedSet;
    for (int i = 0; set && i < set->count(); ++i) {
        out << int(set->at(i));
    }
    return out;
}

} // namespace madoguchi
