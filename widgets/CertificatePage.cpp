#include "CertificatePage.h"

#include "Ui.h"
#include "ids/Identifiers.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"
#include "text/JapaneseText.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace madoguchi {

namespace {

enum Column {
    KindColumn,
    StatusColumn,
    CardColumn,
    ValidUntilColumn,
    RevokedAtColumn,
    ReasonColumn,
    SerialColumn,
    ColumnCount
};

QDateTime parsed(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODate);
}

// The date of an ISO timestamp from central, in local time; the text as it came otherwise.
QString dayText(const QString& iso)
{
    const QDateTime t = parsed(iso);
    return t.isValid() ? t.toLocalTime().date().toString(Qt::ISODate) : iso;
}

QString timeText(const QString& iso)
{
    const QDateTime t = parsed(iso);
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : iso;
}

QTableWidgetItem* cell(const QString& text, const QString& toolTip = {})
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    item->setToolTip(toolTip.isEmpty() ? text : toolTip);
    return item;
}

QLabel* wrapped(const QString& text, QWidget* parent, const char* objectName = nullptr)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    if (objectName) {
        label->setObjectName(QString::fromLatin1(objectName));
    }
    return label;
}

// What a revocation names, in words: "the 署名用 certificate 1A2B… (card CARD-1)".
QString describe(const pki::CertificateRecord& r)
{
    return CertificatePage::tr("the %1 %2 (card %3)")
        .arg(CertificatePage::kindNoun(r.kind), r.serial, r.cardId);
}

} // namespace

CertificatePage::CertificatePage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_ctx(context), m_registry(std::make_unique<RegistryService>(context->db))
{
    setObjectName(QStringLiteral("certificatePage"));
    chooseCsrFile = [](QWidget* owner) {
        return QFileDialog::getOpenFileName(
            owner, tr("Certificate signing request"), QString(),
            tr("Certificate signing requests (*.csr *.pem *.req);;All files (*)"));
    };
    auto* layout = new QVBoxLayout(this);
    auto* heading = ui::heading(tr("Electronic certificates"), this, 1.5);
    heading->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(heading);
    layout->addWidget(wrapped(tr("The signing certificate (署名用電子証明書) and the user "
                                 "authentication certificate (利用者証明用電子証明書) on a "
                                 "resident's My Number card, as central's certificate authority "
                                 "holds them."),
                              this, "pageDescription"));
    m_note = wrapped(QString(), this, "unavailableNote");
    m_note->setStyleSheet(
        QStringLiteral("background: #fff3cd; color: #5c4400; padding: 6px; border-radius: 3px;"));
    m_note->hide();
    layout->addWidget(m_note);

    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("Resident &code:"), this);
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("residentCodeEdit"));
    m_code->setPlaceholderText(tr("11 digits"));
    m_code->setMaxLength(16);
    m_code->setClearButtonEnabled(true);
    label->setBuddy(m_code);
    m_lookUp = new QPushButton(tr("&Show"), this);
    m_lookUp->setObjectName(QStringLiteral("lookUpButton"));
    m_lookUp->setAutoDefault(false);
    row->addWidget(label);
    row->addWidget(m_code);
    row->addWidget(m_lookUp);
    row->addStretch(1);
    layout->addLayout(row);
    connect(m_code, &QLineEdit::returnPressed, this, &CertificatePage::lookUp);
    connect(m_lookUp, &QPushButton::clicked, this, &CertificatePage::lookUp);

    m_residentLabel = wrapped(QString(), this, "residentLabel");
    QFont bold = m_residentLabel->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_residentLabel->setFont(bold);
    m_residentLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_residentLabel);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("certificateTable"));
    m_table->setHorizontalHeaderLabels({tr("Kind"), tr("Status"), tr("Card"), tr("Valid until"),
                                        tr("Revoked on"), tr("Reason"), tr("Serial number")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setTabKeyNavigation(false); // Tab leaves the table for the buttons
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight); // reason and serial, when the page is narrow
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &CertificatePage::updateState);
    layout->addWidget(m_table, 1);

    m_status = wrapped(QString(), this, "statusLabel");
    layout->addWidget(m_status);
    m_message = ui::messageLabel(this);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    auto* buttons = new QHBoxLayout;
    auto button = [this, buttons](const QString& text, const char* name, auto slot) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(name));
        b->setAutoDefault(false);
        connect(b, &QPushButton::clicked, this, slot);
        buttons->addWidget(b);
        return b;
    };
    //: 新規発行 of an electronic certificate
    m_request = button(tr("&New certificate…"), "requestButton", &CertificatePage::requestNew);
    //: 更新 of the selected electronic certificate
    m_renew = button(tr("R&enew…"), "renewButton", &CertificatePage::renewSelected);
    //: 失効 of the selected electronic certificate
    m_revoke = button(tr("Re&voke…"), "revokeButton", &CertificatePage::revokeSelected);
    //: 紛失届: every certificate of a lost or stolen card is revoked
    m_lost = button(tr("&Lost card…"), "lostCardButton", &CertificatePage::reportLostCard);
    buttons->addStretch(1);
    m_refresh = button(tr("&Refresh"), "refreshButton", &CertificatePage::refresh);
    m_refresh->setShortcut(QKeySequence::Refresh);
    layout->addLayout(buttons);

    setFocusProxy(m_code);
    updateState();
}

