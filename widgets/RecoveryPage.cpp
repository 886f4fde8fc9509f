#include "RecoveryPage.h"

#include "DisasterDashboard.h"
#include "PdfPreview.h"
#include "RecoveryDashboard.h"
#include "TableCsv.h"
#include "Ui.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "recovery/DamageSurvey.h"
#include "recovery/ReliefSupplies.h"
#include "recovery/SupportPayments.h"
#include "recovery/TemporaryHousing.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>

namespace madoguchi {

using namespace recovery;

namespace {

QDate japanToday()
{
    return Clock::now().toTimeZone(QTimeZone(9 * 3600)).date();
}

// A row of cells; the first keeps the id (Qt::UserRole) for selectedId().
void addRow(QTableWidget* t, qint64 id, const QStringList& cells)
{
    const int row = t->rowCount();
    t->insertRow(row);
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells.at(c));
        if (c == 0) {
            item->setData(Qt::UserRole, id);
        }
        t->setItem(row, c, item);
    }
}

void paintRow(QTableWidget* t, int row, const QColor& colour)
{
    for (int c = 0; c < t->columnCount(); ++c) {
        if (QTableWidgetItem* item = t->item(row, c)) {
            item->setBackground(colour);
        }
    }
}

// Keeps the selection of `id` over a reload.
void selectId(QTableWidget* t, qint64 id)
{
    for (int r = 0; r < t->rowCount(); ++r) {
        if (t->item(r, 0)->data(Qt::UserRole).toLongLong() == id) {
            t->selectRow(r);
            return;
        }
    }
}

// A list and its "Export CSV…" button under it.
QWidget* withExport(const QString& title, QTableWidget* t, const QString& file, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    auto* label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box);
    top->addWidget(label);
    top->addStretch();
    top->addWidget(ui::exportCsvButton(t, file, parent));
    layout->addLayout(top);
    layout->addWidget(t, 1);
    return box;
}

QString dateText(const QDate& d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QColor warningColour()
{
    return {0xff, 0xcd, 0xd2};
}

QColor lowColour()
{
    return {0xff, 0xe0, 0xb2};
}

QColor priorityColour()
{
    return {0xff, 0xf5, 0x9d};
}

} // namespace

RecoveryPage::RecoveryPage(AppContext* context, QWidget* parent) : QWidget(parent), m_ctx(context)
{
    auto* outer = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* title = ui::heading(tr("Disaster recovery"), this, 1.4);
    title->setObjectName(QStringLiteral("pageTitle"));
    top->addWidget(title);
    top->addSpacing(24);
    m_disasterName = new QLabel(this);
    m_disasterName->setObjectName(QStringLiteral("recoveryDisaster"));
    top->addWidget(m_disasterName);
    top->addStretch();
    auto* refreshButton = new QPushButton(tr("Refresh (F5)"), this);
    refreshButton->setObjectName(QStringLiteral("refreshButton"));
    top->addWidget(refreshButton);
    outer->addLayout(top);
    m_pageMessage = ui::messageLabel(this);
    m_pageMessage->setObjectName(QStringLiteral("pageMessage"));
    outer->addWidget(m_pageMessage);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("recoveryTabs"));
    m_dashboard = new RecoveryDashboard(m_ctx, m_tabs);
    m_dashboard->setObjectName(QStringLiteral("recoveryDashboard"));
    m_tabs->addTab(m_dashboard, tr("Dash&board"));
    m_tabs->addTab(buildSurveys(), tr("&Surveys && certificates"));
    m_tabs->addTab(buildPayments(), tr("Support &payments"));
    m_tabs->addTab(buildHousing(), tr("Temporary &housing"));
    m_tabs->addTab(buildSupplies(), tr("Relief s&upplies"));
    outer->addWidget(m_tabs, 1);

    if (!m_ctx->session.can(Permission::ManageDisaster)) {
        auto* note = ui::messageLabel(this);
        note->setText(tr("Your role may not manage disaster recovery: ask for the disaster staff "
                         "role."));
        outer->insertWidget(1, note);
        m_tabs->setEnabled(false);
    }

    connect(refreshButton, &QPushButton::clicked, this, &RecoveryPage::refresh);
    auto* f5 = new QShortcut(QKeySequence(Qt::Key_F5), this);
    f5->setContext(Qt::WidgetWithChildrenShortcut);
    connect(f5, &QShortcut::activated, this, &RecoveryPage::refresh);
    connect(m_tabs, &QTabWidget::currentChanged, this, &RecoveryPage::reloadShown);
    // Nothing is read before the page is first shown (showEvent): the main window builds every
    // page when it opens.
    m_stale = {DashboardTab, SurveysTab, PaymentsTab, HousingTab, SuppliesTab};
}

QString RecoveryPage::certificateFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("damage-certificates"));
}

void RecoveryPage::showEvent(QShowEvent* e)
{
    refresh();
    QWidget::showEvent(e);
}

void RecoveryPage::refresh()
{
    auto current = disaster::DisasterService(m_ctx->db).current();
    m_disasterId = current ? current->id : 0;
    m_disasterName->setText(
        current
            ? tr("Disaster: %1 (%2)").arg(current->name, current->occurredOn.toString(Qt::ISODate))
            : tr("No disaster is open."));
    m_dashboard->setDisaster(m_disasterId);
    changed();
}

void RecoveryPage::changed()
{
    m_stale = {DashboardTab, SurveysTab, PaymentsTab, HousingTab, SuppliesTab};
    reloadShown();
}

void RecoveryPage::reloadShown()
{
    const int tab = m_tabs->currentIndex();
    if (!m_stale.remove(tab)) {
        return;
    }
    switch (tab) {
    case DashboardTab:
        m_dashboard->refresh();
        break;
    case SurveysTab:
        reloadSurveys();
        break;
    case PaymentsTab:
        reloadPayments();
        break;
    case HousingTab:
        reloadHousing();
        break;
    case SuppliesTab:
        reloadSupplies();
        break;
    default:
        break;
    }
}

void RecoveryPage::say(QLabel* label, const QString& text, bool error)
{
    label->setText(text);
    label->setStyleSheet(error ? QStringLiteral("color: #b00020;")
                               : QStringLiteral("color: #0a6b2d;"));
}

qint64 RecoveryPage::selectedId(const QTableWidget* t)
{
    const auto rows = t->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : t->item(rows.first().row(), 0)->data(Qt::UserRole).toLongLong();
}

// ---- surveys & certificates ----------------------------------------------------------------

