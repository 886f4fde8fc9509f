#include "ResidentDialog.h"

#include "CertificateDialog.h"
#include "CertificatePage.h"
#include "CorrectionDialog.h"
#include "MoveActions.h"
#include "MoveDialog.h"
#include "Ui.h"
#include "audit/AuditLog.h"
#include "ids/Identifiers.h"
#include "refdata/ReferenceData.h"
#include "registry/RegistryService.h"
#include "text/Wareki.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace madoguchi {

namespace {
QString dateText(const QDate& d)
{
    if (!d.isValid()) {
        return {};
    }
    const QString wareki = text::Wareki::format(d);
    return wareki.isEmpty() ? d.toString(Qt::ISODate) : wareki;
}

// 昭和50年3月1日 (1975-03-01)
QString bothDates(const QDate& d)
{
    if (!d.isValid()) {
        return {};
    }
    const QString wareki = text::Wareki::format(d);
    const QString iso = d.toString(Qt::ISODate);
    return wareki.isEmpty() ? iso : QStringLiteral("%1 (%2)").arg(wareki, iso);
}

QLabel* valueLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

QTableWidgetItem* cell(const QString& text, const QString& toolTip = {})
{
    auto* item = new QTableWidgetItem(text);
    if (!toolTip.isEmpty()) {
        item->setToolTip(toolTip);
    }
    return item;
}

QString jsonText(const QJsonValue& v)
{
    if (v.isDouble()) {
        return QString::number(v.toDouble(), 'g', 15);
    }
    if (v.isBool()) {
        return v.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    }
    return v.toString();
}
} // namespace

