#include "DisasterPage.h"

#include "DisasterDashboard.h"
#include "DisasterRegistrationForm.h"
#include "PdfPreview.h"
#include "Ui.h"
#include "common/Clock.h"
#include "disaster/LedgerPfif.h"
#include "documents/ShelterRosterPdf.h"
#include "text/JapaneseText.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QShortcut>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace madoguchi {

using namespace disaster;

namespace {

enum ShelterColumn { SColName, SColKind, SColCapacity, SColOccupancy, SColOpen, SColAddress };
enum PersonColumn {
    PColId,
    PColName,
    PColKana,
    PColBirth,
    PColSex,
    PColStatus,
    PColNeeds,
    PColShelter,
    PColNote
};

QDate japanToday()
{
    return Clock::now().toTimeZone(QTimeZone(9 * 3600)).date();
}

QString needsText(const QStringList& needs)
{
    QStringList names;
    for (const QString& n : needs) {
        names << disasterui::needName(n);
    }
    return names.join(QStringLiteral("・"));
}

QString reasonName(const QString& reason)
{
    if (reason == QStringLiteral("kana")) {
        return QCoreApplication::translate("DisasterPage", "same kana");
    }
    if (reason == QStringLiteral("name")) {
        return QCoreApplication::translate("DisasterPage", "same name");
    }
    if (reason == QStringLiteral("birth_date")) {
        return QCoreApplication::translate("DisasterPage", "same birth date");
    }
    if (reason == QStringLiteral("address")) {
        return QCoreApplication::translate("DisasterPage", "same address");
    }
    return reason;
}

QString personCell(const Person& p)
{
    QStringList lines = {p.fullName(), p.fullKana()};
    QString born = p.birthDate.isValid() ? p.birthDate.toString(Qt::ISODate)
                                         : QCoreApplication::translate("DisasterPage", "birth "
                                                                                       "unknown");
    lines << QStringLiteral("%1  %2  #%3").arg(born, disasterui::sexName(p.sex)).arg(p.id);
    if (!p.registeredAddress.isEmpty()) {
        lines << p.registeredAddress;
    }
    return lines.join(u'\n');
}

} // namespace

DisasterPage::DisasterPage(AppContext* context, QWidget* parent) : QWidget(parent), m_ctx(context)
{
    auto* outer = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* title = ui::heading(tr("Disaster victim support"), this, 1.4);
    title->setObjectName(QStringLiteral("pageTitle"));
    top->addWidget(title);
    top->addSpacing(24);
    auto* disasterLabel = new QLabel(tr("&Disaster:"), this);
    m_disaster = new QComboBox(this);
    m_disaster->setObjectName(QStringLiteral("disasterCombo"));
    m_disaster->setMinimumWidth(280);
    disasterLabel->setBuddy(m_disaster);
    auto* open = new QPushButton(tr("&Open a disaster…"), this);
    open->setObjectName(QStringLiteral("openDisasterButton"));
    auto* refreshButton = new QPushButton(tr("Refresh (F5)"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    top->addWidget(disasterLabel);
    top->addWidget(m_disaster);
    top->addWidget(open);
    // Person Finder: the ledger exchanged as PFIF 1.4.
    auto* pfif = new QToolButton(this);
    pfif->setObjectName(QStringLiteral("pfifButton"));
    pfif->setText(tr("Person &Finder (PFIF)"));
    pfif->setPopupMode(QToolButton::InstantPopup);
    auto* pfifMenu = new QMenu(pfif);
    pfifMenu->addAction(tr("&Import a PFIF file…"), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import a PFIF file"), QDir::homePath(),
                                         tr("PFIF files (*.xml);;All files (*)"));
        if (!path.isEmpty()) {
            importPfif(path);
        }
    });
    pfifMenu->addAction(tr("&Export the ledger as PFIF…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the ledger as PFIF"),
            QDir::home().filePath(
                QStringLiteral("pfif-%1.xml").arg(QDate::currentDate().toString(Qt::ISODate))),
            tr("PFIF files (*.xml)"));
        if (!path.isEmpty()) {
            exportPfif(path);
        }
    });
    pfif->setMenu(pfifMenu);
    top->addWidget(pfif);
    top->addStretch();
    top->addWidget(refreshButton);
    outer->addLayout(top);
    m_pageMessage = ui::messageLabel(this);
    m_pageMessage->setObjectName(QStringLiteral("pageMessage"));
    outer->addWidget(m_pageMessage);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("disasterTabs"));
    m_dashboard = new DisasterDashboard(m_ctx, m_tabs);
    m_dashboard->setObjectName(QStringLiteral("disasterDashboard"));
    m_form = new DisasterRegistrationForm(m_ctx, m_tabs);
    m_form->setObjectName(QStringLiteral("registrationForm"));
    m_tabs->addTab(m_dashboard, tr("Dash&board"));
    m_tabs->addTab(m_form, tr("Re&gistration"));
    m_tabs->addTab(buildShelters(), tr("S&helters"));
    m_tabs->addTab(buildPersons(), tr("&Persons"));
    m_tabs->addTab(buildMerge(), tr("&Merge review"));
    outer->addWidget(m_tabs, 1);

    if (!m_ctx->session.can(Permission::ManageDisaster)) {
        auto* note = ui::messageLabel(this);
        note->setText(tr("Your role may not manage the disaster ledger: ask for the disaster "
                         "staff role."));
        outer->insertWidget(1, note);
        m_tabs->setEnabled(false);
        open->setEnabled(false);
    }

    connect(open, &QPushButton::clicked, this, &DisasterPage::openDisaster);
    connect(refreshButton, &QPushButton::clicked, this, &DisasterPage::refresh);
    auto* f5 = new QShortcut(QKeySequence(Qt::Key_F5), this);
    f5->setContext(Qt::WidgetWithChildrenShortcut);
    connect(f5, &QShortcut::activated, this, &DisasterPage::refresh);
    connect(m_disaster, &QComboBox::currentIndexChanged, this, &DisasterPage::disasterChosen);
    connect(m_form, &DisasterRegistrationForm::registered, this, &DisasterPage::changed);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        reloadShown();
        if (index == RegistrationTab) {
            m_form->setFocus();
        }
    });
    refresh();
}