CertificatePage::~CertificatePage() = default;

void CertificatePage::openFor(AppContext* context, const Resident& resident, QWidget* parent)
{
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("certificatePageDialog"));
    dialog.setWindowTitle(tr("Electronic certificates: %1").arg(resident.fullName()));
    auto* layout = new QVBoxLayout(&dialog);
    auto* page = new CertificatePage(context, &dialog);
    layout->addWidget(page, 1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(close, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(close);
    page->m_shownFor = resident.residentCode; // not taken over again when shown
    page->showResident(resident);
    dialog.resize(980, 560);
    dialog.exec();
}

QString CertificatePage::kindText(const QString& kindId)
{
    if (kindId == QStringLiteral("sign")) {
        //: 署名用電子証明書
        return tr("Signing");
    }
    if (kindId == QStringLiteral("auth")) {
        //: 利用者証明用電子証明書
        return tr("User authentication");
    }
    return kindId;
}

QString CertificatePage::kindNoun(const QString& kindId)
{
    if (kindId == QStringLiteral("sign")) {
        //: in a sentence: 署名用電子証明書
        return tr("signing certificate");
    }
    if (kindId == QStringLiteral("auth")) {
        //: in a sentence: 利用者証明用電子証明書
        return tr("user authentication certificate");
    }
    return kindId;
}

QString CertificatePage::statusText(const QString& status)
{
    if (status == QStringLiteral("valid")) {
        //: status of an electronic certificate (有効)
        return tr("Valid");
    }
    if (status == QStringLiteral("revoked")) {
        //: status of an electronic certificate (失効)
        return tr("Revoked");
    }
    if (status == QStringLiteral("expired")) {
        //: status of an electronic certificate (期限切れ)
        return tr("Expired");
    }
    return status;
}

QString CertificatePage::reasonText(const QString& reasonId)
{
    const auto reason = pki::jpki::reasonFromId(reasonId);
    if (!reason) {
        return reasonId;
    }
    switch (*reason) {
    case pki::jpki::Reason::Unspecified:
        //: revocation reason (CRL reason unspecified)
        return tr("No reason given");
    case pki::jpki::Reason::KeyCompromise:
        //: revocation reason keyCompromise: 鍵の危殆化（紛失・盗難）
        return tr("Key compromise (card lost or stolen)");
    case pki::jpki::Reason::AffiliationChanged:
        //: revocation reason affiliationChanged: 記載事項の変更 (name, address … changed)
        return tr("Change of the recorded details");
    case pki::jpki::Reason::Superseded:
        //: revocation reason superseded: 更新 (a new certificate replaced it)
        return tr("Renewed");
    case pki::jpki::Reason::CessationOfOperation:
        //: revocation reason cessationOfOperation: 利用の終了 (死亡等)
        return tr("End of use (death etc.)");
    case pki::jpki::Reason::CertificateHold:
        //: revocation reason certificateHold: 一時保留
        return tr("On hold");
    }
    return reasonId;
}

QString CertificatePage::unavailableReason() const
{
    QStringList why;
    if (!m_ctx->session.can(Permission::IssueCards)) {
        why << tr("Your role may not issue or revoke electronic certificates (%1): a card issuer "
                  "or a supervisor does.")
                   .arg(roles::permissionName(Permission::IssueCards));
    }
    if (!m_enrollment) {
        why << tr("This workstation is not enrolled with a central: certificates are issued and "
                  "revoked by central's certificate authority. An administrator enrolls the "
                  "workstation in the settings.");
    }
    return why.join(u'\n');
}

void CertificatePage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    auto e = sync::loadEnrollment(m_ctx->db);
    if (e) {
        m_enrollment = *e;
    } else {
        m_enrollment.reset();
    }
    updateState();
    // The resident last opened in this window, unless the clerk is at work with another.
    const QString last = m_ctx->lastResidentCode;
    if (!last.isEmpty() && last != m_shownFor && !m_busy) {
        m_shownFor = last;
        m_code->setText(last);
        lookUp();
    }
}

