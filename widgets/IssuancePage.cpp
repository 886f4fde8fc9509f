#include "IssuancePage.h"

#include "HandOverWizard.h"
#include "IssuanceDashboard.h"
#include "PdfPreview.h"
#include "common/Clock.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace madoguchi {

using namespace issuance;

namespace {

const QTimeZone& japan()
{
    static const QTimeZone zone(9 * 3600);
    return zone;
}

QString local(const QDateTime& t)
{
    return t.isValid() ? t.toTimeZone(japan()).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                       : QString();
}

bool waitingForHolder(State s)
{
    return s == State::Delivered || s == State::NoticeSent || s == State::AppointmentBooked;
}

enum Column {
    ColNo,
    ColCode,
    ColName,
    ColState,
    ColApplied,
    ColAppointment,
    ColCollectBy,
    ColValid
};

} // namespace

IssuancePage::IssuancePage(AppContext* context, QWidget* parent) : QWidget(parent), m_ctx(context)
{
    auto* outer = new QVBoxLayout(this);
    auto* title = new QLabel(tr("My Number card issuance"), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    title->setFont(f);
    outer->addWidget(title);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("issuanceTabs"));
    outer->addWidget(m_tabs, 1);
    auto* queue = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(queue);
    layout->setContentsMargins(0, 6, 0, 0);
    m_tabs->addTab(queue, tr("&Queue"));

    auto* top = new QHBoxLayout;
    auto* filterLabel = new QLabel(tr("&State:"), queue);
    m_filter = new QComboBox(queue);
    m_filter->setObjectName(QStringLiteral("stateFilter"));
    m_filter->addItem(tr("All"), QString());
    for (State s : allStates()) {
        m_filter->addItem(displayName(s), id(s));
    }
    filterLabel->setBuddy(m_filter);
    top->addWidget(filterLabel);
    top->addWidget(m_filter);
    auto* viewLabel = new QLabel(tr("S&how:"), queue);
    m_view = new QComboBox(queue);
    m_view->setObjectName(QStringLiteral("dueView"));
    m_view->addItem(tr("All applications"), int(View::All));
    m_view->addItem(tr("Collections due (past or within %n day(s) of the deadline)", nullptr,
                       kCollectionWarningDays),
                    int(View::CollectionsDue));
    m_view->addItem(tr("Appointments today"), int(View::AppointmentsToday));
    m_view->addItem(
        tr("Renewals due (expiring within %n month(s))", nullptr, kRenewalReminderMonths),
        int(View::RenewalsDue));
    viewLabel->setBuddy(m_view);
    top->addWidget(viewLabel);
    top->addWidget(m_view);
    top->addSpacing(24);
    auto* codeLabel = new QLabel(tr("Resident &code:"), queue);
    m_residentCode = new QLineEdit(queue);
    m_residentCode->setObjectName(QStringLiteral("residentCodeEdit"));
    m_residentCode->setPlaceholderText(tr("11 digits"));
    m_residentCode->setMaxLength(11);
    codeLabel->setBuddy(m_residentCode);
    m_apply = new QPushButton(tr("New &application"), queue);
    top->addWidget(codeLabel);
    top->addWidget(m_residentCode);
    top->addWidget(m_apply);
    top->addStretch();
    layout->addLayout(top);

    m_table = new QTableWidget(0, 8, queue);
    m_table->setObjectName(QStringLiteral("queueTable"));
    m_table->setHorizontalHeaderLabels({tr("No."), tr("Resident code"), tr("Name"), tr("State"),
                                        tr("Applied"), tr("Appointment"), tr("Collect by"),
                                        tr("Valid until")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 3);

    m_history = new QTableWidget(0, 5, queue);
    m_history->setObjectName(QStringLiteral("historyTable"));
    m_history->setHorizontalHeaderLabels(
        {tr("When"), tr("From"), tr("To"), tr("Operator"), tr("Reason")});
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_history, 2);

    auto* step = new QHBoxLayout;
    auto* nextLabel = new QLabel(tr("&Next step:"), queue);
    m_next = new QComboBox(queue);
    m_next->setObjectName(QStringLiteral("nextStep"));
    nextLabel->setBuddy(m_next);
    auto* reasonLabel = new QLabel(tr("&Reason:"), queue);
    m_reason = new QLineEdit(queue);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    reasonLabel->setBuddy(m_reason);
    m_appointmentLabel = new QLabel(tr("Appoint&ment:"), queue);
    m_appointment = new QDateTimeEdit(queue);
    m_appointment->setObjectName(QStringLiteral("appointmentEdit"));
    m_appointment->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_appointment->setCalendarPopup(true);
    m_appointmentLabel->setBuddy(m_appointment);
    m_proxy = new QCheckBox(tr("Collected by a &proxy (代理)"), queue);
    m_advance = new QPushButton(tr("&Record step"), queue);
    m_advance->setObjectName(QStringLiteral("recordStepButton"));
    step->addWidget(nextLabel);
    step->addWidget(m_next);
    step->addWidget(m_appointmentLabel);
    step->addWidget(m_appointment);
    step->addWidget(reasonLabel);
    step->addWidget(m_reason, 1);
    step->addWidget(m_proxy);
    step->addWidget(m_advance);
    layout->addLayout(step);

    auto* actions = new QHBoxLayout;
    m_notice = new QPushButton(tr("Card n&otice (交付通知書)…"), queue);
    m_notice->setObjectName(QStringLiteral("noticeButton"));
    m_notice->setToolTip(tr("Writes the notice that the card is ready, shows it for printing and "
                            "records it as sent"));
    m_remind = new QPushButton(tr("Rene&wal reminder sent"), queue);
    m_remind->setObjectName(QStringLiteral("remindButton"));
    m_handOver = new QPushButton(tr("Hand o&ver at the counter…"), queue);
    m_handOver->setObjectName(QStringLiteral("handOver"));
    m_handOver->setToolTip(tr("At the counter: read the card, verify the holder, let them set "
                              "the PINs, write the certificates"));
    m_handOver->setEnabled(false);
    actions->addWidget(m_notice);
    actions->addWidget(m_handOver);
    actions->addWidget(m_remind);
    actions->addStretch();
    layout->addLayout(actions);

    m_message = new QLabel(queue);
    m_message->setObjectName(QStringLiteral("issuanceMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    m_dashboard = new IssuanceDashboard(m_tabs);
    m_dashboard->setObjectName(QStringLiteral("issuanceDashboard"));
    m_tabs->addTab(m_dashboard, tr("&Dashboard"));

    const bool allowed = m_ctx->session.can(Permission::IssueCards);
    for (QWidget* w : std::initializer_list<QWidget*>{m_residentCode, m_apply, m_next, m_reason,
                                                      m_appointment, m_proxy, m_advance}) {
        w->setEnabled(allowed);
    }
    if (!allowed) {
        say(tr("Your role may not issue cards: the queue is shown, the steps are for card "
               "issuers."),
            false);
    }
    connect(m_filter, &QComboBox::currentIndexChanged, this, &IssuancePage::reload);
    connect(m_view, &QComboBox::currentIndexChanged, this, &IssuancePage::reload);
    connect(m_apply, &QPushButton::clicked, this, &IssuancePage::applyForCard);
    connect(m_residentCode, &QLineEdit::returnPressed, this, &IssuancePage::applyForCard);
    connect(m_advance, &QPushButton::clicked, this, &IssuancePage::advance);
    connect(m_handOver, &QPushButton::clicked, this, &IssuancePage::handOver);
    connect(m_notice, &QPushButton::clicked, this, &IssuancePage::writeNotice);
    connect(m_remind, &QPushButton::clicked, this, &IssuancePage::markReminded);
    connect(m_next, &QComboBox::currentIndexChanged, this, &IssuancePage::updateStepFields);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &IssuancePage::showSelected);
    updateStepFields();
    reload();
}

QString IssuancePage::noticeFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("notices"));
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
    return rows.isEmpty() ? 0 : m_table->item(rows.first().row(), ColNo)->text().toLongLong();
}