QString DisasterPage::rosterFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("rosters"));
}

void DisasterPage::showEvent(QShowEvent* e)
{
    refresh();
    QWidget::showEvent(e);
}

qint64 DisasterPage::disasterId() const
{
    return m_disaster->currentData().toLongLong();
}

void DisasterPage::refresh()
{
    const qint64 keep = disasterId();
    {
        QSignalBlocker block(m_disaster);
        m_disaster->clear();
        auto all = DisasterService(m_ctx->db).disasters();
        if (all) {
            // Open disasters first, the latest on top: the current one is chosen by default.
            QList<Disaster> list = *all;
            std::stable_sort(list.begin(), list.end(), [](const Disaster& a, const Disaster& b) {
                if (a.isOpen() != b.isOpen()) {
                    return a.isOpen();
                }
                return a.id > b.id;
            });
            for (const Disaster& d : std::as_const(list)) {
                QString text = QStringLiteral("%1 (%2, %3)")
                                   .arg(d.name, disasterui::typeName(d.type),
                                        d.occurredOn.toString(Qt::ISODate));
                if (!d.isOpen()) {
                    text += tr(" — closed");
                }
                m_disaster->addItem(text, d.id);
            }
        }
        const int index = m_disaster->findData(keep);
        m_disaster->setCurrentIndex(index >= 0 ? index : 0);
    }
    reloadTabs();
    emit refreshed();
}

void DisasterPage::disasterChosen()
{
    reloadTabs();
}

void DisasterPage::changed()
{
    reloadTabs();
}

void DisasterPage::reloadTabs()
{
    const qint64 id = disasterId();
    m_dashboard->setDisaster(id);
    m_form->setDisaster(id);
    reloadShelters(); // a few hundred rows at most, and the persons tab's targets
    m_stale = {DashboardTab, PersonsTab, MergeTab};
    reloadShown();
}

void DisasterPage::reloadShown()
{
    const int tab = m_tabs->currentIndex();
    if (!m_stale.remove(tab)) {
        return;
    }
    switch (tab) {
    case DashboardTab:
        m_dashboard->refresh();
        break;
    case PersonsTab:
        reloadPersons();
        break;
    case MergeTab:
        reloadMerge();
        break;
    default:
        break;
    }
}

bool DisasterPage::importPfif(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        say(m_pageMessage, tr("Cannot read %1: %2").arg(path, f.errorString()), true);
        return false;
    }
    PfifImportOptions options;
    options.disasterId = disasterId();
    options.openAs = QStringLiteral("PFIF %1").arg(QFileInfo(path).completeBaseName());
    auto r = LedgerPfif(m_ctx->db).importDocument(f.readAll(), m_ctx->session, options);
    if (!r) {
        say(m_pageMessage, tr("The PFIF file was refused: %1").arg(r.errorMessage()), true);
        return false;
    }
    QString text =
        r->changedNothing()
            ? tr("%1: nothing new (imported before).").arg(QFileInfo(path).fileName())
            : tr("%1: %2 persons added, %3 updated, %4 unchanged; %5 notes added, %6 statuses "
                 "changed.")
                  .arg(QFileInfo(path).fileName())
                  .arg(r->personsAdded)
                  .arg(r->personsUpdated)
                  .arg(r->personsUnchanged + r->personsKept)
                  .arg(r->notesAdded)
                  .arg(r->statusesChanged);
    if (r->disasterOpened) {
        text += u' ' + tr("No disaster was open: \"%1\" was opened for it.").arg(r->disasterName);
    }
    if (!r->warnings.isEmpty()) {
        text += u' ' +
                tr("%n warning(s): %1", nullptr, int(r->warnings.size())).arg(r->warnings.first());
    }
    refresh();
    if (const int index = m_disaster->findData(r->disasterId); index >= 0) {
        m_disaster->setCurrentIndex(index);
    }
    say(m_pageMessage, text, false);
    return true;
}

