#include "DisasterDashboard.h"
#include "Charts.h"

#include "common/Clock.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QProgressBar>
#include <QStackedBarSeries>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace madoguchi {

using namespace disaster;

namespace disasterui {

QString needName(const QString& need)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("elderly"), QT_TRANSLATE_NOOP("DisasterUi", "Elderly")},
        {QStringLiteral("disabled"), QT_TRANSLATE_NOOP("DisasterUi", "Disability")},
        {QStringLiteral("pregnant"), QT_TRANSLATE_NOOP("DisasterUi", "Pregnant or nursing")},
        {QStringLiteral("infant"), QT_TRANSLATE_NOOP("DisasterUi", "Infant")},
        {QStringLiteral("foreign_language"), QT_TRANSLATE_NOOP("DisasterUi", "Foreign language")},
        {QStringLiteral("medical"), QT_TRANSLATE_NOOP("DisasterUi", "Medical care")}};
    const char* name = names.value(need);
    return name ? QCoreApplication::translate("DisasterUi", name) : need;
}

QString sexName(const QString& sex)
{
    if (sex == QStringLiteral("male")) {
        return QCoreApplication::translate("DisasterUi", "Male");
    }
    if (sex == QStringLiteral("female")) {
        return QCoreApplication::translate("DisasterUi", "Female");
    }
    if (sex == QStringLiteral("other")) {
        return QCoreApplication::translate("DisasterUi", "Other");
    }
    return QCoreApplication::translate("DisasterUi", "Unknown");
}

QString stayingName(const QString& staying)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("shelter"), QT_TRANSLATE_NOOP("DisasterUi", "In the shelter")},
        {QStringLiteral("car"), QT_TRANSLATE_NOOP("DisasterUi", "In a car")},
        {QStringLiteral("home"), QT_TRANSLATE_NOOP("DisasterUi", "At home")},
        {QStringLiteral("other"), QT_TRANSLATE_NOOP("DisasterUi", "Elsewhere")}};
    const char* name = names.value(staying);
    return name ? QCoreApplication::translate("DisasterUi", name) : staying;
}

QString typeName(const QString& type)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("earthquake"), QT_TRANSLATE_NOOP("DisasterUi", "Earthquake")},
        {QStringLiteral("flood"), QT_TRANSLATE_NOOP("DisasterUi", "Flood")},
        {QStringLiteral("typhoon"), QT_TRANSLATE_NOOP("DisasterUi", "Typhoon")},
        {QStringLiteral("landslide"), QT_TRANSLATE_NOOP("DisasterUi", "Landslide")},
        {QStringLiteral("tsunami"), QT_TRANSLATE_NOOP("DisasterUi", "Tsunami")},
        {QStringLiteral("fire"), QT_TRANSLATE_NOOP("DisasterUi", "Fire")},
        {QStringLiteral("other"), QT_TRANSLATE_NOOP("DisasterUi", "Other")}};
    const char* name = names.value(type);
    return name ? QCoreApplication::translate("DisasterUi", name) : type;
}

} // namespace disasterui

namespace {

enum ShelterColumn { ColName, ColOccupancy, ColMeals, ColOpen };

} // namespace

DisasterDashboard::DisasterDashboard(AppContext* context, QWidget* parent)
    : QWidget(parent), m_ctx(context)
{
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("disasterSummary"));
    m_summary->setWordWrap(true);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_summary->setFont(big);
    layout->addWidget(m_summary);

    m_shelters = new QTableWidget(0, 4, this);
    m_shelters->setObjectName(QStringLiteral("shelterOccupancyTable"));
    m_shelters->setHorizontalHeaderLabels(
        {tr("Shelter"), tr("Occupancy"), tr("Meals needed"), tr("Open")});
    m_shelters->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_shelters->setSelectionMode(QAbstractItemView::NoSelection);
    m_shelters->setFocusPolicy(Qt::NoFocus);
    m_shelters->verticalHeader()->hide();
    m_shelters->horizontalHeader()->setSectionResizeMode(ColName, QHeaderView::ResizeToContents);
    m_shelters->horizontalHeader()->setSectionResizeMode(ColOccupancy, QHeaderView::Stretch);
    m_shelters->horizontalHeader()->setSectionResizeMode(ColMeals, QHeaderView::ResizeToContents);
    m_shelters->horizontalHeader()->setSectionResizeMode(ColOpen, QHeaderView::ResizeToContents);
    m_shelters->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    layout->addWidget(m_shelters);

    auto* charts = new QHBoxLayout;
    m_bySafety =
        charts::chartView(QStringLiteral("safetyChart"), tr("Persons by safety status"), this);
    m_bySafety->chart()->legend()->hide();
    m_byNeed = charts::chartView(QStringLiteral("needsChart"), tr("Special-care needs"), this);
    m_byNeed->chart()->legend()->hide();
    m_byDay = charts::chartView(QStringLiteral("occupancyChart"), tr("Occupancy by day"), this);
    charts->addWidget(m_bySafety, 1);
    charts->addWidget(m_byNeed, 1);
    charts->addWidget(m_byDay, 1);
    layout->addLayout(charts, 1);
}