void CertificatePage::showError(const QString& message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void CertificatePage::showInfo(const QString& message)
{
    m_status->setText(message);
}

void CertificatePage::lookUp()
{
    showError(QString());
    showInfo(QString());
    const QString code = text::normaliseNumber(m_code->text().trimmed());
    if (code.isEmpty()) {
        showError(tr("Type the resident code (11 digits)."));
        m_code->setFocus();
        return;
    }
    const ids::Check check = ids::check(ids::Kind::ResidentCode, code);
    if (!check.valid) {
        showError(check.reason);
        m_code->setFocus();
        return;
    }
    auto found = m_registry->findByCode(check.normalised);
    if (!found) {
        showError(found.errorMessage());
        return;
    }
    if (!found->has_value()) {
        showError(tr("No resident has the code %1.").arg(check.normalised));
        return;
    }
    //: purpose of a look at a resident, recorded in the access log (電子証明書の窓口事務)
    auto viewed = m_registry->view((*found)->id, tr("electronic certificates at the counter"),
                                   m_ctx->session);
    if (!viewed) {
        showError(viewed.errorMessage());
        return;
    }
    showResident(*viewed);
}

void CertificatePage::showResident(const Resident& resident)
{
    m_resident = resident;
    m_records.clear();
    m_listed = false;
    m_code->setText(resident.residentCode);
    QString text = tr("%1 (%2), born %3, resident code %4")
                       .arg(resident.fullName(), resident.fullKana(),
                            resident.birthDate.toString(Qt::ISODate), resident.residentCode);
    if (resident.isRemoved()) {
        text += u'\n' + tr("Left the register (除票) on %1: no certificate can be issued.")
                            .arg(resident.removedOn.toString(Qt::ISODate));
    }
    m_residentLabel->setText(text);
    fillTable();
    if (!m_enrollment) {
        auto e = sync::loadEnrollment(m_ctx->db);
        if (e) {
            m_enrollment = *e;
        }
    }
    refresh();
}

void CertificatePage::refresh()
{
    updateState();
    if (m_resident.id == 0 || m_busy) {
        return;
    }
    if (!unavailableReason().isEmpty()) {
        showInfo(QString());
        return;
    }
    atCentral(tr("Asking central for the certificates of %1…").arg(m_resident.fullName()), {});
}

void CertificatePage::atCentral(const QString& doing, Work work)
{
    if (!m_enrollment || m_resident.id == 0) {
        return;
    }
    m_busy = true;
    showError(QString());
    showInfo(doing);
    updateState();
    const DatabaseSpec spec = m_ctx->db.spec();
    const sync::Enrollment enrollment = *m_enrollment;
    const Session session = m_ctx->session;
    const QString code = m_resident.residentCode;
    auto* watcher = new QFutureWatcher<Result<Outcome>>(this);
    connect(watcher, &QFutureWatcher<Result<Outcome>>::finished, this, [this, watcher] {
        const Result<Outcome> r = watcher->result();
        watcher->deleteLater();
        done(r);
    });
    watcher->setFuture(
        QtConcurrent::run([spec, enrollment, session, code, work]() -> Result<Outcome> {
            // Its own connection: Qt's database connections belong to the thread that opened
            // them (the audit log is written here).
            auto db = Database::open(spec);
            if (!db) {
                return db.error();
            }
            pki::CertificateRequests requests(*db, enrollment);
            Outcome out;
            if (work) {
                auto message = work(requests, session);
                if (!message) {
                    return message.error();
                }
                out.message = *message;
            }
            auto all = requests.list(code, session);
            if (all) {
                out.listed = true;
                out.records = *all;
            } else {
                out.listError = all.errorMessage();
            }
            return out;
        }));
}

void CertificatePage::done(const Result<Outcome>& outcome)
{
    m_busy = false;
    if (!outcome) {
        showInfo(QString());
        showError(explain(outcome.error()));
    } else {
        showInfo(outcome->message);
        if (outcome->listed) {
            m_records = outcome->records;
            m_listed = true;
            fillTable();
            if (outcome->message.isEmpty()) {
                showInfo(m_records.isEmpty()
                             ? tr("%1 has no electronic certificates.").arg(m_resident.fullName())
                             : tr("%n certificate(s) issued to %1.", nullptr, int(m_records.size()))
                                   .arg(m_resident.fullName()));
            }
        } else {
            showError(explain(Error(outcome->listError)));
        }
    }
    updateState();
    emit finished(outcome.ok() && outcome->listed);
}

QString CertificatePage::explain(const Error& e) const
{
    const QString m = e.message;
    if (e.code == QStringLiteral("sync.network")) {
        return tr("Central cannot be reached (offline): nothing was changed. Try again when the "
                  "connection is back.\n%1")
            .arg(m);
    }
    if (m.contains(QStringLiteral("pki.operator"))) {
        return tr("Central does not know %1 as a card issuer (pki.operator): an administrator "
                  "registers card issuers at central.\n%2")
            .arg(m_ctx->session.login(), m);
    }
    if (m.contains(QStringLiteral("pki.subject_mismatch"))) {
        return tr("The register here and central's index of residents differ "
                  "(pki.subject_mismatch): a recent move may not have reached central yet. "
                  "Synchronise, then try again.\n%1")
            .arg(m);
    }
    if (m.contains(QStringLiteral("pki.csr"))) {
        return tr("Central refused the certificate signing request (pki.csr): read the request "
                  "from the card again.\n%1")
            .arg(m);
    }
    return m;
}

void CertificatePage::fillTable()
{
    const QSignalBlocker block(m_table);
    m_table->setRowCount(int(m_records.size()));
    for (int i = 0; i < m_records.size(); ++i) {
        const pki::CertificateRecord& r = m_records.at(i);
        QTableWidgetItem* items[ColumnCount] = {
            cell(kindText(r.kind)),
            cell(statusText(r.status)),
            cell(r.cardId),
            cell(dayText(r.notAfter),
                 tr("Valid from %1 until %2").arg(timeText(r.notBefore), timeText(r.notAfter))),
            cell(dayText(r.revokedAt), timeText(r.revokedAt)),
            cell(r.reason.isEmpty() ? QString() : reasonText(r.reason), r.reason),
            cell(r.serial),
        };
        QFont f = items[StatusColumn]->font();
        f.setBold(r.status == QStringLiteral("valid"));
        items[StatusColumn]->setFont(f);
        items[StatusColumn]->setForeground(
            r.status == QStringLiteral("valid")     ? QColor(0x1b, 0x5e, 0x20)
            : r.status == QStringLiteral("revoked") ? QColor(0xb0, 0x00, 0x20)
                                                    : QColor(0x75, 0x75, 0x75));
        for (int c = 0; c < ColumnCount; ++c) {
            if (r.status != QStringLiteral("valid") && c != StatusColumn) {
                items[c]->setForeground(QColor(0x60, 0x60, 0x60));
            }
            m_table->setItem(i, c, items[c]);
        }
        m_table->item(i, 0)->setData(Qt::UserRole, r.serial);
    }
    m_table->resizeColumnsToContents();
    m_widths.clear();
    for (int c = 0; c < ColumnCount; ++c) {
        m_widths << m_table->columnWidth(c) + 12;
    }
    fitColumns();
    if (!m_records.isEmpty()) {
        m_table->selectRow(0);
    }
}

void CertificatePage::fitColumns()
{
    if (m_widths.size() != ColumnCount) {
        return;
    }
    // Each column as wide as its contents; when the page is too narrow for all of them, the
    // serial number and then the reason give way (elided; their tooltips hold them whole).
    QList<int> widths = m_widths;
    int excess = 4 - m_table->viewport()->width(); // a few pixels to spare: no scroll bar
    for (int w : std::as_const(widths)) {
        excess += w;
    }
    for (int c : {int(SerialColumn), int(ReasonColumn)}) {
        const int give = std::min(excess, widths[c] - 100);
        if (give > 0) {
            widths[c] -= give;
            excess -= give;
        }
    }
    for (int c = 0; c < ColumnCount; ++c) {
        m_table->setColumnWidth(c, widths[c]);
    }
}

void CertificatePage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitColumns();
}