void IssuancePage::say(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020") : QString());
}

void IssuancePage::reload()
{
    if (const qint64 now = selectedId()) {
        m_keep = now;
    }
    const int generation = ++m_generation;
    const DatabaseSpec spec = m_ctx->db.spec();
    const auto view = View(m_view->currentData().toInt());
    const auto state = fromId(m_filter->currentData().toString());
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher] {
        showLoaded(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([spec, view, state, generation]() -> Loaded {
        Loaded out;
        out.generation = generation;
        auto db = Database::open(spec);
        if (!db) {
            out.error = db.errorMessage();
            return out;
        }
        IssuanceService service(*db);
        const QDate today = japanToday();
        Result<QList<Application>> apps =
            view == View::CollectionsDue
                ? service.collectionsDue(today.addDays(kCollectionWarningDays))
            : view == View::AppointmentsToday ? service.appointmentsOn(today)
            : view == View::RenewalsDue
                ? service.renewalsDue(today.addMonths(kRenewalReminderMonths))
                : service.list(state);
        if (!apps) {
            out.error = apps.errorMessage();
            return out;
        }
        QList<qint64> residents;
        for (const Application& a : std::as_const(*apps)) {
            if (!state || a.state == *state) {
                residents << a.residentId;
            }
        }
        auto people = RegistryService(*db).loadMany(residents);
        QHash<qint64, QString> names;
        if (people) {
            for (const Resident& r : std::as_const(*people)) {
                names.insert(r.id, r.fullName());
            }
        }
        for (const Application& a : std::as_const(*apps)) {
            if (!state || a.state == *state) {
                out.rows.append({a, names.value(a.residentId)});
            }
        }
        auto stats = service.stats(12);
        if (stats) {
            out.stats = *stats;
        } else {
            out.error = stats.errorMessage();
        }
        return out;
    }));
}