void DisasterDashboard::setDisaster(qint64 disasterId)
{
    m_disasterId = disasterId;
}

void DisasterDashboard::refresh()
{
    m_bars.clear();
    m_shelters->setRowCount(0);
    charts::clearChart(m_bySafety->chart());
    charts::clearChart(m_byNeed->chart());
    charts::clearChart(m_byDay->chart());
    m_safetySet = nullptr;
    m_needSet = nullptr;
    if (m_disasterId == 0) {
        m_summary->setText(tr("No disaster is open. Open one with \"Open a disaster…\" above."));
        return;
    }
    DisasterService service(m_ctx->db);
    auto shelters = service.shelters(m_disasterId);
    auto people = service.ledgerCounts(m_disasterId);
    auto needs = service.needsCounts(m_disasterId);
    auto dis = service.disaster(m_disasterId);
    if (!shelters || !people || !needs || !dis) {
        m_summary->setText(!shelters ? shelters.errorMessage()
                           : !people ? people.errorMessage()
                           : !needs  ? needs.errorMessage()
                                     : dis.errorMessage());
        return;
    }

    // One row per shelter: the bar shows occupancy against capacity, red when full.
    int checkedIn = 0;
    int openShelters = 0;
    for (const Shelter& s : std::as_const(*shelters)) {
        const int row = m_shelters->rowCount();
        m_shelters->insertRow(row);
        auto* name = new QTableWidgetItem(s.name);
        name->setData(Qt::UserRole, s.id);
        name->setToolTip(s.address);
        m_shelters->setItem(row, ColName, name);
        auto* bar = new QProgressBar(m_shelters);
        bar->setObjectName(QStringLiteral("occupancyBar%1").arg(s.id));
        bar->setRange(0, std::max(1, s.capacity));
        bar->setValue(std::min(s.occupancy, std::max(1, s.capacity)));
        bar->setFormat(tr("%1 / %2").arg(s.occupancy).arg(s.capacity));
        const bool full = s.capacity > 0 && s.occupancy >= s.capacity;
        bar->setProperty("full", full);
        bar->setStyleSheet(full ? QStringLiteral("QProgressBar { border: 1px solid #b00020; "
                                                 "text-align: center; font-weight: bold; } "
                                                 "QProgressBar::chunk { background: #d32f2f; }")
                                : QStringLiteral("QProgressBar { border: 1px solid #888; "
                                                 "text-align: center; } "
                                                 "QProgressBar::chunk { background: #4caf50; }"));
        bar->setToolTip(
            full ? tr("Full")
                 : tr("%n place(s) free", nullptr, std::max(0, s.capacity - s.occupancy)));
        m_shelters->setCellWidget(row, ColOccupancy, bar);
        m_bars.insert(s.id, bar);
        auto* meals = new QTableWidgetItem(QString::number(s.occupancy));
        meals->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_shelters->setItem(row, ColMeals, meals);
        auto* open = new QTableWidgetItem(s.open ? tr("Open") : tr("Closed"));
        if (!s.open) {
            open->setForeground(QColor(0x77, 0x77, 0x77));
        }
        m_shelters->setItem(row, ColOpen, open);
        checkedIn += s.occupancy;
        openShelters += s.open ? 1 : 0;
    }

    // The table as high as its rows (up to eight), the rest of the page for the charts.
    int height = m_shelters->horizontalHeader()->height() + 2 * m_shelters->frameWidth();
    for (int row = 0; row < std::min(8, m_shelters->rowCount()); ++row) {
        height += m_shelters->rowHeight(row);
    }
    m_shelters->setFixedHeight(height + (m_shelters->rowCount() > 8 ? 0 : 2));

    // Persons by safety status.
    const QMap<QString, int>& bySafety = people->bySafety;
    const int dv = people->dvProtected;
    {
        QChart* chart = m_bySafety->chart();
        auto* set = new QBarSet(tr("Persons"));
        set->setLabelColor(Qt::black);
        QStringList names;
        int max = 0;
        for (const QString& s : safetyStatuses()) {
            *set << bySafety.value(s);
            names << safetyDisplay(s);
            max = std::max(max, bySafety.value(s));
        }
        m_safetySet = set;
        auto* series = new QBarSeries;
        series->append(set);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* axis = new QBarCategoryAxis;
        axis->append(names);
        QFont small = axis->labelsFont();
        small.setPointSizeF(small.pointSizeF() * 0.85); // 行方不明 fits under its bar
        axis->setLabelsFont(small);
        chart->addAxis(axis, Qt::AlignBottom);
        series->attachAxis(axis);
        QValueAxis* counts = charts::countAxis(max);
        chart->addAxis(counts, Qt::AlignLeft);
        series->attachAxis(counts);
    }

    // Special-care needs, one horizontal bar each (the first need on top).
    {
        QChart* chart = m_byNeed->chart();
        auto* set = new QBarSet(tr("Persons"));
        set->setLabelColor(Qt::black);
        set->setColor(QColor(0xef, 0x8a, 0x17));
        QStringList names;
        int max = 0;
        const QStringList kinds = needKinds();
        for (auto it = kinds.crbegin(); it != kinds.crend(); ++it) {
            *set << needs->value(*it);
            names << disasterui::needName(*it);
            max = std::max(max, needs->value(*it));
        }
        m_needSet = set;
        auto* series = new QHorizontalBarSeries;
        series->append(set);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* axis = new QBarCategoryAxis;
        axis->append(names);
        chart->addAxis(axis, Qt::AlignLeft);
        series->attachAxis(axis);
        QValueAxis* counts = charts::countAxis(max);
        chart->addAxis(counts, Qt::AlignBottom);
        series->attachAxis(counts);
    }

    // Occupancy per day since the disaster (at most the last two weeks), stacked by shelter.
    const QDate today = Clock::now().toTimeZone(QTimeZone(9 * 3600)).date();
    QDate from = dis->occurredOn.isValid() ? dis->occurredOn : today.addDays(-6);
    from = std::clamp(from, today.addDays(-13), today);
    auto days = service.occupancyByDay(from, today, m_disasterId);
    if (days) {
        QChart* chart = m_byDay->chart();
        auto* series = new QStackedBarSeries;
        QStringList labels;
        int max = 0;
        for (const DayOccupancy& d : std::as_const(*days)) {
            //: a day on the dashboard's occupancy chart (month/day)
            labels << d.day.toString(tr("M/d"));
            max = std::max(max, d.total);
        }
        for (const Shelter& s : std::as_const(*shelters)) {
            auto* set = new QBarSet(s.name);
            for (const DayOccupancy& d : std::as_const(*days)) {
                *set << d.byShelter.value(s.id);
            }
            series->append(set);
        }
        chart->addSeries(series);
        auto* axis = new QBarCategoryAxis;
        axis->append(labels);
        chart->addAxis(axis, Qt::AlignBottom);
        series->attachAxis(axis);
        QValueAxis* counts = charts::countAxis(max);
        chart->addAxis(counts, Qt::AlignLeft);
        series->attachAxis(counts);
    }

    m_summary->setText(
        tr("%1: %2 persons in the ledger (%3 under protection), %4 checked in at %5 open "
           "shelters; %6 meals needed.")
            .arg(dis->name)
            .arg(people->persons)
            .arg(dv)
            .arg(checkedIn)
            .arg(openShelters)
            .arg(checkedIn));
}

int DisasterDashboard::shownOccupancy(qint64 shelterId) const
{
    const QProgressBar* bar = m_bars.value(shelterId);
    return bar ? bar->value() : -1;
}

bool DisasterDashboard::shownFull(qint64 shelterId) const
{
    const QProgressBar* bar = m_bars.value(shelterId);
    return bar && bar->property("full").toBool();
}

QList<int> DisasterDashboard::shownSafetyCounts() const
{
    QList<int> out;
    for (int i = 0; m_safetySet && i < m_safetySet->count(); ++i) {
        out << int(m_safetySet->at(i));
    }
    return out;
}

QList<int> DisasterDashboard::shownNeedCounts() const
{
    QList<int> out;
    for (int i = m_needSet ? m_needSet->count() - 1 : -1; i >= 0; --i) {
        out << int(m_needSet->at(i)); // drawn bottom-up: the first need is the last bar
    }
    return out;
}

QString DisasterDashboard::summary() const
{
    return m_summary->text();
}

} // namespace madoguchi