const pki::CertificateRecord* CertificatePage::selected() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_records.size() || m_table->selectedItems().isEmpty()) {
        return nullptr;
    }
    return &m_records.at(row);
}

void CertificatePage::updateState()
{
    const QString why = unavailableReason();
    m_note->setText(why);
    m_note->setVisible(!why.isEmpty());
    const bool may = why.isEmpty() && !m_busy;
    const bool someone = m_resident.id != 0;
    const pki::CertificateRecord* r = selected();
    const bool valid = r && r->status == QStringLiteral("valid");
    m_request->setEnabled(may && someone && !m_resident.isRemoved());
    m_renew->setEnabled(may && someone && !m_resident.isRemoved() && r);
    m_revoke->setEnabled(may && valid);
    bool anyValid = false;
    for (const pki::CertificateRecord& c : std::as_const(m_records)) {
        anyValid = anyValid || c.status == QStringLiteral("valid");
    }
    m_lost->setEnabled(may && someone && anyValid);
    m_refresh->setEnabled(may && someone);
    m_lookUp->setEnabled(!m_busy);
    for (QPushButton* b : {m_request, m_renew, m_revoke, m_lost, m_refresh}) {
        b->setToolTip(why);
    }
    if (why.isEmpty()) {
        m_request->setToolTip(tr("Issue a signing or user authentication certificate for the "
                                 "card's key (新規発行)."));
        m_renew->setToolTip(tr("Issue a new certificate of the selected kind: central revokes the "
                               "one it replaces (更新)."));
        m_revoke->setToolTip(tr("Revoke the selected certificate, with a reason (失効)."));
        m_lost->setToolTip(tr("The card was lost or stolen: revoke every certificate of the card "
                              "(紛失届)."));
        m_refresh->setToolTip(tr("Ask central again (%1)")
                                  .arg(m_refresh->shortcut().toString(QKeySequence::NativeText)));
    }
}

