#include "RecoveryDashboard.h"
#include "Charts.h"

#include "TableCsv.h"
#include "disaster/Disaster.h"
#include "recovery/DamageSurvey.h"
#include "recovery/ReliefSupplies.h"
#include "recovery/SupportPayments.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace madoguchi {

using namespace recovery;

namespace recoveryui {

QStringList surveyGrades()
{
    return {QStringLiteral("zenkai"),         QStringLiteral("daikibo_hankai"),
            QStringLiteral("chukibo_hankai"), QStringLiteral("hankai"),
            QStringLiteral("jun_hankai"),     QStringLiteral("ichibu_sonkai")};
}

QString unitTypeName(const QString& type)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("prefab"), QT_TRANSLATE_NOOP("RecoveryUi", "Prefabricated")},
        {QStringLiteral("wooden"), QT_TRANSLATE_NOOP("RecoveryUi", "Wooden")},
        {QStringLiteral("leased"), QT_TRANSLATE_NOOP("RecoveryUi", "Leased (みなし仮設)")}};
    const char* name = names.value(type);
    return name ? QCoreApplication::translate("RecoveryUi", name) : type;
}

QString applicationStateName(const QString& state)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("waiting"), QT_TRANSLATE_NOOP("RecoveryUi", "Waiting")},
        {QStringLiteral("assigned"), QT_TRANSLATE_NOOP("RecoveryUi", "Assigned")},
        {QStringLiteral("moved_in"), QT_TRANSLATE_NOOP("RecoveryUi", "Moved in")},
        {QStringLiteral("moved_out"), QT_TRANSLATE_NOOP("RecoveryUi", "Moved out")},
        {QStringLiteral("withdrawn"), QT_TRANSLATE_NOOP("RecoveryUi", "Withdrawn")}};
    const char* name = names.value(state);
    return name ? QCoreApplication::translate("RecoveryUi", name) : state;
}

QString requestStateName(const QString& state)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("requested"), QT_TRANSLATE_NOOP("RecoveryUi", "Requested")},
        {QStringLiteral("committed"), QT_TRANSLATE_NOOP("RecoveryUi", "Committed")},
        {QStringLiteral("sent"), QT_TRANSLATE_NOOP("RecoveryUi", "Sent")},
        {QStringLiteral("received"), QT_TRANSLATE_NOOP("RecoveryUi", "Received")}};
    const char* name = names.value(state);
    return name ? QCoreApplication::translate("RecoveryUi", name) : state;
}

QString priorityName(int priority)
{
    switch (priority) {
    case 1:
        return QCoreApplication::translate("RecoveryUi", "Urgent");
    case 3:
        return QCoreApplication::translate("RecoveryUi", "Low");
    default:
        return QCoreApplication::translate("RecoveryUi", "Normal");
    }
}

QString partName(const QString& part)
{
    return part == QStringLiteral("basic")
               ? QCoreApplication::translate("RecoveryUi", "Basic (基礎支援金)")
               : QCoreApplication::translate("RecoveryUi", "Additional (加算支援金)");
}

QString yen(qint64 amount)
{
    //: an amount of money in yen
    return QCoreApplication::translate("RecoveryUi", "¥%1")
        .arg(QLocale(QLocale::Japanese, QLocale::Japan).toString(amount));
}

} // namespace recoveryui

namespace {

// The grade under its bar: the long name of 一部損壊 shortened.
QString gradeLabel(const QString& id)
{
    return id == QStringLiteral("ichibu_sonkai") ? QStringLiteral("一部損壊") : gradeName(id);
}

QList<int> values(const QBarSet* set)
{
    QList<int> out;
    for (int i = 0; set && i < set->count(); ++i) {
        out << int(set->at(i));
    }
    return out;
}

} // namespace