QWidget* RecoveryPage::buildSurveys()
{
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_buildings = ui::readOnlyTable(QStringLiteral("buildingTable"),
                                    {tr("No."), tr("Address"), tr("Owner"), tr("Residents"),
                                     tr("Property"), tr("Loss %"), tr("Grade"), tr("Surveys")},
                                    left);
    m_history =
        ui::readOnlyTable(QStringLiteral("surveyHistoryTable"),
                          {tr("Survey"), tr("Date"), tr("Surveyor"), tr("Loss %"), tr("Grade"),
                           tr("Notes"), tr("Reason for the re-survey"), tr("Photos")},
                          left);
    leftLayout->addWidget(withExport(tr("Buildings"), m_buildings, tr("buildings"), left), 3);
    leftLayout->addWidget(
        withExport(tr("Surveys of the selected building"), m_history, tr("surveys"), left), 2);

    auto* form = new QGroupBox(tr("Survey (住家被害認定)"), left);
    auto* f = new QFormLayout(form);
    m_address = new QLineEdit(form);
    m_address->setObjectName(QStringLiteral("addressEdit"));
    m_owner = new QLineEdit(form);
    m_owner->setObjectName(QStringLiteral("ownerEdit"));
    m_residents = new QLineEdit(form);
    m_residents->setObjectName(QStringLiteral("residentsEdit"));
    m_residents->setPlaceholderText(tr("names separated by commas"));
    m_nonResidential = new QCheckBox(tr("Non-residential property (被災証明書 only)"), form);
    m_nonResidential->setObjectName(QStringLiteral("nonResidentialCheck"));
    m_loss = new QLineEdit(form);
    m_loss->setObjectName(QStringLiteral("lossEdit"));
    m_loss->setPlaceholderText(tr("economic-loss share, 0–100"));
    m_grade = new QLabel(form);
    m_grade->setObjectName(QStringLiteral("gradeLabel"));
    auto* lossRow = new QHBoxLayout;
    lossRow->addWidget(m_loss);
    lossRow->addWidget(m_grade, 1);
    m_surveyor = new QLineEdit(form);
    m_surveyor->setObjectName(QStringLiteral("surveyorEdit"));
    m_surveyDate = new QDateEdit(japanToday(), form);
    m_surveyDate->setObjectName(QStringLiteral("surveyDateEdit"));
    m_surveyDate->setCalendarPopup(true);
    m_surveyDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_round = new QComboBox(form);
    m_round->setObjectName(QStringLiteral("roundCombo"));
    m_round->addItem(tr("First survey (第1次調査)"), 1);
    m_round->addItem(tr("Second survey (第2次調査)"), 2);
    m_notes = new QLineEdit(form);
    m_notes->setObjectName(QStringLiteral("notesEdit"));
    m_requestReason = new QLineEdit(form);
    m_requestReason->setObjectName(QStringLiteral("requestReasonEdit"));
    auto* photos = new QPushButton(tr("Attach photo &files…"), form);
    photos->setObjectName(QStringLiteral("photosButton"));
    m_photoList = new QLabel(tr("none"), form);
    m_photoList->setObjectName(QStringLiteral("photoList"));
    m_photoList->setWordWrap(true);
    auto* photoRow = new QHBoxLayout;
    photoRow->addWidget(photos);
    photoRow->addWidget(m_photoList, 1);
    f->addRow(tr("&Address:"), m_address);
    f->addRow(tr("&Owner:"), m_owner);
    f->addRow(tr("Res&idents:"), m_residents);
    f->addRow(QString(), m_nonResidential);
    auto* lossLabel = new QLabel(tr("&Loss share (%):"), form);
    lossLabel->setBuddy(m_loss);
    f->addRow(lossLabel, lossRow);
    f->addRow(tr("Sur&veyor:"), m_surveyor);
    f->addRow(tr("&Date:"), m_surveyDate);
    f->addRow(tr("Surve&y round:"), m_round);
    f->addRow(tr("&Notes:"), m_notes);
    f->addRow(tr("Re-survey re&quested because:"), m_requestReason);
    f->addRow(tr("Photos:"), photoRow);
    auto* add = new QPushButton(tr("Add as a new buildin&g"), form);
    add->setObjectName(QStringLiteral("addBuildingButton"));
    auto* again = new QPushButton(tr("Record a &re-survey of the selected building"), form);
    again->setObjectName(QStringLiteral("resurveyButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(again);
    buttons->addStretch();
    f->addRow(buttons);
    m_surveyMessage = ui::messageLabel(form);
    m_surveyMessage->setObjectName(QStringLiteral("surveyMessage"));
    f->addRow(m_surveyMessage);
    auto* scroll = new QScrollArea(left);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    leftLayout->addWidget(scroll, 4);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_certificates = ui::readOnlyTable(QStringLiteral("certificateTable"),
                                       {tr("No."), tr("Building"), tr("Certificate"),
                                        tr("Applicant"), tr("State"), tr("Grade"), tr("Number")},
                                       right);
    rightLayout->addWidget(
        withExport(tr("Certificates"), m_certificates, tr("certificates"), right), 2);
    auto* apply = new QGroupBox(tr("Application for the selected building"), right);
    auto* af = new QFormLayout(apply);
    m_applicant = new QLineEdit(apply);
    m_applicant->setObjectName(QStringLiteral("applicantEdit"));
    m_proxy = new QCheckBox(tr("Applied for by a pro&xy"), apply);
    m_proxy->setObjectName(QStringLiteral("proxyCheck"));
    m_attorney = new QCheckBox(tr("Power of a&ttorney (委任状) shown"), apply);
    m_attorney->setObjectName(QStringLiteral("attorneyCheck"));
    m_attorney->setEnabled(false);
    af->addRow(tr("Appli&cant:"), m_applicant);
    af->addRow(QString(), m_proxy);
    af->addRow(QString(), m_attorney);
    auto* applyButton = new QPushButton(tr("Ta&ke the application"), apply);
    applyButton->setObjectName(QStringLiteral("applyCertificateButton"));
    auto* decide = new QPushButton(tr("D&ecide"), apply);
    decide->setObjectName(QStringLiteral("decideButton"));
    auto* issue = new QPushButton(tr("Issue and sho&w"), apply);
    issue->setObjectName(QStringLiteral("issueButton"));
    auto* certButtons = new QHBoxLayout;
    certButtons->addWidget(applyButton);
    certButtons->addWidget(decide);
    certButtons->addWidget(issue);
    certButtons->addStretch();
    af->addRow(certButtons);
    m_certificateMessage = ui::messageLabel(apply);
    m_certificateMessage->setObjectName(QStringLiteral("certificateMessage"));
    af->addRow(m_certificateMessage);
    rightLayout->addWidget(apply);
    m_preview = new PdfPreview(right);
    m_preview->setObjectName(QStringLiteral("certificatePreview"));
    rightLayout->addWidget(m_preview, 3);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    connect(m_loss, &QLineEdit::textChanged, this, &RecoveryPage::lossEdited);
    connect(m_nonResidential, &QCheckBox::toggled, this, &RecoveryPage::lossEdited);
    connect(photos, &QPushButton::clicked, this, &RecoveryPage::attachPhotos);
    connect(add, &QPushButton::clicked, this, &RecoveryPage::addBuilding);
    connect(again, &QPushButton::clicked, this, &RecoveryPage::resurvey);
    connect(m_buildings, &QTableWidget::itemSelectionChanged, this, &RecoveryPage::reloadHistory);
    connect(m_proxy, &QCheckBox::toggled, m_attorney, &QCheckBox::setEnabled);
    connect(applyButton, &QPushButton::clicked, this, &RecoveryPage::applyCertificate);
    connect(decide, &QPushButton::clicked, this, &RecoveryPage::decideCertificate);
    connect(issue, &QPushButton::clicked, this, &RecoveryPage::issueCertificate);
    return splitter;
}

void RecoveryPage::lossEdited()
{
    if (m_loss->text().trimmed().isEmpty()) {
        m_grade->clear();
        return;
    }
    auto loss = parseLoss(m_loss->text());
    auto grade = loss ? gradeForLoss(*loss) : Result<GradeResult>(loss.error());
    if (!grade) {
        m_grade->setText(grade.errorMessage());
        m_grade->setStyleSheet(QStringLiteral("color: #b00020;"));
        return;
    }
    m_grade->setText(m_nonResidential->isChecked() ? tr("no grade (非住家)") : grade->name);
    m_grade->setStyleSheet(QStringLiteral("font-weight: bold;"));
}

void RecoveryPage::attachPhotos()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Attach photos"),
        QStandardPaths::writableLocation(QStandardPaths::PicturesLocation),
        tr("Images (*.jpg *.jpeg *.png *.heic);;All files (*)"));
    if (files.isEmpty()) {
        return;
    }
    m_photos = files;
    QStringList names;
    for (const QString& file : files) {
        names << QFileInfo(file).fileName();
    }
    m_photoList->setText(names.join(QStringLiteral(", ")));
}