ResidentDialog::ResidentDialog(AppContext* context, RegistryService* registry, qint64 residentId,
                               QWidget* parent)
    : QDialog(parent), m_ctx(context), m_registry(registry), m_id(residentId)
{
    setObjectName(QStringLiteral("residentDialog"));
    setWindowTitle(tr("Resident"));
    auto* layout = new QVBoxLayout(this);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("dvBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setStyleSheet(
        QStringLiteral("background: #c62828; color: white; font-weight: bold; padding: 8px;"));
    m_banner->hide();
    layout->addWidget(m_banner);

    auto* header = new QFrame(this);
    header->setObjectName(QStringLiteral("residentHeader"));
    header->setFrameShape(QFrame::StyledPanel);
    m_header = header;
    auto* headerLayout = new QVBoxLayout(header);
    m_name = ui::heading(QString(), header, 2.0);
    m_name->setObjectName(QStringLiteral("residentName"));
    m_name->setTextFormat(Qt::PlainText);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    headerLayout->addWidget(m_name);
    m_kana = valueLabel(QString(), header);
    m_kana->setObjectName(QStringLiteral("residentKana"));
    headerLayout->addWidget(m_kana);
    m_details = new QWidget(header);
    headerLayout->addWidget(m_details);

    auto* myNumberRow = new QHBoxLayout;
    auto* myNumberCaption = new QLabel(tr("My Number:"), header);
    m_myNumber = valueLabel(QString(), header);
    m_myNumber->setObjectName(QStringLiteral("myNumberLabel"));
    m_reveal = new QPushButton(tr("Show full &number…"), header);
    m_reveal->setObjectName(QStringLiteral("showMyNumberButton"));
    m_reveal->setAutoDefault(false);
    connect(m_reveal, &QPushButton::clicked, this, &ResidentDialog::revealMyNumber);
    myNumberRow->addWidget(myNumberCaption);
    myNumberRow->addWidget(m_myNumber);
    myNumberRow->addWidget(m_reveal);
    myNumberRow->addStretch(1);
    headerLayout->addLayout(myNumberRow);
    // 異動入力 for the open resident; after a move the dialog shows the resident as saved.
    m_moves = new MoveActions(m_registry, ReferenceData(m_ctx->db), m_ctx->session,
                              MoveActions::Moves, header);
    connect(m_moves, &MoveActions::moved, this, [this](const Resident&, MoveKind kind) {
        if (Status st = load(); !st) {
            addMessage(st.errorMessage());
        }
        // Saved: what it means for the resident's electronic certificates, to tell them now.
        const QString notice = MoveDialog::certificateNotice(kind);
        if (!notice.isEmpty()) {
            m_notice->setText(tr("Saved. %1").arg(notice));
            m_notice->show();
        }
    });
    connect(m_moves, &MoveActions::registered, this, [this] {
        if (Status st = load(); !st) {
            addMessage(st.errorMessage());
        }
    });
    headerLayout->addWidget(m_moves);
    layout->addWidget(header);

    m_message = ui::messageLabel(this);
    m_message->hide(); // shown with the first message
    layout->addWidget(m_message);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("certificateNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setStyleSheet(
        QStringLiteral("background: #fff3cd; color: #5c4400; padding: 6px; border-radius: 3px;"));
    m_notice->hide();
    layout->addWidget(m_notice);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("residentTabs"));
    m_household = ui::readOnlyTable(QStringLiteral("householdTable"),
                                    {tr("Relationship"), tr("Name"), tr("Reading"),
                                     tr("Date of birth"), tr("Sex"), tr("Status")},
                                    m_tabs);
    m_tabs->addTab(m_household, tr("&Household"));
    m_history = ui::readOnlyTable(QStringLiteral("historyTable"),
                                  {tr("No."), tr("Move"), tr("Effective"), tr("Recorded"),
                                   tr("Operator"), tr("Changes"), tr("Reason"), tr("Correction")},
                                  m_tabs);
    m_history->setWordWrap(true);
    m_tabs->addTab(m_history, tr("Hi&story"));
    if (m_ctx->session.can(Permission::ViewAudit)) {
        m_audit = ui::readOnlyTable(
            QStringLiteral("auditTable"),
            {tr("Time"), tr("Operator"), tr("Terminal"), tr("Action"), tr("Purpose"), tr("Detail")},
            m_tabs);
        m_tabs->addTab(m_audit, tr("&Access log"));
    }
    layout->addWidget(m_tabs, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    //: opens the request for a copy of the resident record (住民票の写し)
    m_certificate = buttons->addButton(tr("Copy of the record…"), QDialogButtonBox::ActionRole);
    m_certificate->setObjectName(QStringLiteral("certificateButton"));
    m_certificate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_certificate->setAutoDefault(false);
    m_certificate->setEnabled(false); // until load()
    connect(m_certificate, &QPushButton::clicked, this, &ResidentDialog::requestCertificate);
    //: opens the resident's JPKI certificates (電子証明書)
    m_electronic =
        buttons->addButton(tr("&Electronic certificates…"), QDialogButtonBox::ActionRole);
    m_electronic->setObjectName(QStringLiteral("electronicCertificatesButton"));
    m_electronic->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_electronic->setAutoDefault(false);
    m_electronic->setEnabled(false); // until load()
    connect(m_electronic, &QPushButton::clicked, this, &ResidentDialog::openElectronicCertificates);
    m_correct = buttons->addButton(tr("Co&rrect the selected move…"), QDialogButtonBox::ActionRole);
    m_correct->setObjectName(QStringLiteral("correctButton"));
    m_correct->setAutoDefault(false);
    m_correct->setEnabled(false);
    connect(m_correct, &QPushButton::clicked, this, &ResidentDialog::correctSelectedMove);
    connect(m_history, &QTableWidget::currentCellChanged, this, [this](int row) {
        const auto* item = row >= 0 ? m_history->item(row, 0) : nullptr;
        bool correctable = false;
        if (item && m_ctx->session.can(Permission::EditResidents)) {
            for (const Move& m : std::as_const(m_moveList)) {
                if (m.id == item->data(Qt::UserRole).toLongLong()) {
                    correctable = m.correctedByMoveId == 0;
                }
            }
        }
        m_correct->setEnabled(correctable);
    });
    m_dv = buttons->addButton(tr("&DV support measure…"), QDialogButtonBox::ActionRole);
    m_dv->setObjectName(QStringLiteral("dvButton"));
    m_dv->setAutoDefault(false);
    m_dv->setVisible(m_ctx->session.can(Permission::ApproveCorrections));
    connect(m_dv, &QPushButton::clicked, this, &ResidentDialog::toggleDvSupport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(960, 680);
}

QString ResidentDialog::viewPurpose()
{
    //: purpose of a look at a resident, recorded in the access log (窓口での確認)
    return tr("checked at the counter");
}

Status ResidentDialog::load()
{
    auto r = m_registry->view(m_id, viewPurpose(), m_ctx->session);
    if (!r) {
        return r.error();
    }
    m_resident = *r;
    const bool mayIssue = m_ctx->session.can(Permission::RequestCertificates);
    m_certificate->setEnabled(mayIssue);
    m_certificate->setToolTip(
        mayIssue ? tr("Issue a copy of the record (%1)")
                       .arg(m_certificate->shortcut().toString(QKeySequence::NativeText))
                 : tr("Your role may not issue copies of the record."));
    const bool mayCertify = m_ctx->session.can(Permission::IssueCards);
    m_electronic->setEnabled(mayCertify);
    m_electronic->setToolTip(
        mayCertify ? tr("The resident's signing and user authentication certificates (%1)")
                         .arg(m_electronic->shortcut().toString(QKeySequence::NativeText))
                   : tr("Your role may not issue or revoke electronic certificates."));
    m_ctx->lastResidentCode = m_resident.residentCode;
    m_message->clear();
    m_message->hide();
    m_notice->clear();
    m_notice->hide();
    fillHeader();
    fillHousehold();
    fillHistory();
    fillAudit();
    m_tabs->setCurrentIndex(0);
    m_household->setFocus();
    return {};
}

void ResidentDialog::addMessage(const QString& message)
{
    m_message->setText(m_message->text().isEmpty() ? message : m_message->text() + u'\n' + message);
    m_message->show();
}

void ResidentDialog::fillHeader()
{
    const Resident& r = m_resident;
    setWindowTitle(tr("Resident: %1").arg(r.fullName()));
    m_name->setText(r.fullName());
    m_kana->setText(r.fullKana());

    if (r.dvSupport) {
        QString text = tr("DV support measure applies: do not issue copies of the record or "
                          "disclose the address to third parties.");
        if (!r.dvNote.isEmpty()) {
            text += u'\n' + tr("Note: %1").arg(r.dvNote);
        }
        m_banner->setText(text);
        m_banner->show();
    } else {
        m_banner->hide();
    }

    delete m_details->layout();
    const auto old = m_details->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly);
    qDeleteAll(old);
    auto* form = new QFormLayout(m_details);
    form->setContentsMargins(0, 0, 0, 0);
    auto row = [&](const QString& caption, const QString& value, const char* name) {
        auto* label = valueLabel(value, m_details);
        label->setObjectName(QString::fromLatin1(name));
        form->addRow(caption, label);
    };
    if (r.isForeign && !r.commonName.isEmpty()) {
        row(tr("Common name (通称)"),
            r.commonNameKana.isEmpty()
                ? r.commonName
                : QStringLiteral("%1 (%2)").arg(r.commonName, r.commonNameKana),
            "commonNameValue");
    }
    row(tr("Date of birth"), bothDates(r.birthDate), "birthDateValue");
    row(tr("Sex"), r.sex == QStringLiteral("male") ? tr("Male") : tr("Female"), "sexValue");
    QString address = r.addressDisplay;
    if (r.address.postalCode.size() == 7) {
        address = QStringLiteral("〒%1-%2 %3")
                      .arg(r.address.postalCode.left(3), r.address.postalCode.mid(3), address);
    }
    row(tr("Address"), address, "addressValue");
    row(tr("Household"),
        r.relationship.isEmpty() ? r.householdNo : tr("%1 (%2)").arg(r.householdNo, r.relationship),
        "householdValue");
    row(tr("Resident code"), r.residentCode, "residentCodeValue");
    row(tr("Status"),
        r.isRemoved() ? tr("Removed on %1: %2").arg(dateText(r.removedOn), r.removedReason)
                      : tr("Current, resident since %1").arg(dateText(r.becameResidentOn)),
        "statusValue");
    if (r.isForeign) {
        row(tr("Nationality"), r.nationality, "nationalityValue");
        row(tr("Status of residence (在留資格)"), r.residenceStatus, "residenceStatusValue");
        QString period = r.residencePeriod;
        if (r.residenceExpiry.isValid()) {
            const QString end = tr("ends %1").arg(bothDates(r.residenceExpiry));
            period = period.isEmpty() ? end : QStringLiteral("%1, %2").arg(period, end);
        }
        row(tr("Period of stay (在留期間)"), period, "residencePeriodValue");
        row(tr("Residence card number"), r.residenceCardNo, "residenceCardValue");
    }

    //: masked My Number; the digits are never shown here
    m_myNumber->setText(r.hasMyNumber ? QStringLiteral("**** **** ****") : tr("not registered"));
    const bool mayReveal = m_ctx->session.can(Permission::ViewFullMyNumber);
    m_reveal->setEnabled(mayReveal && r.hasMyNumber);
    m_reveal->setToolTip(mayReveal ? tr("Shows all twelve digits; the reason is recorded.")
                                   : tr("Your role may not see the full My Number."));
    m_moves->setResident(r);
}