bool DisasterPage::exportPfif(const QString& path)
{
    auto r = LedgerPfif(m_ctx->db).exportLedger(m_ctx->session, disasterId());
    if (!r) {
        say(m_pageMessage, r.errorMessage(), true);
        return false;
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(r->xml) != r->xml.size() || !out.commit()) {
        say(m_pageMessage, tr("Cannot write %1: %2").arg(path, out.errorString()), true);
        return false;
    }
    say(m_pageMessage,
        tr("%1 persons and %2 notes written to %3; %4 left out (no consent to enquiries, or "
           "under protection).")
            .arg(r->persons)
            .arg(r->notes)
            .arg(QDir::toNativeSeparators(path))
            .arg(r->leftOut),
        false);
    return true;
}

void DisasterPage::say(QLabel* label, const QString& text, bool error)
{
    label->setText(text);
    label->setStyleSheet(error ? QStringLiteral("color: #b00020;")
                               : QStringLiteral("color: #0a6b2d;"));
}

void DisasterPage::openDisaster()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("openDisasterDialog"));
    dialog.setWindowTitle(tr("Open a disaster"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* form = new QFormLayout;
    auto* name = new QLineEdit(&dialog);
    name->setObjectName(QStringLiteral("disasterNameEdit"));
    name->setPlaceholderText(tr("e.g. 台風10号"));
    auto* type = new QComboBox(&dialog);
    type->setObjectName(QStringLiteral("disasterTypeCombo"));
    for (const QString& t : disasterTypes()) {
        type->addItem(disasterui::typeName(t), t);
    }
    auto* date = new QLineEdit(japanToday().toString(Qt::ISODate), &dialog);
    date->setObjectName(QStringLiteral("disasterDateEdit"));
    date->setPlaceholderText(tr("YYYY-MM-DD"));
    auto* areas = new QLineEdit(&dialog);
    areas->setObjectName(QStringLiteral("disasterAreasEdit"));
    areas->setPlaceholderText(tr("local-government codes, e.g. 142042, 142051"));
    form->addRow(tr("&Name"), name);
    form->addRow(tr("&Type"), type);
    form->addRow(tr("&Occurred on"), date);
    form->addRow(tr("Affected &areas"), areas);
    layout->addLayout(form);
    auto* message = ui::messageLabel(&dialog);
    layout->addWidget(message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Open the disaster"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    qint64 opened = 0;
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        auto day = parseDate(date->text());
        if (!day) {
            message->setText(day.errorMessage());
            date->setFocus();
            return;
        }
        const QStringList codes = areas->text().split(
            QRegularExpression(QStringLiteral("[\\s,、，]+")), Qt::SkipEmptyParts);
        auto d = DisasterService(m_ctx->db).openDisaster(
            name->text().trimmed(), type->currentData().toString(), *day, codes, m_ctx->session);
        if (!d) {
            message->setText(d.errorMessage()); // the dialog stays, with what was typed
            return;
        }
        opened = d->id;
        dialog.accept();
    });
    dialog.resize(480, 0);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    {
        QSignalBlocker block(m_disaster);
        m_disaster->addItem(QString(), opened);
        m_disaster->setCurrentIndex(m_disaster->count() - 1);
    }
    refresh();
    m_tabs->setCurrentIndex(SheltersTab);
    m_shelterName->setFocus();
}

// ---- shelters ------------------------------------------------------------------------------