namespace {
SurveyInput surveyInput(double loss, const QDate& on, const QString& surveyor, int round,
                        const QString& notes, const QString& reason, const QStringList& photos)
{
    SurveyInput in;
    in.lossPercent = loss;
    in.surveyedOn = on;
    in.surveyor = surveyor.trimmed();
    in.round = round;
    in.notes = notes.trimmed();
    in.requestReason = reason.trimmed();
    in.photoFiles = photos;
    return in;
}
} // namespace

void RecoveryPage::addBuilding()
{
    Building b;
    b.disasterId = m_disasterId;
    b.address = m_address->text().trimmed();
    b.owner = m_owner->text().trimmed();
    b.residential = !m_nonResidential->isChecked();
    static const QRegularExpression separators(QStringLiteral("[,、，\\n]"));
    for (const QString& name : m_residents->text().split(separators, Qt::SkipEmptyParts)) {
        if (!name.trimmed().isEmpty()) {
            b.residents << Occupant{0, name.trimmed()};
        }
    }
    double loss = 0;
    if (!m_loss->text().trimmed().isEmpty() || b.residential) {
        auto parsed = parseLoss(m_loss->text());
        if (!parsed) {
            say(m_surveyMessage, parsed.errorMessage(), true);
            m_loss->setFocus();
            return;
        }
        loss = *parsed;
    }
    auto added = RecoveryService(m_ctx->db).addBuilding(
        b,
        surveyInput(loss, m_surveyDate->date(), m_surveyor->text(), m_round->currentData().toInt(),
                    m_notes->text(), m_requestReason->text(), m_photos),
        m_ctx->session);
    if (!added) {
        say(m_surveyMessage, added.errorMessage(), true);
        return;
    }
    const Survey* s = added->latest();
    say(m_surveyMessage,
        tr("Building %1 (%2) added: %3.")
            .arg(added->id)
            .arg(added->address,
                 s && !s->grade.isEmpty() ? gradeName(s->grade) : tr("non-residential")),
        false);
    for (QLineEdit* e : {m_address, m_owner, m_residents, m_loss, m_notes, m_requestReason}) {
        e->clear(); // ready for the next house
    }
    m_photos.clear();
    m_photoList->setText(tr("none"));
    changed();
    selectId(m_buildings, added->id);
}

void RecoveryPage::resurvey()
{
    const qint64 id = selectedId(m_buildings);
    if (id == 0) {
        say(m_surveyMessage, tr("Choose a building in the list first."), true);
        return;
    }
    auto loss = parseLoss(m_loss->text());
    if (!loss) {
        say(m_surveyMessage, loss.errorMessage(), true);
        m_loss->setFocus();
        return;
    }
    auto b = RecoveryService(m_ctx->db).resurvey(
        id,
        surveyInput(*loss, m_surveyDate->date(), m_surveyor->text(), m_round->currentData().toInt(),
                    m_notes->text(), m_requestReason->text(), m_photos),
        m_ctx->session);
    if (!b) {
        say(m_surveyMessage, b.errorMessage(), true);
        return;
    }
    const Survey* s = b->latest();
    say(m_surveyMessage,
        tr("Building %1 surveyed again: %2 (%n survey(s) kept).", nullptr, int(b->surveys.size()))
            .arg(b->id)
            .arg(s && !s->grade.isEmpty() ? gradeName(s->grade) : tr("non-residential")),
        false);
    for (QLineEdit* e : {m_loss, m_notes, m_requestReason}) {
        e->clear();
    }
    m_photos.clear();
    m_photoList->setText(tr("none"));
    changed();
    selectId(m_buildings, id);
}

void RecoveryPage::reloadSurveys()
{
    const qint64 keep = selectedId(m_buildings);
    {
        QSignalBlocker block(m_buildings);
        m_buildings->setRowCount(0);
        auto list = RecoveryService(m_ctx->db).buildings(m_disasterId);
        if (!list) {
            say(m_surveyMessage, list.errorMessage(), true);
        } else {
            for (const Building& b : std::as_const(*list)) {
                QStringList names;
                for (const Occupant& o : b.residents) {
                    names << o.name;
                }
                const Survey* s = b.latest();
                addRow(m_buildings, b.id,
                       {QString::number(b.id), b.address, b.owner, names.join(QStringLiteral("、")),
                        b.residential ? tr("Dwelling") : tr("Non-residential"),
                        s ? QString::number(s->lossPercent) : QString(),
                        s && !s->grade.isEmpty() ? gradeName(s->grade) : QString(),
                        QString::number(b.surveys.size())});
            }
        }
        selectId(m_buildings, keep);
    }
    m_buildings->resizeColumnsToContents();
    reloadHistory();
    reloadCertificates();
}

void RecoveryPage::reloadHistory()
{
    m_history->setRowCount(0);
    const qint64 id = selectedId(m_buildings);
    if (id == 0) {
        return;
    }
    auto b = RecoveryService(m_ctx->db).building(id);
    if (!b) {
        say(m_surveyMessage, b.errorMessage(), true);
        return;
    }
    for (const Survey& s : std::as_const(b->surveys)) {
        QStringList photos;
        for (const SurveyPhoto& p : s.photos) {
            photos << QFileInfo(p.path).fileName();
        }
        addRow(m_history, s.id,
               {s.round == 2 ? tr("Second (第2次)") : tr("First (第1次)"), dateText(s.surveyedOn),
                s.surveyor, QString::number(s.lossPercent),
                s.grade.isEmpty() ? QString() : gradeName(s.grade), s.notes, s.requestReason,
                photos.join(QStringLiteral(", "))});
    }
    m_history->resizeColumnsToContents();
}

void RecoveryPage::reloadCertificates()
{
    const qint64 keep = selectedId(m_certificates);
    m_certificates->setRowCount(0);
    RecoveryService service(m_ctx->db);
    auto list = service.certificates(m_disasterId);
    auto buildings = service.buildings(m_disasterId);
    if (!list || !buildings) {
        say(m_certificateMessage, !list ? list.errorMessage() : buildings.errorMessage(), true);
        return;
    }
    QHash<qint64, QString> addresses;
    for (const Building& b : std::as_const(*buildings)) {
        addresses.insert(b.id, b.address);
    }
    for (const Certificate& c : std::as_const(*list)) {
        QString applicant = c.applicant;
        if (c.proxy) {
            applicant += tr(" (proxy)");
        }
        const QString state = c.state == QStringLiteral("issued")    ? tr("Issued")
                              : c.state == QStringLiteral("decided") ? tr("Decided")
                                                                     : tr("Applied");
        addRow(m_certificates, c.id,
               {QString::number(c.id), addresses.value(c.buildingId),
                c.kind == QStringLiteral("risai") ? QStringLiteral("罹災証明書")
                                                  : QStringLiteral("被災証明書"),
                applicant, state, c.grade.isEmpty() ? QString() : gradeName(c.grade), c.number});
    }
    selectId(m_certificates, keep);
    m_certificates->resizeColumnsToContents();
}

