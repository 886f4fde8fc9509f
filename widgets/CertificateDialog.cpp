#include "CertificateDialog.h"

#include "PdfPreview.h"
#include "Ui.h"
#include "registry/RegistryService.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QUuid>
#include <QVBoxLayout>

#include <iterator>

namespace madoguchi {

namespace {
const QString kDvBlocked = QStringLiteral("certificate.dv_blocked");

QCheckBox* checkBox(const QString& text, const char* name, QWidget* parent)
{
    auto* box = new QCheckBox(text, parent);
    box->setObjectName(QString::fromLatin1(name));
    return box;
}

// Offers an option only where the rules allow it; a refused option is unticked, not hidden, so
// the clerk sees that it exists and why it cannot be chosen.
void allow(QCheckBox* box, bool allowed, const QString& whyNot)
{
    if (!allowed) {
        box->setChecked(false);
    }
    box->setEnabled(allowed);
    box->setToolTip(allowed ? QString() : whyNot);
}
} // namespace

CertificateDialog::CertificateDialog(Database db, RegistryService* registry, const Session& session,
                                     const Resident& subject, QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_registry(registry), m_session(session),
      m_subject(subject)
{
    setObjectName(QStringLiteral("certificateDialog"));
    //: window title; %1 is the resident's name (住民票の写し)
    setWindowTitle(tr("Copy of the resident record: %1").arg(subject.fullName()));
    auto* layout = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    layout->addLayout(columns, 1);

    auto* left = new QWidget(this);
    left->setObjectName(QStringLiteral("certificateForm"));
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* name = ui::heading(subject.fullName(), left, 1.6);
    name->setObjectName(QStringLiteral("subjectName"));
    name->setTextFormat(Qt::PlainText);
    leftLayout->addWidget(name);
    auto* details = new QLabel(left);
    details->setObjectName(QStringLiteral("subjectDetails"));
    details->setTextFormat(Qt::PlainText);
    details->setWordWrap(true);
    QStringList lines = {subject.fullKana(), subject.addressDisplay};
    if (subject.isRemoved()) {
        lines << tr("Removed from the register: the copy is of the removed record (除票の写し).");
    }
    lines.removeAll(QString());
    details->setText(lines.join(u'\n'));
    leftLayout->addWidget(details);

    m_dvWarning = new QLabel(left);
    m_dvWarning->setObjectName(QStringLiteral("dvWarning"));
    m_dvWarning->setWordWrap(true);
    m_dvWarning->setTextFormat(Qt::PlainText);
    m_dvWarning->setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold;"));
    m_dvWarning->setText(
        tr("%1 is under the DV support measure (DV等支援措置): copies are issued only to the "
           "person and their household, never to proxies, third parties or official requests.")
            .arg(subject.fullName()));
    m_dvWarning->setVisible(subject.dvSupport);
    leftLayout->addWidget(m_dvWarning);

    m_form = new QFormLayout;
    m_requester = new QComboBox(left);
    m_requester->setObjectName(QStringLiteral("requesterCombo"));
    for (RequesterType t : {RequesterType::Self, RequesterType::Household, RequesterType::Proxy,
                            RequesterType::ThirdParty, RequesterType::Official}) {
        m_requester->addItem(requesters::displayName(t), int(t));
    }
    m_form->addRow(tr("Re&quester:"), m_requester);

    m_requesterName = new QLineEdit(left);
    m_requesterName->setObjectName(QStringLiteral("requesterNameEdit"));
    m_form->addRow(tr("Requester's &name:"), m_requesterName);

    m_idDocument = new QComboBox(left);
    m_idDocument->setObjectName(QStringLiteral("idDocumentCombo"));
    m_idDocument->setEditable(true);
    m_idDocument->setInsertPolicy(QComboBox::NoInsert);
    // Kinds of documents, as they are called (data, not UI text).
    m_idDocument->addItems({QStringLiteral("運転免許証"), QStringLiteral("マイナンバーカード"),
                            QStringLiteral("パスポート"), QStringLiteral("在留カード"),
                            QStringLiteral("特別永住者証明書"), QStringLiteral("健康保険証"),
                            QStringLiteral("身体障害者手帳")});
    m_idDocument->setCurrentIndex(-1);
    m_idDocument->lineEdit()->setPlaceholderText(tr("Choose or type the document checked"));
    m_form->addRow(tr("Identity &document:"), m_idDocument);

    m_purpose = new QLineEdit(left);
    m_purpose->setObjectName(QStringLiteral("purposeEdit"));
    m_form->addRow(tr("P&urpose:"), m_purpose);

    m_powerOfAttorney =
        checkBox(tr("Power of &attorney (委任状) presented"), "powerOfAttorneyCheck", left);
    m_form->addRow(QString(), m_powerOfAttorney);

    m_reason = new QLineEdit(left);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reasonCaption = new QLabel(left);
    m_reasonCaption->setBuddy(m_reason);
    m_form->addRow(m_reasonCaption, m_reason);

    m_household = checkBox(tr("The whole &household"), "householdCheck", left);
    if (subject.isRemoved()) {
        m_household->setEnabled(false);
        m_household->setToolTip(tr("A removed record is copied for the person alone."));
    }
    m_form->addRow(tr("Scope:"), m_household);

    auto* options = new QWidget(left);
    auto* optionsLayout = new QVBoxLayout(options);
    optionsLayout->setContentsMargins(0, 0, 0, 0);
    m_withHonseki = checkBox(tr("Registered d&omicile and its head (本籍・筆頭者)"),
                             "withHonsekiCheck", options);
    m_withRelationship =
        checkBox(tr("Re&lationship to the head (続柄)"), "withRelationshipCheck", options);
    m_withMyNumber = checkBox(tr("&My Number (個人番号)"), "withMyNumberCheck", options);
    m_withResidentCode =
        checkBox(tr("Resident &code (住民票コード)"), "withResidentCodeCheck", options);
    for (QCheckBox* box : {m_withHonseki, m_withRelationship, m_withMyNumber, m_withResidentCode}) {
        optionsLayout->addWidget(box);
    }
    m_form->addRow(tr("Print also:"), options);

    m_fee = new QSpinBox(left);
    m_fee->setObjectName(QStringLiteral("feeSpin"));
    m_fee->setRange(0, 99999);
    m_fee->setSingleStep(50);
    m_fee->setValue(300);
    //: suffix of the fee, e.g. "300 yen" (円)
    m_fee->setSuffix(tr(" yen"));
    m_form->addRow(tr("&Fee:"), m_fee);

    m_receipt = new QLineEdit(left);
    m_receipt->setObjectName(QStringLiteral("receiptEdit"));
    m_form->addRow(tr("Receip&t number:"), m_receipt);
    leftLayout->addLayout(m_form);

    m_message = ui::messageLabel(left);
    m_message->setTextFormat(Qt::PlainText);
    leftLayout->addWidget(m_message);
    m_result = new QLabel(left);
    m_result->setObjectName(QStringLiteral("issuedLabel"));
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    leftLayout->addWidget(m_result);
    leftLayout->addStretch(1);
    columns->addWidget(left, 0);

    m_preview = new PdfPreview(this);
    m_preview->setMinimumWidth(440);
    columns->addWidget(m_preview, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_issue = buttons->addButton(tr("&Issue"), QDialogButtonBox::ActionRole);
    m_issue->setObjectName(QStringLiteral("issueButton"));
    m_issue->setDefault(true);
    connect(m_issue, &QPushButton::clicked, this, &CertificateDialog::issue);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    // Keyboard order: the form top to bottom, Issue, then the preview's Print… and Close.
    QWidget* order[] = {m_requester,        m_requesterName, m_idDocument,       m_purpose,
                        m_powerOfAttorney,  m_reason,        m_household,        m_withHonseki,
                        m_withRelationship, m_withMyNumber,  m_withResidentCode, m_fee,
                        m_receipt,          m_issue,         m_preview};
    for (size_t i = 1; i < std::size(order); ++i) {
        setTabOrder(order[i - 1], order[i]);
    }

    connect(m_requester, &QComboBox::currentIndexChanged, this,
            &CertificateDialog::updateRequesterRules);
    connect(m_requesterName, &QLineEdit::textEdited, this, [this] { m_nameFilledIn = false; });
    connect(m_preview, &PdfPreview::rendered, this, [this] {
        if (auto* print = m_preview->findChild<QPushButton*>(QStringLiteral("printButton"));
            print && m_justIssued) {
            print->setFocus(); // just issued: Enter prints
        }
    });
    // After a copy is issued, Enter no longer issues another one until the form changes.
    for (QLineEdit* edit : {m_requesterName, m_purpose, m_reason, m_receipt}) {
        connect(edit, &QLineEdit::textChanged, this, &CertificateDialog::formChanged);
    }
    connect(m_idDocument, &QComboBox::currentTextChanged, this, &CertificateDialog::formChanged);
    connect(m_requester, &QComboBox::currentIndexChanged, this, &CertificateDialog::formChanged);
    connect(m_fee, &QSpinBox::valueChanged, this, &CertificateDialog::formChanged);
    for (QCheckBox* box : {m_powerOfAttorney, m_household, m_withHonseki, m_withRelationship,
                           m_withMyNumber, m_withResidentCode}) {
        connect(box, &QCheckBox::toggled, this, &CertificateDialog::formChanged);
    }

    updateRequesterRules();
    m_requester->setFocus();
    resize(1120, 760);
}

QString CertificateDialog::certificateFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("certificates"));
}

RequesterType CertificateDialog::requesterType() const
{
    return RequesterType(m_requester->currentData().toInt());
}

void CertificateDialog::updateRequesterRules()
{
    const RequesterType t = requesterType();
    const bool own = t == RequesterType::Self || t == RequesterType::Household;
    const bool needsReason = t == RequesterType::ThirdParty || t == RequesterType::Official;

    // 本人: the requester is the subject; filled in, and taken out again for anyone else, unless
    // the clerk has typed over it.
    if (t == RequesterType::Self && m_requesterName->text().isEmpty()) {
        m_requesterName->setText(m_subject.fullName());
        m_nameFilledIn = true;
    } else if (t != RequesterType::Self && m_nameFilledIn) {
        m_requesterName->clear();
        m_nameFilledIn = false;
    }

    m_form->setRowVisible(m_powerOfAttorney, t == RequesterType::Proxy);
    m_reasonCaption->setText(t == RequesterType::Official ? tr("Legal g&rounds (職務上の根拠):")
                                                          : tr("Legitimate &reason (正当な理由):"));
    m_form->setRowVisible(m_reason, needsReason);

    allow(m_withMyNumber, own && m_session.can(Permission::ViewFullMyNumber),
          own ? tr("Your role may not print the My Number.")
              : tr("The My Number is printed only for the person or their household."));
    allow(m_withResidentCode, own,
          tr("The resident code is printed only for the person or their household."));
}

void CertificateDialog::formChanged()
{
    if (m_justIssued) {
        m_justIssued = false;
        m_issue->setText(tr("&Issue"));
        m_issue->setDefault(true);
    }
}

CertificateRequest CertificateDialog::request() const
{
    const RequesterType t = requesterType();
    CertificateRequest r;
    r.residentId = m_subject.id;
    r.wholeHousehold = m_household->isEnabled() && m_household->isChecked();
    r.requester = t;
    r.requesterName = m_requesterName->text().trimmed();
    r.idDocument = m_idDocument->currentText().trimmed();
    r.purpose = m_purpose->text().trimmed();
    r.powerOfAttorney = t == RequesterType::Proxy && m_powerOfAttorney->isChecked();
    if (t == RequesterType::ThirdParty || t == RequesterType::Official) {
        r.legitimateReason = m_reason->text().trimmed();
    }
    r.withHonseki = m_withHonseki->isChecked();
    r.withRelationship = m_withRelationship->isChecked();
    r.withMyNumber = m_withMyNumber->isEnabled() && m_withMyNumber->isChecked();
    r.withResidentCode = m_withResidentCode->isEnabled() && m_withResidentCode->isChecked();
    r.fee = m_fee->value();
    r.receiptNo = m_receipt->text().trimmed();
    return r;
}

void CertificateDialog::showError(const QString& message)
{
    m_message->setText(message);
    m_result->clear();
}

void CertificateDialog::issue()
{
    m_message->clear();
    const QString folder = certificateFolder();
    if (!QDir().mkpath(folder)) {
        showError(tr("The folder %1 cannot be created.").arg(QDir::toNativeSeparators(folder)));
        return;
    }
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Named before the number is known; the number is in the file and in the audit log.
    const QString path = QDir(folder).filePath(QUuid::createUuid().toString(QUuid::WithoutBraces) +
                                               QStringLiteral(".pdf"));
    CertificateService certificates(m_db, m_registry);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto issued = certificates.issue(request(), path, m_session);
    QApplication::restoreOverrideCursor();
    if (!issued) {
        QFile::remove(path); // nothing half-written stays behind
        showError(issued.errorMessage());
        if (issued.error().code == kDvBlocked && !m_dvWarning->isVisible()) {
            // A member of the household is under the measure; the message names them.
            m_dvWarning->setText(tr("The household includes a person under the DV support "
                                    "measure (DV等支援措置): copies of the household are issued "
                                    "only to the person and their household."));
            m_dvWarning->show();
        }
        return;
    }
    QFile::setPermissions(issued->pdfPath, QFile::ReadOwner | QFile::WriteOwner);
    m_issued = *issued;
    //: %1 issuance number (第2026-000001号), %2 title (住民票の写し)
    m_result->setText(tr("Issued %1: %2, %n person(s).", nullptr, issued->persons)
                          .arg(issued->issuanceNumber, issued->title));
    m_justIssued = true;
    m_issue->setDefault(false);
    m_issue->setText(tr("&Issue another copy"));
    m_preview->setFile(issued->pdfPath);
}

} // namespace madoguchi
