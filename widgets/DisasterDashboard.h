#pragma once
// The disaster dashboard: per shelter a row with its name, an occupancy bar (people checked in
// against the capacity, red when full), the meals needed and whether it is open; charts of the
// persons by safety status (無事 負傷 行方不明 死亡 不明), of the special-care needs, and of the
// occupancy per day (stacked by shelter). It reads the ledger through DisasterService when
// refresh() is called (the page calls it after every change, and on F5).

#include "AppContext.h"
#include "disaster/Disaster.h"

#include <QWidget>

class QBarSet;
class QChartView;
class QLabel;
class QProgressBar;
class QTableWidget;

namespace madoguchi {

class DisasterDashboard : public QWidget
{
    Q_OBJECT
public:
    explicit DisasterDashboard(AppContext* context, QWidget* parent = nullptr);

    // The disaster shown (0: none open yet).
    void setDisaster(qint64 disasterId);
    void refresh();

    // What is shown, read back from the widgets: the occupancy bar of a shelter (-1 when the
    // shelter has no row), the persons per safety status in safetyStatuses() order, the
    // special-care counts in needKinds() order.
    int shownOccupancy(qint64 shelterId) const;
    bool shownFull(qint64 shelterId) const;
    QList<int> shownSafetyCounts() const;
    QList<int> shownNeedCounts() const;
    QString summary() const;

private:
    AppContext* m_ctx;
    qint64 m_disasterId = 0;
    QLabel* m_summary;
    QTableWidget* m_shelters;
    QChartView* m_bySafety;
    QChartView* m_byNeed;
    QChartView* m_byDay;
    QBarSet* m_safetySet = nullptr; // owned by the charts
    QBarSet* m_needSet = nullptr;
    QHash<qint64, QProgressBar*> m_bars;
};

// Display names of the ledger's vocabularies (English sources, translated).
namespace disasterui {
QString needName(const QString& need);
QString sexName(const QString& sex);
QString stayingName(const QString& staying);
QString typeName(const QString& type);
} // namespace disasterui

} // namespace madoguchi