void ResidentDialog::revealMyNumber()
{
    QInputDialog ask(this);
    ask.setObjectName(QStringLiteral("revealReasonDialog"));
    ask.setWindowTitle(tr("Show the full My Number"));
    ask.setLabelText(tr("Why is the full number needed? The reason is recorded in the access "
                        "log."));
    ask.setInputMode(QInputDialog::TextInput);
    if (ask.exec() != QDialog::Accepted) {
        return;
    }
    auto number = m_registry->revealMyNumber(m_id, ask.textValue(), m_ctx->session);
    if (!number) {
        addMessage(number.errorMessage());
        return;
    }
    m_myNumber->setText(ids::groupMyNumber(*number));
    m_reveal->setEnabled(false);
    fillAudit(); // the reveal is in the log now
}

void ResidentDialog::requestCertificate()
{
    if (m_resident.id == 0 || !m_ctx->session.can(Permission::RequestCertificates)) {
        return;
    }
    CertificateDialog dialog(m_ctx->db, m_registry, m_ctx->session, m_resident, this);
    dialog.exec();
    fillAudit(); // each copy issued is in the access log
}

void ResidentDialog::openElectronicCertificates()
{
    if (m_resident.id == 0 || !m_ctx->session.can(Permission::IssueCards)) {
        return;
    }
    CertificatePage::openFor(m_ctx, m_resident, this);
    fillAudit(); // requests and revocations are in the access log
}

