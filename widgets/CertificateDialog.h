#pragma once
// 住民票の写し (or 除票の写し) for the resident open at the counter: who asks and with which
// identity document, the purpose, a power of attorney for a proxy, the legitimate reason of a
// third party or an official request, this person or the whole household, the optional items
// (本籍・筆頭者, 続柄, 個人番号, 住民票コード — each offered only where the rules allow it), the
// fee and its receipt number. Issue asks CertificateService for the copy; a refusal is shown in red
// and nothing typed is lost; an issued copy is shown in the preview, ready to print. A subject
// under the DV support measure is marked in red. Enter issues, Esc closes.

#include "auth/Session.h"
#include "documents/CertificateService.h"
#include "registry/Resident.h"
#include "storage/Database.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace madoguchi {

class PdfPreview;
class RegistryService;

class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    CertificateDialog(Database db, RegistryService* registry, const Session& session,
                      const Resident& subject, QWidget* parent = nullptr);

    // The request as the form stands (hidden fields are not part of it).
    CertificateRequest request() const;
    // The last copy issued from this dialog (empty issuanceNumber if none).
    const IssuedCertificate& issued() const { return m_issued; }
    PdfPreview* preview() const { return m_preview; }
    // Where the copies are written: <AppDataLocation>/certificates.
    static QString certificateFolder();

public slots:
    // Issues the copy and shows it; a refusal goes to the message label.
    void issue();

private:
    RequesterType requesterType() const;
    void updateRequesterRules();
    void formChanged();
    void showError(const QString& message);

    Database m_db;
    RegistryService* m_registry;
    Session m_session;
    Resident m_subject;
    IssuedCertificate m_issued;
    bool m_nameFilledIn = false; // the requester's name is the subject's, filled in for 本人
    bool m_justIssued = false;   // Enter does not issue again until the form changes

    QFormLayout* m_form;
    QLabel* m_dvWarning;
    QComboBox* m_requester;
    QLineEdit* m_requesterName;
    QComboBox* m_idDocument;
    QLineEdit* m_purpose;
    QCheckBox* m_powerOfAttorney;
    QLabel* m_reasonCaption;
    QLineEdit* m_reason;
    QCheckBox* m_household;
    QCheckBox* m_withHonseki;
    QCheckBox* m_withRelationship;
    QCheckBox* m_withMyNumber;
    QCheckBox* m_withResidentCode;
    QSpinBox* m_fee;
    QLineEdit* m_receipt;
    QLabel* m_message;
    QLabel* m_result;
    QPushButton* m_issue;
    PdfPreview* m_preview;
};

} // namespace madoguchi