RecoveryDashboard::RecoveryDashboard(AppContext* context, QWidget* parent)
    : QWidget(parent), m_ctx(context)
{
    auto* layout = new QGridLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("recoverySummary"));
    m_summary->setWordWrap(true);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_summary->setFont(big);
    layout->addWidget(m_summary, 0, 0, 1, 2);
    m_byGrade =
        charts::chartView(QStringLiteral("gradeChart"),
                          tr("Dwellings and 罹災証明書 by damage grade"), this, QSize(320, 240));
    m_byState = charts::chartView(QStringLiteral("paymentChart"), tr("Support payments by state"),
                                  this, QSize(320, 240));
    m_byState->chart()->legend()->hide();
    m_paymentTotals = new QLabel(this);
    m_paymentTotals->setObjectName(QStringLiteral("paymentTotals"));
    m_paymentTotals->setAlignment(Qt::AlignCenter);
    m_paymentTotals->setWordWrap(true);
    auto* payments = new QWidget(this);
    auto* paymentsLayout = new QVBoxLayout(payments);
    paymentsLayout->setContentsMargins(0, 0, 0, 0);
    paymentsLayout->addWidget(m_byState, 1);
    paymentsLayout->addWidget(m_paymentTotals);
    layout->addWidget(m_byGrade, 1, 0);
    layout->addWidget(payments, 1, 1);
    m_remindersTitle = new QLabel(this);
    m_remindersTitle->setObjectName(QStringLiteral("remindersTitle"));
    m_remindersTitle->setWordWrap(true);
    auto* warningsTitle = new QLabel(tr("Relief-supply warnings"), this);
    auto* remindersRow = new QHBoxLayout;
    remindersRow->addWidget(m_remindersTitle, 1);
    layout->addLayout(remindersRow, 2, 0);
    layout->addWidget(warningsTitle, 2, 1);
    m_reminders = new QTableWidget(0, 4, this);
    m_reminders->setObjectName(QStringLiteral("reminderTable"));
    m_reminders->setHorizontalHeaderLabels(
        {tr("Household"), tr("Part"), tr("Deadline"), tr("Days left")});
    m_reminders->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_reminders->verticalHeader()->hide();
    m_reminders->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    remindersRow->addWidget(ui::exportCsvButton(m_reminders, tr("payment-reminders"), this));
    m_warnings = new QListWidget(this);
    m_warnings->setObjectName(QStringLiteral("supplyWarningList"));
    layout->addWidget(m_reminders, 3, 0);
    layout->addWidget(m_warnings, 3, 1);
    layout->setRowStretch(1, 3);
    layout->setRowStretch(3, 1);
}

void RecoveryDashboard::setDisaster(qint64 disasterId)
{
    m_disasterId = disasterId;
}