void ResidentDialog::correctSelectedMove()
{
    const auto* item = m_history->currentItem();
    if (!item) {
        return;
    }
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    for (const Move& m : std::as_const(m_moveList)) {
        if (m.id == id) {
            CorrectionDialog dialog(m_registry, m_ctx->operators, m_ctx->session, m, this);
            if (dialog.exec() == QDialog::Accepted) {
                if (Status st = load(); !st) {
                    addMessage(st.errorMessage());
                }
            }
            return;
        }
    }
}

void ResidentDialog::toggleDvSupport()
{
    const bool on = !m_resident.dvSupport;
    bool ok = false;
    const QString note = QInputDialog::getText(
        this, tr("DV support measure"),
        on ? tr("Start the DV support measure (DV等支援措置) for %1. Note (date of the request, "
                "office):")
                 .arg(m_resident.fullName())
           : tr("End the DV support measure for %1. Note:").arg(m_resident.fullName()),
        QLineEdit::Normal, QString(), &ok);
    if (!ok) {
        return;
    }
    if (Status st = m_registry->setDvSupport(m_resident.id, on, note, m_ctx->session); !st) {
        addMessage(st.errorMessage());
        return;
    }
    if (Status st = load(); !st) {
        addMessage(st.errorMessage());
    }
}

void ResidentDialog::fillHousehold()
{
    m_household->setRowCount(0);
    auto members = m_registry->householdMembers(m_resident.householdId, m_ctx->session);
    if (!members) {
        addMessage(members.errorMessage());
        return;
    }
    m_household->setRowCount(int(members->size()));
    for (int i = 0; i < members->size(); ++i) {
        const Resident& m = members->at(i);
        const QStringList values = {
            m.relationship,
            m.fullName(),
            m.fullKana(),
            dateText(m.birthDate),
            m.sex == QStringLiteral("male") ? tr("Male") : tr("Female"),
            m.isRemoved() ? tr("Removed on %1: %2").arg(dateText(m.removedOn), m.removedReason)
                          : tr("Current")};
        for (int c = 0; c < values.size(); ++c) {
            auto* item = cell(values.at(c), c == 3 ? m.birthDate.toString(Qt::ISODate) : QString());
            item->setData(Qt::UserRole, m.id);
            if (m.id == m_resident.id) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            if (m.isRemoved()) {
                item->setForeground(QColor(0x75, 0x75, 0x75));
            }
            m_household->setItem(i, c, item);
        }
    }
    m_household->resizeColumnsToContents();
}