void RecoveryPage::applyCertificate()
{
    const qint64 id = selectedId(m_buildings);
    if (id == 0) {
        say(m_certificateMessage, tr("Choose a building in the list first."), true);
        return;
    }
    auto c = RecoveryService(m_ctx->db).apply(
        id, m_applicant->text().trimmed(), m_proxy->isChecked(),
        m_proxy->isChecked() && m_attorney->isChecked(), m_ctx->session);
    if (!c) {
        say(m_certificateMessage, c.errorMessage(), true);
        return;
    }
    say(m_certificateMessage, tr("Application %1 recorded.").arg(c->id), false);
    m_applicant->clear();
    m_proxy->setChecked(false);
    m_attorney->setChecked(false);
    changed();
    selectId(m_certificates, c->id);
}

void RecoveryPage::decideCertificate()
{
    const qint64 id = selectedId(m_certificates);
    if (id == 0) {
        say(m_certificateMessage, tr("Choose a certificate in the list first."), true);
        return;
    }
    auto c = RecoveryService(m_ctx->db).decide(id, m_ctx->session);
    if (!c) {
        say(m_certificateMessage, c.errorMessage(), true);
        return;
    }
    say(m_certificateMessage,
        c->grade.isEmpty() ? tr("Application %1 decided.").arg(id)
                           : tr("Application %1 decided: %2.").arg(id).arg(gradeName(c->grade)),
        false);
    changed();
    selectId(m_certificates, id);
}

