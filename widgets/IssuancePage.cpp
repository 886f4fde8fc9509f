#include "IssuancePage.h"

#include "HandOverWizard.h"

#include "issuance/Issuance.h"
#include "registry/RegistryService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace madoguchi {

using namespace issuance;

namespace {

QString local(const QDateTime& t)
{
    return t.isValid()
               ? t.toTimeZone(QTimeZone(9 * 3600)).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
               : QString();
}

} // namespace

IssuancePage::IssuancePage(AppContext* context, QWidget* parent) : QWidget(parent), m_ctx(context)
{
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("My Number card issuance"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    layout->addWidget(title);

    auto* top = new QHBoxLayout;
    auto* filterLabel = new QLabel(tr("&State:"), this);
    m_filter = new QComboBox(this);
    m_filter->addItem(tr("All"), QString());
    for (State s : allStates()) {
        m_filter->addItem(displayName(s), id(s));
    }
    filterLabel->setBuddy(m_filter);
    top->addWidget(filterLabel);
    top->addWidget(m_filter);
    top->addSpacing(24);
    auto* codeLabel = new QLabel(tr("Resident &code:"), this);
    m_residentCode = new QLineEdit(this);
    m_residentCode->setPlaceholderText(tr("11 digits"));
    m_residentCode->setMaxLength(11);
    codeLabel->setBuddy(m_residentCode);
    m_apply = new QPushButton(tr("New &application"), this);
    top->addWidget(codeLabel);
    top->addWidget(m_residentCode);
    top->addWidget(m_apply);
    top->addStretch();
    layout->addLayout(top);

    m_table = new QTableWidget(0, 7, this);
    m_table->setHorizontalHeaderLabels({tr("No."), tr("Resident code"), tr("Name"), tr("State"),
                                        tr("Applied"), tr("Updated"), tr("Valid until")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 3);

    m_history = new QTableWidget(0, 5, this);
    m_history->setHorizontalHeaderLabels(
        {tr("When"), tr("From"), tr("To"), tr("Operator"), tr("Reason")});
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_history, 2);

    auto* step = new QHBoxLayout;
    auto* nextLabel = new QLabel(tr("&Next step:"), this);
    m_next = new QComboBox(this);
    nextLabel->setBuddy(m_next);
    auto* reasonLabel = new QLabel(tr("&Reason:"), this);
    m_reason = new QLineEdit(this);
    reasonLabel->setBuddy(m_reason);
    m_proxy = new QCheckBox(tr("Collected by a &proxy (代理)"), this);
    m_advance = new QPushButton(tr("&Record step"), this);
    step->addWidget(nextLabel);
    step->addWidget(m_next);
    step->addWidget(reasonLabel);
    step->addWidget(m_reason, 1);
    step->addWidget(m_proxy);
    step->addWidget(m_advance);
    m_handOver = new QPushButton(tr("&Hand over…"), this);
    m_handOver->setObjectName(QStringLiteral("handOver"));
    m_handOver->setToolTip(tr("At the counter: read the card, verify the holder, let them set "
                              "the PINs, write the certificates"));
    m_handOver->setEnabled(false);
    step->addWidget(m_handOver);
    layout->addLayout(step);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    const bool allowed = m_ctx->session.can(Permission::IssueCards);
    for (QWidget* w : std::initializer_list<QWidget*>{m_residentCode, m_apply, m_next, m_reason,
                                                      m_proxy, m_advance}) {
        w->setEnabled(allowed);
    }
    if (!allowed) {
        say(tr("Your role may not issue cards: the queue is shown, the steps are for card "
               "issuers."),
            false);
    }
    connect(m_filter, &QComboBox::currentIndexChanged, this, &IssuancePage::reload);
    connect(m_apply, &QPushButton::clicked, this, &IssuancePage::applyForCard);
    connect(m_residentCode, &QLineEdit::returnPressed, this, &IssuancePage::applyForCard);
    connect(m_advance, &QPushButton::clicked, this, &IssuancePage::advance);
    connect(m_handOver, &QPushButton::clicked, this, &IssuancePage::handOver);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &IssuancePage::showSelected);
    reload();
}