QWidget* DisasterPage::buildShelters()
{
    auto* page = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(page);
    m_shelterTable = ui::readOnlyTable(
        QStringLiteral("shelterTable"),
        {tr("Shelter"), tr("Kind"), tr("Capacity"), tr("Checked in"), tr("Open"), tr("Address")},
        page);
    layout->addWidget(m_shelterTable, 1);

    auto* form = new QFormLayout;
    m_shelterName = new QLineEdit(page);
    m_shelterName->setObjectName(QStringLiteral("shelterNameEdit"));
    m_shelterAddress = new QLineEdit(page);
    m_shelterAddress->setObjectName(QStringLiteral("shelterAddressEdit"));
    m_shelterKind = new QComboBox(page);
    m_shelterKind->setObjectName(QStringLiteral("shelterKindCombo"));
    m_shelterKind->addItems(shelterKinds());
    m_shelterCapacity = new QSpinBox(page);
    m_shelterCapacity->setObjectName(QStringLiteral("shelterCapacitySpin"));
    m_shelterCapacity->setRange(0, 100000);
    m_shelterCapacity->setValue(100);
    m_shelterContact = new QLineEdit(page);
    m_shelterContact->setObjectName(QStringLiteral("shelterContactEdit"));
    form->addRow(tr("&Name"), m_shelterName);
    form->addRow(tr("A&ddress"), m_shelterAddress);
    form->addRow(tr("&Kind"), m_shelterKind);
    form->addRow(tr("&Capacity"), m_shelterCapacity);
    form->addRow(tr("C&ontact"), m_shelterContact);
    layout->addLayout(form);

    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("&Add shelter"), page);
    add->setObjectName(QStringLiteral("addShelterButton"));
    auto* save = new QPushButton(tr("&Save changes"), page);
    save->setObjectName(QStringLiteral("saveShelterButton"));
    m_toggleShelter = new QPushButton(tr("C&lose shelter"), page);
    m_toggleShelter->setObjectName(QStringLiteral("toggleShelterButton"));
    auto* roster = new QPushButton(tr("&Roster (名簿)…"), page);
    roster->setObjectName(QStringLiteral("rosterButton"));
    roster->setToolTip(tr("The people checked in at the selected shelter, as a PDF for "
                          "printing; persons under protection appear without their name"));
    for (QPushButton* b : {add, save, m_toggleShelter, roster}) {
        buttons->addWidget(b);
    }
    buttons->addStretch();
    layout->addLayout(buttons);
    m_shelterMessage = new QLabel(page);
    m_shelterMessage->setObjectName(QStringLiteral("shelterMessage"));
    m_shelterMessage->setWordWrap(true);
    layout->addWidget(m_shelterMessage);

    connect(m_shelterTable, &QTableWidget::itemSelectionChanged, this,
            &DisasterPage::shelterSelected);
    connect(add, &QPushButton::clicked, this, &DisasterPage::addShelter);
    connect(save, &QPushButton::clicked, this, &DisasterPage::saveShelter);
    connect(m_toggleShelter, &QPushButton::clicked, this, &DisasterPage::toggleShelter);
    connect(roster, &QPushButton::clicked, this, &DisasterPage::showRoster);
    return page;
}

void DisasterPage::reloadShelters()
{
    const qint64 keep = selectedShelter();
    QSignalBlocker block(m_shelterTable);
    m_shelterTable->setRowCount(0);
    QSignalBlocker block2(m_personShelter);
    const qint64 keepTarget = m_personShelter->currentData().toLongLong();
    m_personShelter->clear();
    if (disasterId() == 0) {
        return;
    }
    auto shelters = DisasterService(m_ctx->db).shelters(disasterId());
    if (!shelters) {
        say(m_shelterMessage, shelters.errorMessage(), true);
        return;
    }
    int keepRow = -1;
    for (const Shelter& s : std::as_const(*shelters)) {
        const int row = m_shelterTable->rowCount();
        m_shelterTable->insertRow(row);
        const QStringList cells = {s.name,
                                   s.kind,
                                   QString::number(s.capacity),
                                   QString::number(s.occupancy),
                                   s.open ? tr("Open") : tr("Closed"),
                                   s.address};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            item->setData(Qt::UserRole, s.id);
            m_shelterTable->setItem(row, c, item);
        }
        if (s.capacity > 0 && s.occupancy >= s.capacity) {
            m_shelterTable->item(row, SColOccupancy)->setForeground(QColor(0xb0, 0x00, 0x20));
        }
        if (s.id == keep) {
            keepRow = row;
        }
        if (s.open) {
            m_personShelter->addItem(s.name, s.id);
        }
    }
    m_shelterTable->resizeColumnsToContents();
    if (keepRow >= 0) {
        m_shelterTable->selectRow(keepRow);
    }
    const int target = m_personShelter->findData(keepTarget);
    m_personShelter->setCurrentIndex(std::max(0, target));
}

qint64 DisasterPage::selectedShelter() const
{
    const auto rows = m_shelterTable->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0
                          : m_shelterTable->item(rows.first().row(), SColName)
                                ->data(Qt::UserRole)
                                .toLongLong();
}

void DisasterPage::shelterSelected()
{
    const qint64 id = selectedShelter();
    if (id == 0) {
        return;
    }
    auto s = DisasterService(m_ctx->db).shelter(id);
    if (!s) {
        say(m_shelterMessage, s.errorMessage(), true);
        return;
    }
    m_shelterName->setText(s->name);
    m_shelterAddress->setText(s->address);
    m_shelterKind->setCurrentIndex(std::max(0, m_shelterKind->findText(s->kind)));
    m_shelterCapacity->setValue(s->capacity);
    m_shelterContact->setText(s->contact);
    m_toggleShelter->setText(s->open ? tr("C&lose shelter") : tr("Re&open shelter"));
}

void DisasterPage::addShelter()
{
    Shelter s;
    s.disasterId = disasterId();
    s.name = m_shelterName->text().trimmed();
    s.address = m_shelterAddress->text().trimmed();
    s.kind = m_shelterKind->currentText();
    s.capacity = m_shelterCapacity->value();
    s.contact = m_shelterContact->text().trimmed();
    if (s.disasterId == 0) {
        say(m_shelterMessage, tr("No disaster is open: open one first."), true);
        return;
    }
    auto added = DisasterService(m_ctx->db).addShelter(s, m_ctx->session);
    if (!added) {
        say(m_shelterMessage, tr("Not added: %1").arg(added.errorMessage()), true);
        return;
    }
    say(m_shelterMessage,
        tr("Shelter %1 added (capacity %2).").arg(added->name).arg(added->capacity), false);
    m_shelterTable->clearSelection();
    changed();
}