void RecoveryDashboard::refresh()
{
    charts::clearChart(m_byGrade->chart());
    charts::clearChart(m_byState->chart());
    m_buildingSet = nullptr;
    m_certificateSet = nullptr;
    m_paymentSet = nullptr;
    m_reminders->setRowCount(0);
    m_warnings->clear();
    m_paymentTotals->clear();
    m_remindersTitle->setText(
        tr("Payment reminders (deadline within %n day(s))", nullptr, reminderDays()));
    if (m_disasterId == 0) {
        m_summary->setText(
            tr("No disaster is open. Open one on the \"Disaster support\" page first."));
        return;
    }
    auto buildings = RecoveryService(m_ctx->db).buildings(m_disasterId);
    auto certificates = RecoveryService(m_ctx->db).certificates(m_disasterId);
    SupportPayments payments(m_ctx->db);
    auto paid = payments.payments(m_disasterId);
    auto due = payments.dueSoon(reminderDays(), m_disasterId);
    auto warnings = ReliefSupplies(m_ctx->db).warnings(expiryDays(), m_disasterId);
    auto dis = disaster::DisasterService(m_ctx->db).disaster(m_disasterId);
    if (dis) {
        m_remindersTitle->setText(
            tr("Payment reminders (deadline within %n day(s); applications until %1 for the "
               "basic part, %2 for the additional part)",
               nullptr, reminderDays())
                .arg(SupportPayments::basicDeadline(dis->occurredOn).toString(Qt::ISODate),
                     SupportPayments::additionalDeadline(dis->occurredOn).toString(Qt::ISODate)));
    }
    if (!buildings || !certificates || !paid || !due || !warnings) {
        m_summary->setText(!buildings      ? buildings.errorMessage()
                           : !certificates ? certificates.errorMessage()
                           : !paid         ? paid.errorMessage()
                           : !due          ? due.errorMessage()
                                           : warnings.errorMessage());
        return;
    }

    // Dwellings by the grade of their latest survey, issued 罹災証明書 by the decided grade.
    const QStringList grades = recoveryui::surveyGrades();
    QMap<QString, int> byBuilding;
    int nonResidential = 0;
    for (const Building& b : std::as_const(*buildings)) {
        if (!b.residential) {
            ++nonResidential;
        } else if (const Survey* s = b.latest()) {
            byBuilding[s->grade] += 1;
        }
    }
    QMap<QString, int> byCertificate;
    int issued = 0;
    for (const Certificate& c : std::as_const(*certificates)) {
        if (c.state == QStringLiteral("issued")) {
            ++issued;
            if (c.kind == QStringLiteral("risai")) {
                byCertificate[c.grade] += 1;
            }
        }
    }
    {
        QChart* chart = m_byGrade->chart();
        auto* dwellings = new QBarSet(tr("Dwellings surveyed"));
        auto* certs = new QBarSet(tr("罹災証明書 issued"));
        dwellings->setColor(QColor(0xc6, 0x28, 0x28));
        certs->setColor(QColor(0x15, 0x65, 0xc0));
        dwellings->setLabelColor(Qt::black);
        certs->setLabelColor(Qt::black);
        QStringList names;
        int max = 0;
        for (const QString& g : grades) {
            *dwellings << byBuilding.value(g);
            *certs << byCertificate.value(g);
            names << gradeLabel(g);
            max = std::max({max, byBuilding.value(g), byCertificate.value(g)});
        }
        m_buildingSet = dwellings;
        m_certificateSet = certs;
        auto* series = new QBarSeries;
        series->append(dwellings);
        series->append(certs);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* axis = new QBarCategoryAxis;
        axis->append(names);
        QFont small = axis->labelsFont();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        axis->setLabelsFont(small);
        chart->addAxis(axis, Qt::AlignBottom);
        series->attachAxis(axis);
        QValueAxis* counts = charts::countAxis(max);
        chart->addAxis(counts, Qt::AlignLeft);
        series->attachAxis(counts);
    }

    // Payments by state, the total in yen under each bar.
    QMap<QString, int> count;
    QMap<QString, qint64> total;
    for (const Payment& p : std::as_const(*paid)) {
        count[p.state] += 1;
        total[p.state] += p.amount;
    }
    {
        QChart* chart = m_byState->chart();
        auto* set = new QBarSet(tr("Applications"));
        set->setColor(QColor(0x2e, 0x7d, 0x32));
        set->setLabelColor(Qt::black);
        QStringList names;
        QStringList totals;
        int max = 0;
        for (const QString& s : paymentStates()) {
            *set << count.value(s);
            names << paymentStateDisplay(s);
            totals << QStringLiteral("%1 %2").arg(paymentStateDisplay(s),
                                                  recoveryui::yen(total.value(s)));
            max = std::max(max, count.value(s));
        }
        m_paymentTotals->setText(QStringLiteral("<b>%1</b> %2")
                                     .arg(tr("Totals:").toHtmlEscaped(),
                                          totals.join(QStringLiteral("　")).toHtmlEscaped()));
        m_paymentSet = set;
        auto* series = new QBarSeries;
        series->append(set);
        series->setLabelsVisible(true);
        series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
        chart->addSeries(series);
        auto* axis = new QBarCategoryAxis;
        axis->append(names);
        chart->addAxis(axis, Qt::AlignBottom);
        series->attachAxis(axis);
        QValueAxis* counts = charts::countAxis(max);
        chart->addAxis(counts, Qt::AlignLeft);
        series->attachAxis(counts);
    }

    for (const DueItem& d : std::as_const(*due)) {
        const int row = m_reminders->rowCount();
        m_reminders->insertRow(row);
        m_reminders->setItem(row, 0, new QTableWidgetItem(d.household));
        m_reminders->setItem(row, 1, new QTableWidgetItem(recoveryui::partName(d.part)));
        m_reminders->setItem(row, 2, new QTableWidgetItem(d.deadline.toString(Qt::ISODate)));
        auto* left = new QTableWidgetItem(QString::number(d.daysLeft));
        left->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_reminders->setItem(row, 3, left);
        if (d.daysLeft <= 7) {
            for (int c = 0; c < 4; ++c) {
                m_reminders->item(row, c)->setBackground(QColor(0xff, 0xcd, 0xd2));
            }
        }
    }
    for (const SupplyWarning& w : std::as_const(*warnings)) {
        auto* item = new QListWidgetItem(w.message, m_warnings);
        item->setData(Qt::UserRole, w.kind);
        item->setBackground(w.kind == QStringLiteral("low_stock") ? QColor(0xff, 0xe0, 0xb2)
                                                                  : QColor(0xff, 0xcd, 0xd2));
    }
    if (warnings->isEmpty()) {
        new QListWidgetItem(tr("No warnings."), m_warnings);
    }

    qint64 paidTotal = total.value(QStringLiteral("paid"));
    m_summary->setText(
        tr("%1 dwellings and %2 other properties surveyed, %3 certificates issued; %4 payment "
           "applications, %5 paid; %6 reminders, %7 supply warnings.")
            .arg(buildings->size() - nonResidential)
            .arg(nonResidential)
            .arg(issued)
            .arg(paid->size())
            .arg(recoveryui::yen(paidTotal))
            .arg(due->size())
            .arg(warnings->size()));
}

QList<int> RecoveryDashboard::shownBuildingCounts() const
{
    return values(m_buildingSet);
}

QList<int> RecoveryDashboard::shownCertificateCounts() const
{
    return values(m_certificateSet);
}

QList<int> RecoveryDashboard::shownPaymentCounts() const
{
    return values(m_paymentSet);
}

QString RecoveryDashboard::summary() const
{
    return m_summary->text();
}

} // namespace madoguchi