bool CertificatePage::askRequest(bool renewal, const pki::CertificateRecord* current)
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("certificateRequestDialog"));
    dialog.setWindowTitle(renewal ? tr("Renew an electronic certificate")
                                  : tr("New electronic certificate"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(ui::heading(dialog.windowTitle(), &dialog, 1.3));
    layout->addWidget(wrapped(tr("For %1 (resident code %2). The name, date of birth, sex and "
                                 "address written into a signing certificate are the register's; "
                                 "central checks them against its index of residents.")
                                  .arg(m_resident.fullName(), m_resident.residentCode),
                              &dialog));
    if (renewal) {
        layout->addWidget(wrapped(tr("The new certificate replaces the valid one of the same kind: "
                                     "central revokes it (reason: renewed)."),
                                  &dialog, "renewalNote"));
    }
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto* kind = new QComboBox(&dialog);
    kind->setObjectName(QStringLiteral("kindCombo"));
    kind->addItem(tr("Signing certificate (署名用)"), QStringLiteral("sign"));
    kind->addItem(tr("User authentication certificate (利用者証明用)"), QStringLiteral("auth"));
    if (current) {
        kind->setCurrentIndex(std::max(0, kind->findData(current->kind)));
    }
    form->addRow(tr("&Kind:"), kind);
    auto* card = new QLineEdit(&dialog);
    card->setObjectName(QStringLiteral("cardIdEdit"));
    card->setPlaceholderText(tr("the card's serial, as printed on the card"));
    if (current) {
        card->setText(current->cardId);
    }
    form->addRow(tr("&Card ID:"), card);
    auto* fileRow = new QHBoxLayout;
    auto* path = new QLineEdit(&dialog);
    path->setObjectName(QStringLiteral("csrPathEdit"));
    path->setPlaceholderText(tr("a PEM file: -----BEGIN CERTIFICATE REQUEST-----"));
    auto* browse = new QPushButton(tr("C&hoose…"), &dialog);
    browse->setObjectName(QStringLiteral("csrBrowseButton"));
    browse->setAutoDefault(false);
    connect(browse, &QPushButton::clicked, &dialog, [this, path, &dialog] {
        const QString chosen = chooseCsrFile ? chooseCsrFile(&dialog) : QString();
        if (!chosen.isEmpty()) {
            path->setText(chosen);
        }
    });
    fileRow->addWidget(path, 1);
    fileRow->addWidget(browse);
    form->addRow(tr("&Request (CSR):"), fileRow);
    layout->addLayout(form);
    layout->addWidget(wrapped(tr("The certificate signing request (CSR) is made by the card with "
                                 "the key it holds. Until cards are written at this counter, it "
                                 "is read from a file."),
                              &dialog, "csrNote"));
    auto* message = ui::messageLabel(&dialog);
    message->setTextFormat(Qt::PlainText);
    layout->addWidget(message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(renewal ? tr("&Renew") : tr("&Request"));
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    QByteArray csr;
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (card->text().trimmed().isEmpty()) {
            message->setText(tr("Type the ID of the card the key is on."));
            card->setFocus();
            return;
        }
        QFile f(path->text().trimmed());
        if (path->text().trimmed().isEmpty() || !f.open(QIODevice::ReadOnly)) {
            message->setText(path->text().trimmed().isEmpty()
                                 ? tr("Choose the file with the certificate signing request.")
                                 : tr("Cannot read %1: %2").arg(f.fileName(), f.errorString()));
            path->setFocus();
            return;
        }
        csr = f.read(1 << 20);
        if (!csr.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
            message->setText(
                tr("%1 holds no certificate signing request in PEM form.").arg(f.fileName()));
            path->setFocus();
            return;
        }
        dialog.accept();
    });
    layout->addWidget(buttons);
    dialog.resize(640, dialog.sizeHint().height());
    (current ? static_cast<QWidget*>(path) : static_cast<QWidget*>(kind))->setFocus();
    if (dialog.exec() != QDialog::Accepted) {
        return false;
    }
    const auto k = pki::jpki::kindFromId(kind->currentData().toString());
    const QString cardId = card->text().trimmed();
    const Resident resident = m_resident;
    const QString kindName = kindNoun(kind->currentData().toString());
    atCentral(tr("Asking central for a new %1…").arg(kindName),
              [k, cardId, resident, csr, kindName](pki::CertificateRequests& requests,
                                                   const Session& by) -> Result<QString> {
                  auto issued = requests.request(*k, resident, csr, cardId, by);
                  if (!issued) {
                      return issued.error();
                  }
                  QString text =
                      tr("Issued the %1 %2 on card %3, valid until %4.")
                          .arg(kindName, issued->serial, cardId, dayText(issued->notAfter));
                  if (issued->superseded > 0) {
                      text += u' ' + tr("%n earlier certificate(s) of this kind revoked "
                                        "(renewed).",
                                        nullptr, issued->superseded);
                  }
                  return text;
              });
    return true;
}