QString ResidentDialog::fieldName(const QString& column)
{
    static const QHash<QString, const char*> names = {
        {QStringLiteral("family_name"), QT_TR_NOOP("family name")},
        {QStringLiteral("given_name"), QT_TR_NOOP("given name")},
        {QStringLiteral("family_kana"), QT_TR_NOOP("family name reading")},
        {QStringLiteral("given_kana"), QT_TR_NOOP("given name reading")},
        {QStringLiteral("alpha_name"), QT_TR_NOOP("name in the alphabet")},
        {QStringLiteral("common_name"), QT_TR_NOOP("common name")},
        {QStringLiteral("common_name_kana"), QT_TR_NOOP("common name reading")},
        {QStringLiteral("is_foreign"), QT_TR_NOOP("foreign resident")},
        {QStringLiteral("nationality"), QT_TR_NOOP("nationality")},
        {QStringLiteral("residence_status"), QT_TR_NOOP("status of residence")},
        {QStringLiteral("residence_period"), QT_TR_NOOP("period of stay")},
        {QStringLiteral("residence_expiry"), QT_TR_NOOP("end of the period of stay")},
        {QStringLiteral("residence_card_no"), QT_TR_NOOP("residence card number")},
        {QStringLiteral("birth_date"), QT_TR_NOOP("date of birth")},
        {QStringLiteral("sex"), QT_TR_NOOP("sex")},
        {QStringLiteral("lg_code"), QT_TR_NOOP("local-government code")},
        {QStringLiteral("postal_code"), QT_TR_NOOP("postal code")},
        {QStringLiteral("town"), QT_TR_NOOP("town")},
        {QStringLiteral("banchi"), QT_TR_NOOP("block number")},
        {QStringLiteral("building"), QT_TR_NOOP("building")},
        {QStringLiteral("became_resident_on"), QT_TR_NOOP("resident since")},
        {QStringLiteral("status"), QT_TR_NOOP("status")},
        {QStringLiteral("removed_on"), QT_TR_NOOP("removed on")},
        {QStringLiteral("removed_reason"), QT_TR_NOOP("reason for removal")},
        {QStringLiteral("honseki"), QT_TR_NOOP("registered domicile")},
        {QStringLiteral("hittousha"), QT_TR_NOOP("head of the family register")},
        {QStringLiteral("notes"), QT_TR_NOOP("notes")},
        {QStringLiteral("household_id"), QT_TR_NOOP("household")},
        {QStringLiteral("relationship"), QT_TR_NOOP("relationship")},
        {QStringLiteral("resident_code"), QT_TR_NOOP("resident code")},
    };
    const char* source = names.value(column);
    return source ? tr(source) : column;
}

void ResidentDialog::sortFields(QStringList& columns)
{
    static const QStringList order = {QStringLiteral("resident_code"),
                                      QStringLiteral("family_name"),
                                      QStringLiteral("given_name"),
                                      QStringLiteral("family_kana"),
                                      QStringLiteral("given_kana"),
                                      QStringLiteral("alpha_name"),
                                      QStringLiteral("common_name"),
                                      QStringLiteral("common_name_kana"),
                                      QStringLiteral("birth_date"),
                                      QStringLiteral("sex"),
                                      QStringLiteral("relationship"),
                                      QStringLiteral("household_id"),
                                      QStringLiteral("postal_code"),
                                      QStringLiteral("lg_code"),
                                      QStringLiteral("town"),
                                      QStringLiteral("banchi"),
                                      QStringLiteral("building"),
                                      QStringLiteral("status"),
                                      QStringLiteral("removed_on"),
                                      QStringLiteral("removed_reason"),
                                      QStringLiteral("is_foreign"),
                                      QStringLiteral("nationality"),
                                      QStringLiteral("residence_status"),
                                      QStringLiteral("residence_period"),
                                      QStringLiteral("residence_expiry"),
                                      QStringLiteral("residence_card_no"),
                                      QStringLiteral("became_resident_on"),
                                      QStringLiteral("honseki"),
                                      QStringLiteral("hittousha"),
                                      QStringLiteral("notes")};
    std::sort(columns.begin(), columns.end(), [](const QString& a, const QString& b) {
        const qsizetype ia = order.indexOf(a), ib = order.indexOf(b);
        if (ia != ib) {
            return (ia < 0 ? order.size() : ia) < (ib < 0 ? order.size() : ib);
        }
        return a < b;
    });
}