void DisasterPage::saveShelter()
{
    const qint64 id = selectedShelter();
    if (id == 0) {
        say(m_shelterMessage, tr("Choose a shelter in the list first."), true);
        return;
    }
    DisasterService service(m_ctx->db);
    auto s = service.shelter(id);
    if (!s) {
        say(m_shelterMessage, s.errorMessage(), true);
        return;
    }
    Shelter changedShelter = *s;
    changedShelter.name = m_shelterName->text().trimmed();
    changedShelter.address = m_shelterAddress->text().trimmed();
    changedShelter.kind = m_shelterKind->currentText();
    changedShelter.capacity = m_shelterCapacity->value();
    changedShelter.contact = m_shelterContact->text().trimmed();
    auto saved = service.updateShelter(changedShelter, m_ctx->session);
    if (!saved) {
        say(m_shelterMessage, tr("Not saved: %1").arg(saved.errorMessage()), true);
        return;
    }
    say(m_shelterMessage,
        tr("Shelter %1 saved (capacity %2).").arg(saved->name).arg(saved->capacity), false);
    changed();
}

void DisasterPage::toggleShelter()
{
    const qint64 id = selectedShelter();
    if (id == 0) {
        say(m_shelterMessage, tr("Choose a shelter in the list first."), true);
        return;
    }
    DisasterService service(m_ctx->db);
    auto s = service.shelter(id);
    if (!s) {
        say(m_shelterMessage, s.errorMessage(), true);
        return;
    }
    auto done = service.setShelterOpen(id, !s->open, m_ctx->session);
    if (!done) {
        say(m_shelterMessage, done.errorMessage(), true);
        return;
    }
    say(m_shelterMessage,
        done->open ? tr("Shelter %1 is open.").arg(done->name)
                   : tr("Shelter %1 is closed.").arg(done->name),
        false);
    changed();
    shelterSelected();
}

QString DisasterPage::writeRoster(qint64 shelterId, const QString& path)
{
    Status st = documents::writeShelterRoster(m_ctx->db, shelterId, path, m_ctx->session);
    return st ? QString() : st.errorMessage();
}

