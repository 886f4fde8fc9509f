#pragma once
// 電子証明書: a resident's JPKI certificates as central holds them — kind (署名用 / 利用者証明用),
// status (有効 / 失効 / 期限切れ), card, validity, and when and why a certificate was revoked —
// with the counter's actions: a new certificate (新規発行) and its renewal (更新: central
// supersedes the one it replaces), revocation (失効) with a reason, and a lost card (紛失届:
// every certificate of the card, key compromise). The resident is looked up by resident code;
// the page starts with the resident last selected in the search or opened in this window, and
// the resident dialog opens the page for its resident (openFor). Every call to central runs on a
// pool thread with its own database connection. The actions need the permission to issue cards
// (card issuers, supervisors) and a workstation enrolled with a central; the page says which is
// missing.

#include "AppContext.h"
#include "pki/CertificateRequests.h"
#include "registry/Resident.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace madoguchi {

class RegistryService;

class CertificatePage : public QWidget
{
    Q_OBJECT
public:
    explicit CertificatePage(AppContext* context, QWidget* parent = nullptr);
    ~CertificatePage() override;

    // The page in a dialog of its own, for `resident` (already looked at by the caller).
    static void openFor(AppContext* context, const Resident& resident, QWidget* parent);

    // How the request dialog picks the CSR file: a file dialog, unless a test sets its own.
    std::function<QString(QWidget* parent)> chooseCsrFile;

    const Resident& resident() const { return m_resident; }
    const QList<pki::CertificateRecord>& certificates() const { return m_records; }
    // A call to central is under way.
    bool busy() const { return m_busy; }
    // What the actions need that is missing (empty: nothing): permission, enrollment.
    QString unavailableReason() const;

    static QString kindText(const QString& kindId); // for the table: "Signing"
    static QString kindNoun(const QString& kindId); // in a sentence: "signing certificate"
    static QString statusText(const QString& status);
    static QString reasonText(const QString& reasonId);

public slots:
    // The resident of the code typed in the field (a look, audited), and their certificates.
    void lookUp();
    // A resident the caller has already looked at.
    void showResident(const Resident& resident);
    // The certificates as central holds them now.
    void refresh();
    // The actions; each asks first (request dialog, reason and confirmation).
    void requestNew();
    void renewSelected();
    void revokeSelected();
    void reportLostCard();

signals:
    // A call to central has ended (the table and the message show the outcome).
    void finished(bool ok);

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Outcome
    {
        QString message;
        bool listed = false;
        QList<pki::CertificateRecord> records;
        QString listError;
    };
    using Work = std::function<Result<QString>(pki::CertificateRequests&, const Session&)>;
    // Runs `work` (may be empty: just the list) and then lists the resident's certificates.
    void atCentral(const QString& doing, Work work);
    void done(const Result<Outcome>& outcome);
    void fillTable();
    void fitColumns();
    void updateState();
    void showError(const QString& message);
    void showInfo(const QString& message);
    // The request dialog; false when cancelled.
    bool askRequest(bool renewal, const pki::CertificateRecord* current);
    const pki::CertificateRecord* selected() const;
    QString explain(const Error& e) const;

    AppContext* m_ctx;
    std::unique_ptr<RegistryService> m_registry;
    std::optional<sync::Enrollment> m_enrollment;
    Resident m_resident;
    QList<pki::CertificateRecord> m_records;
    QList<int> m_widths; // of the columns, as wide as their contents
    bool m_busy = false;
    bool m_listed = false;
    QString m_shownFor; // the resident code of the last opened resident, taken over on show
    QLabel* m_note;
    QLineEdit* m_code;
    QPushButton* m_lookUp;
    QLabel* m_residentLabel;
    QLabel* m_status;
    QLabel* m_message;
    QTableWidget* m_table;
    QPushButton* m_request;
    QPushButton* m_renew;
    QPushButton* m_revoke;
    QPushButton* m_lost;
    QPushButton* m_refresh;
};

} // namespace madoguchi