void RecoveryPage::issueCertificate()
{
    const qint64 id = selectedId(m_certificates);
    if (id == 0) {
        say(m_certificateMessage, tr("Choose a certificate in the list first."), true);
        return;
    }
    if (!QDir().mkpath(certificateFolder())) {
        say(m_certificateMessage, tr("Cannot create the folder %1.").arg(certificateFolder()),
            true);
        return;
    }
    const QString path =
        QDir(certificateFolder()).filePath(QStringLiteral("damage-certificate-%1.pdf").arg(id));
    auto c = RecoveryService(m_ctx->db).issue(id, path, m_ctx->session);
    if (!c) {
        say(m_certificateMessage, c.errorMessage(), true);
        return;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    say(m_certificateMessage,
        tr("Certificate No. %1 issued: %2.").arg(c->number, QDir::toNativeSeparators(path)), false);
    m_preview->setFile(path);
    changed();
    selectId(m_certificates, id);
}

// ---- support payments ----------------------------------------------------------------------

namespace {
QString amountKeyName(const QString& key)
{
    const QString part = key.section(u'.', 0, 0);
    const QString what = key.section(u'.', 1);
    return QStringLiteral("%1: %2").arg(recoveryui::partName(part), part == QStringLiteral("basic")
                                                                        ? gradeDisplay(what)
                                                                        : rebuildDisplay(what));
}
} // namespace

QWidget* RecoveryPage::buildPayments()
{
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    m_payments = ui::readOnlyTable(QStringLiteral("paymentTable"),
                                   {tr("No."), tr("Household"), tr("Part"), tr("Grade"),
                                    tr("Way of rebuilding"), tr("Members"), tr("Amount"),
                                    tr("State"), tr("Applied on"), tr("Deadline"), tr("Reason")},
                                   page);
    layout->addWidget(
        withExport(tr("Support payments (被災者生活再建支援金)"), m_payments, tr("payments"), page),
        1);

    auto* row = new QHBoxLayout;
    auto* apply = new QGroupBox(tr("New application"), page);
    auto* af = new QFormLayout(apply);
    m_household = new QLineEdit(apply);
    m_household->setObjectName(QStringLiteral("householdEdit"));
    m_part = new QComboBox(apply);
    m_part->setObjectName(QStringLiteral("partCombo"));
    m_part->addItem(recoveryui::partName(QStringLiteral("basic")), QStringLiteral("basic"));
    m_part->addItem(recoveryui::partName(QStringLiteral("additional")),
                    QStringLiteral("additional"));
    m_payGrade = new QComboBox(apply);
    m_payGrade->setObjectName(QStringLiteral("paymentGradeCombo"));
    for (const QString& g : paymentGrades()) {
        m_payGrade->addItem(gradeDisplay(g), g);
    }
    m_rebuild = new QComboBox(apply);
    m_rebuild->setObjectName(QStringLiteral("rebuildCombo"));
    for (const QString& w : rebuildWays()) {
        m_rebuild->addItem(rebuildDisplay(w), w);
    }
    m_members = new QSpinBox(apply);
    m_members->setObjectName(QStringLiteral("membersSpin"));
    m_members->setRange(1, 30);
    m_members->setValue(2);
    m_amount = new QLabel(apply);
    m_amount->setObjectName(QStringLiteral("amountLabel"));
    auto* applyButton = new QPushButton(tr("Appl&y"), apply);
    applyButton->setObjectName(QStringLiteral("applyPaymentButton"));
    af->addRow(tr("H&ousehold:"), m_household);
    af->addRow(tr("Pa&rt:"), m_part);
    af->addRow(tr("&Grade:"), m_payGrade);
    af->addRow(tr("&Way of rebuilding:"), m_rebuild);
    af->addRow(tr("&Members:"), m_members);
    af->addRow(tr("Amount:"), m_amount);
    af->addRow(applyButton);
    row->addWidget(apply, 2);

    auto* move = new QGroupBox(tr("The selected application"), page);
    auto* mf = new QVBoxLayout(move);
    auto* review = new QPushButton(tr("To re&view (審査)"), move);
    review->setObjectName(QStringLiteral("reviewButton"));
    auto* paid = new QPushButton(tr("Pai&d (支給済)"), move);
    paid->setObjectName(QStringLiteral("paidButton"));
    m_rejectReason = new QLineEdit(move);
    m_rejectReason->setObjectName(QStringLiteral("rejectReasonEdit"));
    m_rejectReason->setPlaceholderText(tr("reason for a rejection"));
    auto* reject = new QPushButton(tr("Re&ject (却下)"), move);
    reject->setObjectName(QStringLiteral("rejectButton"));
    mf->addWidget(review);
    mf->addWidget(paid);
    mf->addWidget(m_rejectReason);
    mf->addWidget(reject);
    m_paymentMessage = ui::messageLabel(move);
    m_paymentMessage->setObjectName(QStringLiteral("paymentMessage"));
    mf->addWidget(m_paymentMessage);
    mf->addStretch();
    row->addWidget(move, 2);

    auto* amounts = new QGroupBox(tr("Amount table (yen)"), page);
    auto* tf = new QVBoxLayout(amounts);
    m_amounts = new QTableWidget(0, 2, amounts);
    m_amounts->setObjectName(QStringLiteral("amountTable"));
    m_amounts->setHorizontalHeaderLabels({tr("Payment"), tr("Yen")});
    m_amounts->verticalHeader()->hide();
    m_amounts->horizontalHeader()->setStretchLastSection(true);
    m_saveAmounts = new QPushButton(tr("Save the &amounts"), amounts);
    m_saveAmounts->setObjectName(QStringLiteral("saveAmountsButton"));
    const bool may = m_ctx->session.can(Permission::ManageDisaster);
    m_saveAmounts->setEnabled(may);
    m_amounts->setEditTriggers(may ? QAbstractItemView::AllEditTriggers
                                   : QAbstractItemView::NoEditTriggers);
    tf->addWidget(m_amounts, 1);
    tf->addWidget(m_saveAmounts);
    row->addWidget(amounts, 3);
    layout->addLayout(row);

    connect(m_part, &QComboBox::currentIndexChanged, this, &RecoveryPage::paymentInputChanged);
    connect(m_payGrade, &QComboBox::currentIndexChanged, this, &RecoveryPage::paymentInputChanged);
    connect(m_rebuild, &QComboBox::currentIndexChanged, this, &RecoveryPage::paymentInputChanged);
    connect(m_members, &QSpinBox::valueChanged, this, &RecoveryPage::paymentInputChanged);
    connect(applyButton, &QPushButton::clicked, this, &RecoveryPage::applyPayment);
    connect(review, &QPushButton::clicked, this,
            [this] { advancePayment(QStringLiteral("review")); });
    connect(paid, &QPushButton::clicked, this, [this] { advancePayment(QStringLiteral("paid")); });
    connect(reject, &QPushButton::clicked, this,
            [this] { advancePayment(QStringLiteral("rejected")); });
    connect(m_saveAmounts, &QPushButton::clicked, this, &RecoveryPage::saveAmounts);
    paymentInputChanged();
    return page;
}

void RecoveryPage::paymentInputChanged()
{
    const bool additional = m_part->currentData().toString() == QStringLiteral("additional");
    m_rebuild->setEnabled(additional);
    auto amount = SupportPayments(m_ctx->db).amountFor(
        m_part->currentData().toString(), m_payGrade->currentData().toString(),
        additional ? m_rebuild->currentData().toString() : QString(), m_members->value());
    if (!amount) {
        m_amount->setText(amount.errorMessage());
        m_amount->setStyleSheet(QStringLiteral("color: #b00020;"));
        return;
    }
    m_amount->setText(
        m_members->value() == 1
            ? tr("%1 (three quarters: a one-person household)").arg(recoveryui::yen(*amount))
            : recoveryui::yen(*amount));
    m_amount->setStyleSheet(QStringLiteral("font-weight: bold;"));
}

void RecoveryPage::applyPayment()
{
    Payment p;
    p.disasterId = m_disasterId;
    p.household = m_household->text().trimmed();
    p.part = m_part->currentData().toString();
    p.grade = m_payGrade->currentData().toString();
    if (p.part == QStringLiteral("additional")) {
        p.rebuild = m_rebuild->currentData().toString();
    }
    p.members = m_members->value();
    auto r = SupportPayments(m_ctx->db).apply(p, m_ctx->session);
    if (!r) {
        say(m_paymentMessage, r.errorMessage(), true);
        return;
    }
    say(m_paymentMessage,
        tr("Application %1 of %2 recorded: %3, deadline %4.")
            .arg(r->id)
            .arg(r->household, recoveryui::yen(r->amount), dateText(r->deadline)),
        false);
    m_household->clear();
    changed();
    selectId(m_payments, r->id);
}

void RecoveryPage::advancePayment(const QString& to)
{
    const qint64 id = selectedId(m_payments);
    if (id == 0) {
        say(m_paymentMessage, tr("Choose an application in the list first."), true);
        return;
    }
    auto r = SupportPayments(m_ctx->db).advance(id, to, m_ctx->session,
                                                m_rejectReason->text().trimmed());
    if (!r) {
        say(m_paymentMessage, r.errorMessage(), true);
        return;
    }
    say(m_paymentMessage,
        tr("Application %1 is now %2.").arg(id).arg(paymentStateDisplay(r->state)), false);
    m_rejectReason->clear();
    changed();
    selectId(m_payments, id);
}

void RecoveryPage::saveAmounts()
{
    SupportPayments payments(m_ctx->db);
    auto current = payments.amounts();
    if (!current) {
        say(m_paymentMessage, current.errorMessage(), true);
        return;
    }
    int saved = 0;
    for (int r = 0; r < m_amounts->rowCount(); ++r) {
        const QString key = m_amounts->item(r, 0)->data(Qt::UserRole).toString();
        QString text = m_amounts->item(r, 1)->text();
        text.remove(u',').remove(u'¥').remove(u'￥');
        bool ok = false;
        const qint64 yen = text.trimmed().toLongLong(&ok);
        if (!ok) {
            say(m_paymentMessage,
                tr("%1: \"%2\" is not an amount in yen.")
                    .arg(amountKeyName(key), m_amounts->item(r, 1)->text()),
                true);
            return;
        }
        if (yen == current->value(key)) {
            continue;
        }
        if (Status st = payments.setAmount(key, yen, m_ctx->session); !st) {
            say(m_paymentMessage, st.errorMessage(), true);
            return;
        }
        ++saved;
    }
    say(m_paymentMessage, tr("%n amount(s) changed.", nullptr, saved), false);
    changed();
}

void RecoveryPage::reloadPayments()
{
    const qint64 keep = selectedId(m_payments);
    m_payments->setRowCount(0);
    SupportPayments service(m_ctx->db);
    auto list = service.payments(m_disasterId);
    if (!list) {
        say(m_paymentMessage, list.errorMessage(), true);
    } else {
        for (const Payment& p : std::as_const(*list)) {
            addRow(m_payments, p.id,
                   {QString::number(p.id), p.household, recoveryui::partName(p.part),
                    gradeDisplay(p.grade),
                    p.rebuild.isEmpty() ? QString() : rebuildDisplay(p.rebuild),
                    QString::number(p.members), recoveryui::yen(p.amount),
                    paymentStateDisplay(p.state), dateText(p.appliedOn), dateText(p.deadline),
                    p.reason});
            if (p.state == QStringLiteral("rejected")) {
                paintRow(m_payments, m_payments->rowCount() - 1, QColor(0xee, 0xee, 0xee));
            }
        }
    }
    selectId(m_payments, keep);
    m_payments->resizeColumnsToContents();
    auto amounts = service.amounts();
    m_amounts->setRowCount(0);
    if (amounts) {
        for (const QString& key : amountKeys()) {
            const int r = m_amounts->rowCount();
            m_amounts->insertRow(r);
            auto* name = new QTableWidgetItem(amountKeyName(key));
            name->setData(Qt::UserRole, key);
            name->setFlags(name->flags() & ~Qt::ItemIsEditable);
            m_amounts->setItem(r, 0, name);
            auto* yen = new QTableWidgetItem(QString::number(amounts->value(key)));
            yen->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_amounts->setItem(r, 1, yen);
        }
        m_amounts->resizeColumnToContents(0);
    }
    paymentInputChanged();
}

// ---- temporary housing ---------------------------------------------------------------------

QWidget* RecoveryPage::buildHousing()
{
    auto* page = new QWidget(this);
    auto* layout = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    m_units = ui::readOnlyTable(
        QStringLiteral("unitTable"),
        {tr("No."), tr("Site"), tr("Type"), tr("Size"), tr("Accessible"), tr("Household")}, page);
    left->addWidget(withExport(tr("Units (応急仮設住宅)"), m_units, tr("housing-units"), page), 1);
    auto* unitForm = new QGroupBox(tr("New unit"), page);
    auto* uf = new QFormLayout(unitForm);
    m_site = new QLineEdit(unitForm);
    m_site->setObjectName(QStringLiteral("siteEdit"));
    m_unitType = new QComboBox(unitForm);
    m_unitType->setObjectName(QStringLiteral("unitTypeCombo"));
    for (const QString& t : unitTypes()) {
        m_unitType->addItem(recoveryui::unitTypeName(t), t);
    }
    m_unitSize = new QLineEdit(unitForm);
    m_unitSize->setObjectName(QStringLiteral("unitSizeEdit"));
    m_unitSize->setPlaceholderText(QStringLiteral("2DK"));
    m_accessible = new QCheckBox(tr("Accessible (barrier-free)"), unitForm);
    m_accessible->setObjectName(QStringLiteral("accessibleCheck"));
    auto* addUnit = new QPushButton(tr("Add u&nit"), unitForm);
    addUnit->setObjectName(QStringLiteral("addUnitButton"));
    uf->addRow(tr("Sit&e:"), m_site);
    uf->addRow(tr("&Type:"), m_unitType);
    uf->addRow(tr("Si&ze:"), m_unitSize);
    uf->addRow(QString(), m_accessible);
    uf->addRow(addUnit);
    left->addWidget(unitForm);
    layout->addLayout(left, 1);

    auto* right = new QVBoxLayout;
    m_applications =
        ui::readOnlyTable(QStringLiteral("housingApplicationTable"),
                          {tr("No."), tr("Household"), tr("Members"), tr("Special care"),
                           tr("State"), tr("Unit"), tr("Applied on"), tr("Moved in")},
                          page);
    right->addWidget(withExport(tr("Applications (要配慮者 first)"), m_applications,
                                tr("housing-applications"), page),
                     1);
    auto* appForm = new QGroupBox(tr("Application and assignment"), page);
    auto* hf = new QFormLayout(appForm);
    m_housingHousehold = new QLineEdit(appForm);
    m_housingHousehold->setObjectName(QStringLiteral("housingHouseholdEdit"));
    m_housingMembers = new QSpinBox(appForm);
    m_housingMembers->setObjectName(QStringLiteral("housingMembersSpin"));
    m_housingMembers->setRange(1, 30);
    m_housingMembers->setValue(2);
    auto* applyButton = new QPushButton(tr("Appl&y"), appForm);
    applyButton->setObjectName(QStringLiteral("applyHousingButton"));
    hf->addRow(tr("H&ousehold:"), m_housingHousehold);
    hf->addRow(tr("&Members:"), m_housingMembers);
    hf->addRow(applyButton);
    auto* assignNext =
        new QPushButton(tr("Assign the selected unit to the &first waiting"), appForm);
    assignNext->setObjectName(QStringLiteral("assignNextButton"));
    auto* assign =
        new QPushButton(tr("&Assign the selected unit to the selected application"), appForm);
    assign->setObjectName(QStringLiteral("assignButton"));
    auto* moves = new QHBoxLayout;
    auto* moveIn = new QPushButton(tr("Move &in"), appForm);
    moveIn->setObjectName(QStringLiteral("moveInButton"));
    auto* moveOut = new QPushButton(tr("Mo&ve out"), appForm);
    moveOut->setObjectName(QStringLiteral("moveOutButton"));
    auto* withdraw = new QPushButton(tr("&Withdraw"), appForm);
    withdraw->setObjectName(QStringLiteral("withdrawButton"));
    moves->addWidget(moveIn);
    moves->addWidget(moveOut);
    moves->addWidget(withdraw);
    hf->addRow(assignNext);
    hf->addRow(assign);
    hf->addRow(moves);
    m_housingMessage = ui::messageLabel(appForm);
    m_housingMessage->setObjectName(QStringLiteral("housingMessage"));
    hf->addRow(m_housingMessage);
    right->addWidget(appForm);
    layout->addLayout(right, 1);

    connect(addUnit, &QPushButton::clicked, this, &RecoveryPage::addUnit);
    connect(applyButton, &QPushButton::clicked, this, &RecoveryPage::applyHousing);
    connect(assignNext, &QPushButton::clicked, this, &RecoveryPage::assignNext);
    connect(assign, &QPushButton::clicked, this, &RecoveryPage::assignUnit);
    connect(moveIn, &QPushButton::clicked, this, [this] { moveHousing(QStringLiteral("in")); });
    connect(moveOut, &QPushButton::clicked, this, [this] { moveHousing(QStringLiteral("out")); });
    connect(withdraw, &QPushButton::clicked, this,
            [this] { moveHousing(QStringLiteral("withdraw")); });
    return page;
}

void RecoveryPage::reloadHousing()
{
    const qint64 keepUnit = selectedId(m_units);
    const qint64 keepApp = selectedId(m_applications);
    m_units->setRowCount(0);
    m_applications->setRowCount(0);
    TemporaryHousing service(m_ctx->db);
    auto units = service.units(m_disasterId);
    auto waiting = service.waiting(m_disasterId);
    if (!units || !waiting) {
        say(m_housingMessage, !units ? units.errorMessage() : waiting.errorMessage(), true);
        return;
    }
    QList<HousingApplication> apps = *waiting;
    QHash<qint64, QString> households;
    for (const HousingUnit& u : std::as_const(*units)) {
        if (u.occupiedBy != 0) {
            auto a = service.application(u.occupiedBy);
            if (a) {
                apps << *a;
                households.insert(u.id, a->household);
            }
        }
    }
    QHash<qint64, QString> sites;
    for (const HousingUnit& u : std::as_const(*units)) {
        sites.insert(u.id, u.site);
        addRow(m_units, u.id,
               {QString::number(u.id), u.site, recoveryui::unitTypeName(u.type), u.size,
                u.accessible ? tr("Yes") : QString(), households.value(u.id)});
    }
    for (const HousingApplication& a : std::as_const(apps)) {
        QStringList needs;
        for (const QString& n : a.needs) {
            needs << disasterui::needName(n);
        }
        addRow(m_applications, a.id,
               {QString::number(a.id), a.household, QString::number(a.members),
                needs.join(QStringLiteral("・")), recoveryui::applicationStateName(a.state),
                a.unitId ? QStringLiteral("%1 %2").arg(a.unitId).arg(sites.value(a.unitId))
                         : QString(),
                a.appliedAt.toTimeZone(QTimeZone(9 * 3600)).toString(QStringLiteral("yyyy-MM-dd")),
                dateText(a.movedInOn)});
        if (a.priority() && a.state == QStringLiteral("waiting")) {
            paintRow(m_applications, m_applications->rowCount() - 1, priorityColour());
        }
    }
    selectId(m_units, keepUnit);
    selectId(m_applications, keepApp);
    m_units->resizeColumnsToContents();
    m_applications->resizeColumnsToContents();
}

void RecoveryPage::addUnit()
{
    HousingUnit u;
    u.disasterId = m_disasterId;
    u.site = m_site->text().trimmed();
    u.type = m_unitType->currentData().toString();
    u.size = m_unitSize->text().trimmed();
    u.accessible = m_accessible->isChecked();
    auto r = TemporaryHousing(m_ctx->db).addUnit(u, m_ctx->session);
    if (!r) {
        say(m_housingMessage, r.errorMessage(), true);
        return;
    }
    say(m_housingMessage, tr("Unit %1 at %2 added.").arg(r->id).arg(r->site), false);
    m_site->clear();
    m_unitSize->clear();
    m_accessible->setChecked(false);
    changed();
    selectId(m_units, r->id);
}

void RecoveryPage::applyHousing()
{
    HousingApplication a;
    a.disasterId = m_disasterId;
    a.household = m_housingHousehold->text().trimmed();
    a.members = m_housingMembers->value();
    auto r = TemporaryHousing(m_ctx->db).apply(a, m_ctx->session);
    if (!r) {
        say(m_housingMessage, r.errorMessage(), true);
        return;
    }
    say(m_housingMessage,
        r->priority() ? tr("Application %1 of %2 recorded (要配慮者: first on the list).")
                            .arg(r->id)
                            .arg(r->household)
                      : tr("Application %1 of %2 recorded.").arg(r->id).arg(r->household),
        false);
    m_housingHousehold->clear();
    changed();
}

void RecoveryPage::assignUnit()
{
    const qint64 unit = selectedId(m_units);
    const qint64 app = selectedId(m_applications);
    if (unit == 0 || app == 0) {
        say(m_housingMessage, tr("Choose a unit and an application first."), true);
        return;
    }
    auto r = TemporaryHousing(m_ctx->db).assign(app, unit, m_ctx->session);
    if (!r) {
        say(m_housingMessage, r.errorMessage(), true);
        return;
    }
    say(m_housingMessage, tr("Unit %1 assigned to %2.").arg(unit).arg(r->household), false);
    changed();
    selectId(m_applications, app);
}

void RecoveryPage::assignNext()
{
    const qint64 unit = selectedId(m_units);
    if (unit == 0) {
        say(m_housingMessage, tr("Choose a unit in the list first."), true);
        return;
    }
    auto r = TemporaryHousing(m_ctx->db).assignNext(unit, m_ctx->session);
    if (!r) {
        say(m_housingMessage, r.errorMessage(), true);
        return;
    }
    say(m_housingMessage, tr("Unit %1 assigned to %2.").arg(unit).arg(r->household), false);
    changed();
    selectId(m_applications, r->id);
}

void RecoveryPage::moveHousing(const QString& how)
{
    const qint64 app = selectedId(m_applications);
    if (app == 0) {
        say(m_housingMessage, tr("Choose an application in the list first."), true);
        return;
    }
    TemporaryHousing service(m_ctx->db);
    auto r = how == QStringLiteral("in")    ? service.moveIn(app, japanToday(), m_ctx->session)
             : how == QStringLiteral("out") ? service.moveOut(app, japanToday(), m_ctx->session)
                                            : service.withdraw(app, m_ctx->session);
    if (!r) {
        say(m_housingMessage, r.errorMessage(), true);
        return;
    }
    say(m_housingMessage,
        tr("%1: %2.").arg(r->household, recoveryui::applicationStateName(r->state)), false);
    changed();
    selectId(m_applications, app);
}

// ---- relief supplies -----------------------------------------------------------------------

QWidget* RecoveryPage::buildSupplies()
{
    auto* page = new QWidget(this);
    auto* layout = new QGridLayout(page);
    m_items = ui::readOnlyTable(
        QStringLiteral("itemTable"),
        {tr("No."), tr("Item"), tr("Counted in"), tr("In stock"), tr("Low-stock level")}, page);
    m_stock =
        ui::readOnlyTable(QStringLiteral("stockTable"),
                          {tr("Location"), tr("Quantity"), tr("Available"), tr("Expiry")}, page);
    m_requests = ui::readOnlyTable(QStringLiteral("requestTable"),
                                   {tr("No."), tr("Shelter"), tr("Item"), tr("Quantity"),
                                    tr("Priority"), tr("State"), tr("From")},
                                   page);
    layout->addWidget(withExport(tr("Items (緊急物資)"), m_items, tr("supply-items"), page), 0, 0);
    layout->addWidget(
        withExport(tr("Stock of the selected item"), m_stock, tr("supply-stock"), page), 0, 1);
    layout->addWidget(
        withExport(tr("Open requests from shelters"), m_requests, tr("supply-requests"), page), 2,
        0, 1, 2);

    auto* forms = new QHBoxLayout;
    auto* itemForm = new QGroupBox(tr("New item"), page);
    auto* itf = new QFormLayout(itemForm);
    m_itemName = new QLineEdit(itemForm);
    m_itemName->setObjectName(QStringLiteral("itemNameEdit"));
    m_itemUnit = new QLineEdit(QStringLiteral("個"), itemForm);
    m_itemUnit->setObjectName(QStringLiteral("itemUnitEdit"));
    m_lowStock = new QSpinBox(itemForm);
    m_lowStock->setObjectName(QStringLiteral("lowStockSpin"));
    m_lowStock->setRange(0, 1000000);
    auto* addItem = new QPushButton(tr("Add ite&m"), itemForm);
    addItem->setObjectName(QStringLiteral("addItemButton"));
    itf->addRow(tr("&Name:"), m_itemName);
    itf->addRow(tr("Un&it:"), m_itemUnit);
    itf->addRow(tr("&Low-stock level:"), m_lowStock);
    itf->addRow(addItem);
    forms->addWidget(itemForm);

    auto* stockForm = new QGroupBox(tr("Stock received for the selected item"), page);
    auto* sf = new QFormLayout(stockForm);
    m_stockLocation = new QLineEdit(stockForm);
    m_stockLocation->setObjectName(QStringLiteral("stockLocationEdit"));
    m_stockQuantity = new QSpinBox(stockForm);
    m_stockQuantity->setObjectName(QStringLiteral("stockQuantitySpin"));
    m_stockQuantity->setRange(1, 10000000);
    m_expires = new QCheckBox(tr("E&xpires on"), stockForm);
    m_expires->setObjectName(QStringLiteral("expiresCheck"));
    m_expiry = new QDateEdit(japanToday().addYears(1), stockForm);
    m_expiry->setObjectName(QStringLiteral("expiryEdit"));
    m_expiry->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_expiry->setCalendarPopup(true);
    m_expiry->setEnabled(false);
    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expires);
    expiryRow->addWidget(m_expiry, 1);
    auto* receive = new QPushButton(tr("&Receive"), stockForm);
    receive->setObjectName(QStringLiteral("receiveStockButton"));
    sf->addRow(tr("L&ocation:"), m_stockLocation);
    sf->addRow(tr("&Quantity:"), m_stockQuantity);
    sf->addRow(expiryRow);
    sf->addRow(receive);
    forms->addWidget(stockForm);

    auto* requestForm = new QGroupBox(tr("Request and delivery of the selected item"), page);
    auto* rf = new QFormLayout(requestForm);
    m_requestShelter = new QComboBox(requestForm);
    m_requestShelter->setObjectName(QStringLiteral("requestShelterCombo"));
    m_requestQuantity = new QSpinBox(requestForm);
    m_requestQuantity->setObjectName(QStringLiteral("requestQuantitySpin"));
    m_requestQuantity->setRange(1, 10000000);
    m_priority = new QComboBox(requestForm);
    m_priority->setObjectName(QStringLiteral("priorityCombo"));
    for (int p = 1; p <= 3; ++p) {
        m_priority->addItem(recoveryui::priorityName(p), p);
    }
    m_priority->setCurrentIndex(1);
    auto* request = new QPushButton(tr("R&equest"), requestForm);
    request->setObjectName(QStringLiteral("requestButton"));
    m_fromLocation = new QLineEdit(requestForm);
    m_fromLocation->setObjectName(QStringLiteral("fromLocationEdit"));
    m_fromLocation->setPlaceholderText(tr("location the supplies come from"));
    auto* commit = new QPushButton(tr("&Commit"), requestForm);
    commit->setObjectName(QStringLiteral("commitButton"));
    auto* send = new QPushButton(tr("Sen&d"), requestForm);
    send->setObjectName(QStringLiteral("sendButton"));
    auto* received = new QPushButton(tr("Recei&ved"), requestForm);
    received->setObjectName(QStringLiteral("receivedButton"));
    auto* states = new QHBoxLayout;
    states->addWidget(commit);
    states->addWidget(send);
    states->addWidget(received);
    rf->addRow(tr("Shel&ter:"), m_requestShelter);
    rf->addRow(tr("Qu&antity:"), m_requestQuantity);
    rf->addRow(tr("Priorit&y:"), m_priority);
    rf->addRow(request);
    rf->addRow(tr("&From:"), m_fromLocation);
    rf->addRow(states);
    forms->addWidget(requestForm);
    layout->addLayout(forms, 1, 0, 1, 2);
    m_supplyMessage = ui::messageLabel(page);
    m_supplyMessage->setObjectName(QStringLiteral("supplyMessage"));
    layout->addWidget(m_supplyMessage, 3, 0, 1, 2);
    layout->setRowStretch(0, 2);
    layout->setRowStretch(2, 2);

    connect(m_expires, &QCheckBox::toggled, m_expiry, &QDateEdit::setEnabled);
    connect(m_items, &QTableWidget::itemSelectionChanged, this, &RecoveryPage::reloadStock);
    connect(addItem, &QPushButton::clicked, this, &RecoveryPage::addItem);
    connect(receive, &QPushButton::clicked, this, &RecoveryPage::receiveStock);
    connect(request, &QPushButton::clicked, this, &RecoveryPage::requestSupplies);
    connect(commit, &QPushButton::clicked, this,
            [this] { moveRequest(QStringLiteral("committed")); });
    connect(send, &QPushButton::clicked, this, [this] { moveRequest(QStringLiteral("sent")); });
    connect(received, &QPushButton::clicked, this,
            [this] { moveRequest(QStringLiteral("received")); });
    return page;
}