void CertificatePage::requestNew()
{
    if (!m_request->isEnabled()) {
        return;
    }
    askRequest(false, nullptr);
}

void CertificatePage::renewSelected()
{
    const pki::CertificateRecord* r = selected();
    if (!m_renew->isEnabled() || !r) {
        return;
    }
    const pki::CertificateRecord current = *r;
    askRequest(true, &current);
}

void CertificatePage::revokeSelected()
{
    const pki::CertificateRecord* selectedRecord = selected();
    if (!m_revoke->isEnabled() || !selectedRecord) {
        return;
    }
    const pki::CertificateRecord r = *selectedRecord;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("revokeDialog"));
    dialog.setWindowTitle(tr("Revoke an electronic certificate"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(ui::heading(dialog.windowTitle(), &dialog, 1.3));
    layout->addWidget(wrapped(tr("Revoke %1 of %2?\n\nA revoked certificate cannot be used "
                                 "again: relying parties see it in central's revocation list at "
                                 "once. The resident needs a new certificate to sign or sign in "
                                 "with the card.")
                                  .arg(describe(r), m_resident.fullName()),
                              &dialog, "revokeText"));
    auto* form = new QFormLayout;
    auto* reason = new QComboBox(&dialog);
    reason->setObjectName(QStringLiteral("reasonCombo"));
    for (auto k : {pki::jpki::Reason::KeyCompromise, pki::jpki::Reason::AffiliationChanged,
                   pki::jpki::Reason::CessationOfOperation, pki::jpki::Reason::Unspecified}) {
        reason->addItem(reasonText(pki::jpki::reasonId(k)), pki::jpki::reasonId(k));
    }
    reason->setCurrentIndex(-1);
    form->addRow(tr("&Reason:"), reason);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Yes | QDialogButtonBox::Cancel, &dialog);
    QPushButton* yes = buttons->button(QDialogButtonBox::Yes);
    yes->setObjectName(QStringLiteral("confirmButton"));
    yes->setText(tr("Re&voke"));
    yes->setEnabled(false); // until a reason is chosen
    yes->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(reason, &QComboBox::currentIndexChanged, yes,
            [yes](int i) { yes->setEnabled(i >= 0); });
    connect(yes, &QPushButton::clicked, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(680, dialog.sizeHint().height());
    reason->setFocus();
    if (dialog.exec() != QDialog::Accepted || reason->currentIndex() < 0) {
        return;
    }
    const auto why = pki::jpki::reasonFromId(reason->currentData().toString());
    const QString serial = r.serial;
    const QString what = describe(r);
    atCentral(
        tr("Revoking %1…").arg(what),
        [serial, why, what](pki::CertificateRequests& requests,
                            const Session& by) -> Result<QString> {
            auto n = requests.revoke({{QStringLiteral("serial"), serial}}, *why, by);
            if (!n) {
                return n.error();
            }
            return *n > 0 ? tr("Revoked %1.").arg(what)
                          : tr("Central had nothing to revoke: %1 was no longer valid.").arg(what);
        });
}

void CertificatePage::reportLostCard()
{
    if (!m_lost->isEnabled()) {
        return;
    }
    QStringList cards;
    if (const pki::CertificateRecord* r = selected()) {
        cards << r->cardId;
    }
    for (const pki::CertificateRecord& r : std::as_const(m_records)) {
        if (r.status == QStringLiteral("valid") && !cards.contains(r.cardId)) {
            cards << r.cardId;
        }
    }
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("lostCardDialog"));
    dialog.setWindowTitle(tr("Lost card (紛失届)"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(ui::heading(dialog.windowTitle(), &dialog, 1.3));
    layout->addWidget(wrapped(tr("Every certificate on the card is revoked at once, signing and "
                                 "user authentication (reason: %1). Report the card itself as "
                                 "lost at the card counter as well; a card found again needs "
                                 "new certificates.")
                                  .arg(reasonText(QStringLiteral("keyCompromise"))),
                              &dialog));
    auto* form = new QFormLayout;
    auto* card = new QComboBox(&dialog);
    card->setObjectName(QStringLiteral("lostCardCombo"));
    card->setEditable(true);
    card->setInsertPolicy(QComboBox::NoInsert);
    card->addItems(cards);
    form->addRow(tr("&Card ID:"), card);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Yes | QDialogButtonBox::Cancel, &dialog);
    QPushButton* yes = buttons->button(QDialogButtonBox::Yes);
    yes->setObjectName(QStringLiteral("confirmButton"));
    yes->setText(tr("Re&voke the card's certificates"));
    yes->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(yes, &QPushButton::clicked, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(560, dialog.sizeHint().height());
    card->setFocus();
    if (dialog.exec() != QDialog::Accepted || card->currentText().trimmed().isEmpty()) {
        return;
    }
    const QString cardId = card->currentText().trimmed();
    atCentral(
        tr("Revoking the certificates of card %1…").arg(cardId),
        [cardId](pki::CertificateRequests& requests, const Session& by) -> Result<QString> {
            auto n = requests.revoke({{QStringLiteral("card_id"), cardId}},
                                     pki::jpki::Reason::KeyCompromise, by);
            if (!n) {
                return n.error();
            }
            return tr("Card %1 reported lost: %n certificate(s) revoked.", nullptr, *n).arg(cardId);
        });
}

} // namespace madoguchi
