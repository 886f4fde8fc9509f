#pragma once
// Small helpers shared by the dashboards' Qt Charts: a count axis with whole-number ticks, a
// chart view set up the same way everywhere, and emptying a chart before it is filled again.

#include <QSize>
#include <QString>

class QChart;
class QChartView;
class QValueAxis;
class QWidget;

namespace madoguchi::charts {

// From 0 to a little above max (at least 4), with whole-number ticks.
QValueAxis* countAxis(int max);
// Antialiased, legend at the bottom; title may be empty.
QChartView* chartView(const QString& objectName, const QString& title, QWidget* parent,
                      QSize minimum = QSize(280, 240));
// Removes every series and axis (deleting the axes), ready to be filled again.
void clearChart(QChart* chart);

} // namespace madoguchi::charts