void RecoveryPage::reloadSupplies()
{
    const qint64 keepItem = selectedId(m_items);
    const qint64 keepRequest = selectedId(m_requests);
    ReliefSupplies service(m_ctx->db);
    auto items = service.items(m_disasterId);
    auto requests = service.openRequests(m_disasterId);
    auto shelters = disaster::DisasterService(m_ctx->db).shelters(m_disasterId);
    if (!items || !requests || !shelters) {
        say(m_supplyMessage,
            !items      ? items.errorMessage()
            : !requests ? requests.errorMessage()
                        : shelters.errorMessage(),
            true);
        return;
    }
    const qint64 keepShelter = m_requestShelter->currentData().toLongLong();
    m_requestShelter->clear();
    QHash<qint64, QString> shelterNames;
    for (const disaster::Shelter& s : std::as_const(*shelters)) {
        shelterNames.insert(s.id, s.name);
        if (s.open) {
            m_requestShelter->addItem(s.name, s.id);
        }
    }
    m_requestShelter->setCurrentIndex(std::max(0, m_requestShelter->findData(keepShelter)));
    QHash<qint64, SupplyItem> byId;
    {
        QSignalBlocker block(m_items);
        m_items->setRowCount(0);
        for (const SupplyItem& i : std::as_const(*items)) {
            byId.insert(i.id, i);
            addRow(m_items, i.id,
                   {QString::number(i.id), i.name, i.unit, QString::number(i.total),
                    QString::number(i.lowStock)});
            if (i.total < i.lowStock) {
                paintRow(m_items, m_items->rowCount() - 1, lowColour());
                m_items->item(m_items->rowCount() - 1, 3)
                    ->setToolTip(tr("Below the low-stock level"));
            }
        }
        selectId(m_items, keepItem);
        if (selectedId(m_items) == 0 && m_items->rowCount() > 0) {
            m_items->selectRow(0); // the stock of the first item rather than an empty list
        }
    }
    m_items->resizeColumnsToContents();
    m_requests->setRowCount(0);
    for (const SupplyRequest& r : std::as_const(*requests)) {
        const SupplyItem item = byId.value(r.itemId);
        addRow(m_requests, r.id,
               {QString::number(r.id), shelterNames.value(r.shelterId), item.name,
                QStringLiteral("%1 %2").arg(r.quantity).arg(item.unit),
                recoveryui::priorityName(r.priority), recoveryui::requestStateName(r.state),
                r.fromLocation});
        if (r.priority == 1) {
            m_requests->item(m_requests->rowCount() - 1, 4)->setForeground(QColor(0xb0, 0, 0x20));
        }
    }
    selectId(m_requests, keepRequest);
    m_requests->resizeColumnsToContents();
    reloadStock();
}