// "field: before → after", one line per changed column. A move that enters the register
// recorded every column: `summary` keeps the ones a clerk recognises the entry by.
QString ResidentDialog::changesText(const Move& m, bool summary) const
{
    static const QSet<QString> entryFields = {
        QStringLiteral("resident_code"), QStringLiteral("family_name"),
        QStringLiteral("given_name"),    QStringLiteral("family_kana"),
        QStringLiteral("given_kana"),    QStringLiteral("alpha_name"),
        QStringLiteral("birth_date"),    QStringLiteral("relationship"),
        QStringLiteral("town"),          QStringLiteral("banchi"),
        QStringLiteral("building")};
    QStringList keys = m.after.keys();
    for (const QString& k : m.before.keys()) {
        if (!keys.contains(k)) {
            keys << k;
        }
    }
    sortFields(keys);
    const bool entry = m.before.isEmpty();
    QStringList lines;
    for (const QString& k : std::as_const(keys)) {
        const QString before = jsonText(m.before.value(k));
        const QString after = jsonText(m.after.value(k));
        if (entry) {
            if (after.isEmpty() || (summary && !entryFields.contains(k))) {
                continue;
            }
            lines << QStringLiteral("%1: %2").arg(fieldName(k), after);
        } else {
            //: one changed field of a move: "field: before → after"
            lines << tr("%1: %2 → %3")
                         .arg(fieldName(k), before.isEmpty() ? QStringLiteral("—") : before,
                              after.isEmpty() ? QStringLiteral("—") : after);
        }
    }
    return lines.join(u'\n');
}

void ResidentDialog::fillHistory()
{
    m_history->setRowCount(0);
    auto moves = m_registry->history(m_id, m_ctx->session);
    if (!moves) {
        addMessage(moves.errorMessage());
        return;
    }
    m_moveList = *moves;
    m_history->setRowCount(int(moves->size()));
    for (int i = 0; i < moves->size(); ++i) {
        const Move& m = moves->at(i);
        QStringList correction;
        if (m.correctsMoveId != 0) {
            correction
                << tr("corrects #%1, approved by %2").arg(m.correctsMoveId).arg(m.approvedBy);
        }
        if (m.correctedByMoveId != 0) {
            correction << tr("corrected by #%1").arg(m.correctedByMoveId);
        }
        const QString recorded =
            m.recordedAt.isValid()
                ? m.recordedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                : QString();
        const QList<QTableWidgetItem*> items = {
            cell(QStringLiteral("#%1").arg(m.id)),
            cell(moves::displayName(m.kind)),
            cell(dateText(m.effectiveDate), m.effectiveDate.toString(Qt::ISODate)),
            cell(recorded),
            cell(m.operatorLogin),
            cell(changesText(m, true), changesText(m, false)),
            cell(m.reason),
            cell(correction.join(u'\n'))};
        for (int c = 0; c < items.size(); ++c) {
            items.at(c)->setData(Qt::UserRole, m.id);
            if (m.correctedByMoveId != 0) {
                // Replaced by a correction: kept, but drawn as no longer in force.
                QFont f = items.at(c)->font();
                f.setStrikeOut(c == 5);
                f.setItalic(true);
                items.at(c)->setFont(f);
                items.at(c)->setForeground(QColor(0x75, 0x75, 0x75));
            }
            m_history->setItem(i, c, items.at(c));
        }
    }
    m_history->resizeColumnsToContents();
    m_history->resizeRowsToContents();
}

void ResidentDialog::fillAudit()
{
    if (!m_audit) {
        return;
    }
    m_audit->setRowCount(0);
    // Through browse(): the core checks the permission and logs the look at the log.
    auto entries = AuditLog(m_ctx->db).browse(AuditFilter::of(QString(), m_id), m_ctx->session);
    if (!entries) {
        addMessage(entries.errorMessage());
        return;
    }
    m_audit->setRowCount(int(entries->size()));
    for (int i = 0; i < entries->size(); ++i) {
        const AuditEntry& e = entries->at(i); // newest first
        const QStringList values = {
            e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
            e.operatorLogin,
            e.terminal,
            e.action,
            e.purpose,
            e.detail};
        for (int c = 0; c < values.size(); ++c) {
            m_audit->setItem(i, c, cell(values.at(c)));
        }
    }
    m_audit->resizeColumnsToContents();
}

} // namespace madoguchi