void IssuancePage::showLoaded(const Loaded& result)
{
    if (result.generation != m_generation) {
        return; // a newer load is on its way
    }
    if (!result.error.isEmpty()) {
        say(result.error, true);
    }
    if (result.stats) {
        m_dashboard->setStats(*result.stats);
    }
    const QDate today = japanToday();
    const QDate warn = today.addDays(kCollectionWarningDays);
    QSignalBlocker block(m_table);
    m_table->setRowCount(0);
    int keepRow = -1;
    for (const Row& r : result.rows) {
        const Application& a = r.app;
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QDate deadline =
            waitingForHolder(a.state) ? collectionDeadline(a.deliveredAt) : QDate();
        const QStringList cells = {QString::number(a.id),
                                   a.residentCode,
                                   r.name,
                                   displayName(a.state) + (a.proxy ? tr(" (proxy)") : QString()),
                                   local(a.appliedAt),
                                   a.state == State::AppointmentBooked ? local(a.appointmentAt)
                                                                       : QString(),
                                   deadline.toString(Qt::ISODate),
                                   a.expiresOn.toString(Qt::ISODate)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == ColState) {
                item->setData(Qt::UserRole, id(a.state));
            }
            m_table->setItem(row, c, item);
        }
        if (deadline.isValid() && deadline <= warn) {
            QTableWidgetItem* item = m_table->item(row, ColCollectBy);
            item->setForeground(QColor(0xb0, 0x00, 0x20));
            QFont bold = item->font();
            bold.setBold(true);
            item->setFont(bold);
            item->setToolTip(deadline < today
                                 ? tr("The collection deadline has passed: the card may be "
                                      "destroyed uncollected.")
                                 : tr("The collection deadline is within %n day(s).", nullptr,
                                      int(today.daysTo(deadline))));
        }
        if (a.renewalRemindedAt.isValid()) {
            m_table->item(row, ColValid)
                ->setToolTip(tr("Renewal reminder sent on %1").arg(local(a.renewalRemindedAt)));
        }
        if (a.id == m_keep) {
            keepRow = row;
        }
    }
    m_table->resizeColumnsToContents();
    if (keepRow >= 0) {
        m_table->selectRow(keepRow);
    }
    block.unblock();
    showSelected();
    emit loaded();
}

void IssuancePage::showSelected()
{
    m_history->setRowCount(0);
    m_next->clear();
    m_handOver->setEnabled(false);
    m_current.reset();
    const qint64 appId = selectedId();
    const bool allowed = m_ctx->session.can(Permission::IssueCards);
    m_notice->setEnabled(false);
    m_remind->setEnabled(false);
    if (!appId) {
        updateStepFields();
        return;
    }
    m_keep = appId;
    auto a = IssuanceService(m_ctx->db).get(appId);
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    static const QList<State> handOverStates = {State::NoticeSent, State::AppointmentBooked,
                                                State::IdentityVerified, State::PinsSet};
    m_handOver->setEnabled(m_ctx->session.can(Permission::IssueCards) &&
                           handOverStates.contains(a->state));
    m_current = *a;
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
    m_notice->setEnabled(allowed && waitingForHolder(a->state));
    m_remind->setEnabled(allowed && a->state == State::Issued && a->expiresOn.isValid() &&
                         !a->renewalRemindedAt.isValid());
    updateStepFields();
}