void RecoveryPage::reloadStock()
{
    m_stock->setRowCount(0);
    const qint64 item = selectedId(m_items);
    if (item == 0) {
        return;
    }
    ReliefSupplies service(m_ctx->db);
    auto lots = service.stock(item);
    if (!lots) {
        say(m_supplyMessage, lots.errorMessage(), true);
        return;
    }
    const QDate soon = japanToday().addDays(RecoveryDashboard::expiryDays());
    QHash<QString, qint64> available;
    for (const StockLot& l : std::as_const(*lots)) {
        if (!available.contains(l.location)) {
            auto free = service.available(item, l.location);
            available.insert(l.location, free ? *free : 0);
        }
    }
    QSet<QString> shown;
    for (const StockLot& l : std::as_const(*lots)) {
        // What is available is per location: shown on its first lot.
        const QString free =
            shown.contains(l.location) ? QString() : QString::number(available.value(l.location));
        shown.insert(l.location);
        addRow(m_stock, l.id,
               {l.location, QString::number(l.quantity), free,
                l.expiry.isValid() ? dateText(l.expiry) : tr("does not expire")});
        if (l.expiry.isValid() && l.expiry <= soon) {
            paintRow(m_stock, m_stock->rowCount() - 1, warningColour());
            m_stock->item(m_stock->rowCount() - 1, 3)
                ->setToolTip(l.expiry < japanToday() ? tr("Expired") : tr("Expires soon"));
        }
    }
    m_stock->resizeColumnsToContents();
}