void IssuancePage::showEvent(QShowEvent* e)
{
    if (m_residentCode->text().isEmpty()) {
        m_residentCode->setText(m_ctx->lastResidentCode);
    }
    reload();
    QWidget::showEvent(e);
}

qint64 IssuancePage::selectedId() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_table->item(rows.first().row(), 0)->text().toLongLong();
}

void IssuancePage::say(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
}

void IssuancePage::reload()
{
    const qint64 keep = selectedId();
    const auto state = fromId(m_filter->currentData().toString());
    auto all = IssuanceService(m_ctx->db).list(state);
    if (!all) {
        say(all.errorMessage(), true);
        return;
    }
    RegistryService registry(m_ctx->db);
    m_table->setRowCount(0);
    for (const Application& a : std::as_const(*all)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto resident = registry.load(a.residentId);
        const QStringList cells = {QString::number(a.id),
                                   a.residentCode,
                                   resident ? resident->fullName() : QString(),
                                   displayName(a.state) + (a.proxy ? tr(" (proxy)") : QString()),
                                   local(a.appliedAt),
                                   local(a.updatedAt),
                                   a.expiresOn.toString(Qt::ISODate)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == 3) {
                item->setData(Qt::UserRole, id(a.state));
            }
            m_table->setItem(row, c, item);
        }
        if (a.id == keep) {
            m_table->selectRow(row);
        }
    }
    m_table->resizeColumnsToContents();
    showSelected();
}

void IssuancePage::showSelected()
{
    m_history->setRowCount(0);
    m_next->clear();
    m_handOver->setEnabled(false);
    const qint64 appId = selectedId();
    if (!appId) {
        return;
    }
    auto a = IssuanceService(m_ctx->db).get(appId);
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    static const QList<State> handOverStates = {State::NoticeSent, State::AppointmentBooked,
                                                State::IdentityVerified, State::PinsSet};
    m_handOver->setEnabled(m_ctx->session.can(Permission::IssueCards) &&
                           handOverStates.contains(a->state));
    for (const HistoryEntry& h : a->history) {
        const int row = m_history->rowCount();
        m_history->insertRow(row);
        const auto from = fromId(h.from);
        const QStringList cells = {local(h.at), from ? displayName(*from) : QString(),
                                   displayName(fromId(h.to).value_or(State::ApplicationReceived)),
                                   h.operatorLogin, h.reason};
        for (int c = 0; c < cells.size(); ++c) {
            m_history->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        }
    }
    m_history->resizeColumnsToContents();
    for (State s : nextStates(a->state)) {
        m_next->addItem(displayName(s), id(s));
    }
}

void IssuancePage::applyForCard()
{
    auto a = IssuanceService(m_ctx->db).apply(m_residentCode->text().trimmed(), m_ctx->session);
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    say(tr("Application %1 received for %2.").arg(a->id).arg(a->residentCode), false);
    m_filter->setCurrentIndex(0);
    reload();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0)->text().toLongLong() == a->id) {
            m_table->selectRow(row);
        }
    }
}

void IssuancePage::advance()
{
    const qint64 appId = selectedId();
    const auto to = fromId(m_next->currentData().toString());
    if (!appId || !to) {
        say(tr("Choose an application and its next step."), true);
        return;
    }
    auto a = IssuanceService(m_ctx->db).advance(appId, *to, m_reason->text(), m_ctx->session,
                                                m_proxy->isChecked());
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    m_reason->clear();
    m_proxy->setChecked(false);
    say(tr("Application %1: %2.").arg(a->id).arg(displayName(a->state)), false);
    reload();
}

void IssuancePage::handOver()
{
    const qint64 appId = selectedId();
    if (!appId) {
        return;
    }
    HandOverWizard wizard(m_ctx, appId, this);
    wizard.exec();
    say(tr("Application %1: %2.").arg(appId).arg(displayName(wizard.state())), false);
    reload();
}

} // namespace madoguchi
