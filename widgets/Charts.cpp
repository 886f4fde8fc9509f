#include "Charts.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QValueAxis>

#include <algorithm>

namespace madoguchi::charts {

QValueAxis* countAxis(int max)
{
    auto* axis = new QValueAxis;
    const int top = std::max(4, max + (max + 9) / 10);
    axis->setRange(0, top);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTickCount(std::min(top, 10) + 1);
    axis->applyNiceNumbers();
    return axis;
}

QChartView* chartView(const QString& objectName, const QString& title, QWidget* parent,
                      QSize minimum)
{
    auto* view = new QChartView(new QChart, parent);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(minimum);
    if (!title.isEmpty()) {
        view->chart()->setTitle(title);
    }
    view->chart()->legend()->setAlignment(Qt::AlignBottom);
    return view;
}

void clearChart(QChart* chart)
{
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace madoguchi::charts