void IssuancePage::updateStepFields()
{
    const auto to = fromId(m_next->currentData().toString());
    const bool booking = to == State::AppointmentBooked;
    m_appointmentLabel->setVisible(booking);
    m_appointment->setVisible(booking);
    if (booking) {
        // Japan time, as the counter speaks it: tomorrow at 10:00 unless already chosen.
        const QDateTime now = Clock::now().toTimeZone(japan());
        m_appointment->setMinimumDate(now.date());
        if (m_appointment->dateTime() < QDateTime(now.date(), now.time())) {
            m_appointment->setDateTime(QDateTime(now.date().addDays(1), QTime(10, 0)));
        }
    }
    m_proxy->setVisible(to == State::IdentityVerified || !to);
}

void IssuancePage::applyForCard()
{
    auto a = IssuanceService(m_ctx->db).apply(m_residentCode->text().trimmed(), m_ctx->session);
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    say(tr("Application %1 received for %2.").arg(a->id).arg(a->residentCode), false);
    m_keep = a->id;
    m_table->clearSelection();
    {
        QSignalBlocker a1(m_filter);
        QSignalBlocker a2(m_view);
        m_filter->setCurrentIndex(0);
        m_view->setCurrentIndex(0);
    }
    reload();
}

void IssuancePage::advance()
{
    const qint64 appId = selectedId();
    const auto to = fromId(m_next->currentData().toString());
    if (!appId || !to) {
        say(tr("Choose an application and its next step."), true);
        return;
    }
    QDateTime at;
    if (to == State::AppointmentBooked) {
        const QDateTime chosen = m_appointment->dateTime();
        at = QDateTime(chosen.date(), chosen.time(), japan());
    }
    auto a = IssuanceService(m_ctx->db).advance(appId, *to, m_reason->text(), m_ctx->session,
                                                m_proxy->isChecked(), at);
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    m_reason->clear();
    m_proxy->setChecked(false);
    say(to == State::AppointmentBooked
            ? tr("Application %1: appointment on %2.").arg(a->id).arg(local(a->appointmentAt))
            : tr("Application %1: %2.").arg(a->id).arg(displayName(a->state)),
        false);
    m_keep = a->id;
    reload();
}

void IssuancePage::writeNotice()
{
    const qint64 appId = selectedId();
    if (!appId) {
        say(tr("Choose an application whose card has arrived."), true);
        return;
    }
    if (!QDir().mkpath(noticeFolder())) {
        say(tr("Cannot create the folder %1.").arg(noticeFolder()), true);
        return;
    }
    const QString path = QDir(noticeFolder()).filePath(QStringLiteral("notice-%1.pdf").arg(appId));
    IssuanceService service(m_ctx->db);
    auto written = service.writeNotice(appId, path, m_ctx->session);
    if (!written) {
        say(written.errorMessage(), true);
        return;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    if (written->state == State::Delivered) {
        auto sent = service.advance(appId, State::NoticeSent, {}, m_ctx->session);
        if (!sent) {
            say(sent.errorMessage(), true);
            return;
        }
        say(tr("Application %1: the card notice was written and recorded as sent.").arg(appId),
            false);
    } else {
        say(tr("Application %1: the card notice was written again.").arg(appId), false);
    }
    m_keep = appId;
    reload();

    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("noticeDialog"));
    dialog.setWindowTitle(tr("Card notice (交付通知書) — application %1").arg(appId));
    auto* layout = new QVBoxLayout(&dialog);
    auto* preview = new PdfPreview(&dialog);
    preview->setObjectName(QStringLiteral("noticePreview"));
    layout->addWidget(preview, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(720, 900);
    // Rendered once the dialog is laid out, at the width the page gets there.
    QTimer::singleShot(0, preview, [preview, path] { preview->setFile(path); });
    dialog.exec();
}

void IssuancePage::markReminded()
{
    const qint64 appId = selectedId();
    if (!appId) {
        return;
    }
    auto a = IssuanceService(m_ctx->db).markReminded(appId, m_ctx->session);
    if (!a) {
        say(a.errorMessage(), true);
        return;
    }
    say(tr("Application %1: the renewal reminder for the card expiring on %2 is recorded.")
            .arg(appId)
            .arg(a->expiresOn.toString(Qt::ISODate)),
        false);
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