void RecoveryPage::addItem()
{
    SupplyItem i;
    i.disasterId = m_disasterId;
    i.name = m_itemName->text().trimmed();
    i.unit = m_itemUnit->text().trimmed();
    i.lowStock = m_lowStock->value();
    auto r = ReliefSupplies(m_ctx->db).addItem(i, m_ctx->session);
    if (!r) {
        say(m_supplyMessage, r.errorMessage(), true);
        return;
    }
    say(m_supplyMessage, tr("Item %1 added.").arg(r->name), false);
    m_itemName->clear();
    changed();
    selectId(m_items, r->id);
}

void RecoveryPage::receiveStock()
{
    const qint64 item = selectedId(m_items);
    if (item == 0) {
        say(m_supplyMessage, tr("Choose an item in the list first."), true);
        return;
    }
    auto r = ReliefSupplies(m_ctx->db).receive(
        item, m_stockLocation->text(), m_stockQuantity->value(),
        m_expires->isChecked() ? m_expiry->date() : QDate(), m_ctx->session);
    if (!r) {
        say(m_supplyMessage, r.errorMessage(), true);
        return;
    }
    say(m_supplyMessage, tr("%1 received at %2.").arg(r->quantity).arg(r->location), false);
    changed();
}

void RecoveryPage::requestSupplies()
{
    const qint64 item = selectedId(m_items);
    if (item == 0) {
        say(m_supplyMessage, tr("Choose an item in the list first."), true);
        return;
    }
    auto r = ReliefSupplies(m_ctx->db).request(m_requestShelter->currentData().toLongLong(), item,
                                               m_requestQuantity->value(),
                                               m_priority->currentData().toInt(), m_ctx->session);
    if (!r) {
        say(m_supplyMessage, r.errorMessage(), true);
        return;
    }
    say(m_supplyMessage, tr("Request %1 recorded.").arg(r->id), false);
    changed();
    selectId(m_requests, r->id);
}

void RecoveryPage::moveRequest(const QString& to)
{
    const qint64 id = selectedId(m_requests);
    if (id == 0) {
        say(m_supplyMessage, tr("Choose a request in the list first."), true);
        return;
    }
    ReliefSupplies service(m_ctx->db);
    auto r = to == QStringLiteral("committed")
                 ? service.commit(id, m_fromLocation->text(), m_ctx->session)
             : to == QStringLiteral("sent") ? service.send(id, m_ctx->session)
                                            : service.receiveRequest(id, m_ctx->session);
    if (!r) {
        say(m_supplyMessage, r.errorMessage(), true);
        return;
    }
    say(m_supplyMessage, tr("Request %1: %2.").arg(id).arg(recoveryui::requestStateName(r->state)),
        false);
    changed();
    selectId(m_requests, id);
}

} // namespace madoguchi