void DisasterPage::showRoster()
{
    const qint64 id = selectedShelter();
    if (id == 0) {
        say(m_shelterMessage, tr("Choose a shelter in the list first."), true);
        return;
    }
    if (!QDir().mkpath(rosterFolder())) {
        say(m_shelterMessage, tr("Cannot create the folder %1.").arg(rosterFolder()), true);
        return;
    }
    const QString path = QDir(rosterFolder())
                             .filePath(QStringLiteral("roster-%1-%2.pdf")
                                           .arg(id)
                                           .arg(japanToday().toString(QStringLiteral("yyyyMMdd"))));
    if (const QString error = writeRoster(id, path); !error.isEmpty()) {
        say(m_shelterMessage, error, true);
        return;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    say(m_shelterMessage, tr("The roster was written to %1.").arg(QDir::toNativeSeparators(path)),
        false);

    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("rosterDialog"));
    dialog.setWindowTitle(tr("Shelter roster (避難者名簿)"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* preview = new PdfPreview(&dialog);
    preview->setObjectName(QStringLiteral("rosterPreview"));
    layout->addWidget(preview, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    auto* saveAs = buttons->addButton(tr("&Save as…"), QDialogButtonBox::ActionRole);
    saveAs->setObjectName(QStringLiteral("rosterSaveAs"));
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(saveAs, &QPushButton::clicked, &dialog, [&dialog, path, this] {
        const QString to = QFileDialog::getSaveFileName(
            &dialog, tr("Save the roster"),
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                .filePath(QFileInfo(path).fileName()),
            tr("PDF (*.pdf)"));
        if (to.isEmpty()) {
            return;
        }
        QFile::remove(to);
        if (!QFile::copy(path, to)) {
            say(m_shelterMessage, tr("Cannot save the roster to %1.").arg(to), true);
            return;
        }
        say(m_shelterMessage, tr("The roster was saved to %1.").arg(QDir::toNativeSeparators(to)),
            false);
    });
    layout->addWidget(buttons);
    dialog.resize(760, 900);
    QTimer::singleShot(0, preview, [preview, path] { preview->setFile(path); });
    dialog.exec();
}

// ---- persons -------------------------------------------------------------------------------

QWidget* DisasterPage::buildPersons()
{
    auto* page = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(page);
    auto* top = new QHBoxLayout;
    auto* filterLabel = new QLabel(tr("&Find:"), page);
    m_filter = new QLineEdit(page);
    m_filter->setObjectName(QStringLiteral("personFilter"));
    m_filter->setPlaceholderText(tr("name or kana, any spelling"));
    m_filter->setClearButtonEnabled(true);
    filterLabel->setBuddy(m_filter);
    top->addWidget(filterLabel);
    top->addWidget(m_filter, 1);
    layout->addLayout(top);
    m_personTable =
        ui::readOnlyTable(QStringLiteral("personTable"),
                          {tr("No."), tr("Name"), tr("Kana"), tr("Birth date"), tr("Sex"),
                           tr("Status"), tr("Special care"), tr("Shelter"), tr("Note")},
                          page);
    layout->addWidget(m_personTable, 1);

    auto* actions = new QHBoxLayout;
    auto* statusLabel = new QLabel(tr("S&tatus:"), page);
    m_personStatus = new QComboBox(page);
    m_personStatus->setObjectName(QStringLiteral("personStatusCombo"));
    for (const QString& s : safetyStatuses()) {
        m_personStatus->addItem(safetyDisplay(s), s);
    }
    statusLabel->setBuddy(m_personStatus);
    auto* setStatusButton = new QPushButton(tr("Set stat&us"), page);
    setStatusButton->setObjectName(QStringLiteral("setStatusButton"));
    auto* shelterLabel = new QLabel(tr("S&helter:"), page);
    m_personShelter = new QComboBox(page);
    m_personShelter->setObjectName(QStringLiteral("personShelterCombo"));
    shelterLabel->setBuddy(m_personShelter);
    auto* checkInButton = new QPushButton(tr("Check &in"), page);
    checkInButton->setObjectName(QStringLiteral("checkInButton"));
    auto* transferButton = new QPushButton(tr("T&ransfer"), page);
    transferButton->setObjectName(QStringLiteral("transferButton"));
    auto* checkOutButton = new QPushButton(tr("Check &out"), page);
    checkOutButton->setObjectName(QStringLiteral("checkOutButton"));
    actions->addWidget(statusLabel);
    actions->addWidget(m_personStatus);
    actions->addWidget(setStatusButton);
    actions->addSpacing(24);
    actions->addWidget(shelterLabel);
    actions->addWidget(m_personShelter);
    actions->addWidget(checkInButton);
    actions->addWidget(transferButton);
    actions->addWidget(checkOutButton);
    actions->addStretch();
    layout->addLayout(actions);
    m_personMessage = new QLabel(page);
    m_personMessage->setObjectName(QStringLiteral("personMessage"));
    m_personMessage->setWordWrap(true);
    layout->addWidget(m_personMessage);

    connect(m_filter, &QLineEdit::textChanged, this, &DisasterPage::applyFilter);
    connect(setStatusButton, &QPushButton::clicked, this, &DisasterPage::setStatus);
    connect(checkInButton, &QPushButton::clicked, this, &DisasterPage::checkIn);
    connect(transferButton, &QPushButton::clicked, this, &DisasterPage::transfer);
    connect(checkOutButton, &QPushButton::clicked, this, &DisasterPage::checkOut);
    connect(m_personTable, &QTableWidget::itemSelectionChanged, this, [this] {
        const auto rows = m_personTable->selectionModel()->selectedRows();
        if (rows.isEmpty()) {
            return;
        }
        const QString status =
            m_personTable->item(rows.first().row(), PColStatus)->data(Qt::UserRole).toString();
        m_personStatus->setCurrentIndex(std::max(0, m_personStatus->findData(status)));
    });
    return page;
}

void DisasterPage::reloadPersons()
{
    const qint64 keep = selectedPerson();
    QSignalBlocker block(m_personTable);
    m_personTable->setRowCount(0);
    if (disasterId() == 0) {
        return;
    }
    DisasterService service(m_ctx->db);
    auto people = service.persons(Audience::Staff, disasterId());
    auto shelters = service.shelters(disasterId());
    if (!people || !shelters) {
        say(m_personMessage, !people ? people.errorMessage() : shelters.errorMessage(), true);
        return;
    }
    QHash<qint64, QString> shelterNames;
    for (const Shelter& s : std::as_const(*shelters)) {
        shelterNames.insert(s.id, s.name);
    }
    int keepRow = -1;
    for (const Person& p : std::as_const(*people)) {
        const int row = m_personTable->rowCount();
        m_personTable->insertRow(row);
        const QStringList cells = {
            QString::number(p.id),
            p.fullName(),
            p.fullKana(),
            p.birthDate.toString(Qt::ISODate),
            p.sex.isEmpty() ? QString() : disasterui::sexName(p.sex),
            safetyDisplay(p.safety),
            needsText(p.needs),
            p.shelterId                              ? shelterNames.value(p.shelterId)
            : p.staying == QStringLiteral("shelter") ? tr("Not checked in")
                                                     : disasterui::stayingName(p.staying),
            p.dvProtected ? tr("DV protection: do not disclose") : QString()};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (p.dvProtected) {
                item->setBackground(QColor(0xfd, 0xe7, 0xe9));
            }
            m_personTable->setItem(row, c, item);
        }
        m_personTable->item(row, PColId)->setData(Qt::UserRole, p.id);
        // The folded keys of name and kana, for the filter.
        m_personTable->item(row, PColName)
            ->setData(Qt::UserRole, text::searchKey(p.familyName + p.givenName) + u'|' +
                                        text::searchKey(p.familyKana + p.givenKana));
        m_personTable->item(row, PColStatus)->setData(Qt::UserRole, p.safety);
        if (p.dvProtected) {
            m_personTable->item(row, PColNote)->setForeground(QColor(0xb0, 0x00, 0x20));
        }
        if (p.safety == QStringLiteral("missing") || p.safety == QStringLiteral("injured")) {
            m_personTable->item(row, PColStatus)->setForeground(QColor(0xb0, 0x00, 0x20));
        }
        if (p.id == keep) {
            keepRow = row;
        }
    }
    m_personTable->resizeColumnsToContents();
    if (keepRow >= 0) {
        m_personTable->selectRow(keepRow);
    }
    applyFilter();
}

void DisasterPage::applyFilter()
{
    const QString key = text::searchKey(m_filter->text());
    for (int row = 0; row < m_personTable->rowCount(); ++row) {
        const QString keys = m_personTable->item(row, PColName)->data(Qt::UserRole).toString();
        m_personTable->setRowHidden(row, !key.isEmpty() && !keys.contains(key));
    }
}

qint64 DisasterPage::selectedPerson() const
{
    const auto rows = m_personTable->selectionModel()->selectedRows();
    return rows.isEmpty()
               ? 0
               : m_personTable->item(rows.first().row(), PColId)->data(Qt::UserRole).toLongLong();
}

void DisasterPage::setStatus()
{
    const qint64 id = selectedPerson();
    if (id == 0) {
        say(m_personMessage, tr("Choose a person in the list first."), true);
        return;
    }
    auto p = DisasterService(m_ctx->db).setSafety(id, m_personStatus->currentData().toString(),
                                                  m_ctx->session);
    if (!p) {
        say(m_personMessage, p.errorMessage(), true);
        return;
    }
    say(m_personMessage, tr("%1: %2.").arg(p->fullName(), safetyDisplay(p->safety)), false);
    changed();
}

void DisasterPage::checkIn()
{
    const qint64 id = selectedPerson();
    const qint64 shelter = m_personShelter->currentData().toLongLong();
    if (id == 0 || shelter == 0) {
        say(m_personMessage, tr("Choose a person and a shelter first."), true);
        return;
    }
    auto stay = DisasterService(m_ctx->db).checkIn(id, shelter, m_ctx->session);
    if (!stay) {
        say(m_personMessage, stay.errorMessage(), true);
        return;
    }
    say(m_personMessage, tr("Checked in at %1.").arg(m_personShelter->currentText()), false);
    changed();
}

void DisasterPage::transfer()
{
    const qint64 id = selectedPerson();
    const qint64 shelter = m_personShelter->currentData().toLongLong();
    if (id == 0 || shelter == 0) {
        say(m_personMessage, tr("Choose a person and a shelter first."), true);
        return;
    }
    auto stay = DisasterService(m_ctx->db).transfer(id, shelter, m_ctx->session);
    if (!stay) {
        say(m_personMessage, stay.errorMessage(), true);
        return;
    }
    say(m_personMessage, tr("Transferred to %1.").arg(m_personShelter->currentText()), false);
    changed();
}

void DisasterPage::checkOut()
{
    const qint64 id = selectedPerson();
    if (id == 0) {
        say(m_personMessage, tr("Choose a person in the list first."), true);
        return;
    }
    auto stay = DisasterService(m_ctx->db).checkOut(id, m_ctx->session);
    if (!stay) {
        say(m_personMessage, stay.errorMessage(), true);
        return;
    }
    say(m_personMessage, tr("Checked out."), false);
    changed();
}

// ---- merge review --------------------------------------------------------------------------

QWidget* DisasterPage::buildMerge()
{
    auto* page = new QWidget(m_tabs);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(new QLabel(tr("Records that may be the same person (same kana or name "
                                    "and birth date). Merging keeps the older record."),
                                 page));
    m_pairTable = ui::readOnlyTable(
        QStringLiteral("pairTable"),
        {tr("Score"), tr("Older record (kept)"), tr("Newer record"), tr("Why")}, page);
    m_pairTable->setWordWrap(true);
    layout->addWidget(m_pairTable, 3);
    auto* buttons = new QHBoxLayout;
    auto* merge = new QPushButton(tr("&Merge (keep the older)"), page);
    merge->setObjectName(QStringLiteral("mergeButton"));
    auto* notDup = new QPushButton(tr("&Not a duplicate"), page);
    notDup->setObjectName(QStringLiteral("notDuplicateButton"));
    notDup->setToolTip(tr("Hides the pair until the application is restarted"));
    buttons->addWidget(merge);
    buttons->addWidget(notDup);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addWidget(new QLabel(tr("Merged records:"), page));
    m_mergedTable = ui::readOnlyTable(QStringLiteral("mergedTable"),
                                      {tr("No."), tr("Merged record"), tr("Merged into")}, page);
    layout->addWidget(m_mergedTable, 2);
    auto* unmerge = new QPushButton(tr("&Undo the merge"), page);
    unmerge->setObjectName(QStringLiteral("unmergeButton"));
    auto* row = new QHBoxLayout;
    row->addWidget(unmerge);
    row->addStretch();
    layout->addLayout(row);
    m_mergeMessage = new QLabel(page);
    m_mergeMessage->setObjectName(QStringLiteral("mergeMessage"));
    m_mergeMessage->setWordWrap(true);
    layout->addWidget(m_mergeMessage);
    connect(merge, &QPushButton::clicked, this, &DisasterPage::mergeSelected);
    connect(notDup, &QPushButton::clicked, this, &DisasterPage::notDuplicate);
    connect(unmerge, &QPushButton::clicked, this, &DisasterPage::unmergeSelected);
    return page;
}

void DisasterPage::reloadMerge()
{
    m_pairs.clear();
    m_pairTable->setRowCount(0);
    m_mergedTable->setRowCount(0);
    if (disasterId() == 0) {
        return;
    }
    DisasterService service(m_ctx->db);
    auto pairs = service.duplicateCandidates(disasterId());
    auto merged = service.mergedPersons(disasterId());
    if (!pairs || !merged) {
        say(m_mergeMessage, !pairs ? pairs.errorMessage() : merged.errorMessage(), true);
        return;
    }
    QList<DuplicatePair> sorted = *pairs;
    std::stable_sort(
        sorted.begin(), sorted.end(),
        [](const DuplicatePair& x, const DuplicatePair& y) { return x.score > y.score; });
    for (const DuplicatePair& pair : std::as_const(sorted)) {
        if (m_notDuplicates.contains({pair.a.id, pair.b.id})) {
            continue;
        }
        const int row = m_pairTable->rowCount();
        m_pairTable->insertRow(row);
        QStringList why;
        for (const QString& r : pair.reasons) {
            why << reasonName(r);
        }
        const QStringList cells = {QString::number(pair.score), personCell(pair.a),
                                   personCell(pair.b), why.join(QStringLiteral(", "))};
        for (int c = 0; c < cells.size(); ++c) {
            m_pairTable->setItem(row, c, new QTableWidgetItem(cells.at(c)));
        }
        m_pairs << pair;
    }
    m_pairTable->resizeColumnsToContents();
    m_pairTable->resizeRowsToContents();
    for (const Person& p : std::as_const(*merged)) {
        const int row = m_mergedTable->rowCount();
        m_mergedTable->insertRow(row);
        auto keep = service.person(p.mergedInto);
        const QStringList cells = {
            QString::number(p.id), p.fullName() + QStringLiteral("  ") + p.fullKana(),
            keep ? QStringLiteral("%1 (#%2)").arg(keep->fullName()).arg(keep->id)
                 : QStringLiteral("#%1").arg(p.mergedInto)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            item->setData(Qt::UserRole, p.id);
            m_mergedTable->setItem(row, c, item);
        }
    }
    m_mergedTable->resizeColumnsToContents();
    if (m_pairTable->rowCount() > 0) {
        m_pairTable->selectRow(0);
    }
}

void DisasterPage::mergeSelected()
{
    const auto rows = m_pairTable->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        say(m_mergeMessage, tr("Choose a pair first."), true);
        return;
    }
    const DuplicatePair pair = m_pairs.at(rows.first().row());
    auto kept = DisasterService(m_ctx->db).merge(pair.a.id, pair.b.id, m_ctx->session);
    if (!kept) {
        say(m_mergeMessage, kept.errorMessage(), true);
        return;
    }
    say(m_mergeMessage,
        tr("Merged: #%1 into %2 (#%3).").arg(pair.b.id).arg(kept->fullName()).arg(kept->id), false);
    changed();
}

void DisasterPage::notDuplicate()
{
    const auto rows = m_pairTable->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        say(m_mergeMessage, tr("Choose a pair first."), true);
        return;
    }
    const DuplicatePair pair = m_pairs.at(rows.first().row());
    m_notDuplicates.insert({pair.a.id, pair.b.id});
    say(m_mergeMessage,
        tr("Set aside: %1 (#%2) and %3 (#%4).")
            .arg(pair.a.fullName())
            .arg(pair.a.id)
            .arg(pair.b.fullName())
            .arg(pair.b.id),
        false);
    reloadMerge();
}

void DisasterPage::unmergeSelected()
{
    const auto rows = m_mergedTable->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        say(m_mergeMessage, tr("Choose a merged record first."), true);
        return;
    }
    const qint64 drop = m_mergedTable->item(rows.first().row(), 0)->data(Qt::UserRole).toLongLong();
    auto back = DisasterService(m_ctx->db).unmerge(drop, m_ctx->session);
    if (!back) {
        say(m_mergeMessage, back.errorMessage(), true);
        return;
    }
    say(m_mergeMessage, tr("The merge of %1 (#%2) was undone.").arg(back->fullName()).arg(drop),
        false);
    changed();
}

} // namespace madoguchi
