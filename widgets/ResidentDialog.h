#pragma once
// One resident, opened from the search: the header (name as registered, reading, 和暦 date of
// birth, sex, address, resident code, state; the residence details of a foreign resident), a red
// banner under a DV support measure, the My Number masked (the full number only for roles that
// may see it, with a reason that is logged), and tabs for the household, the history of moves
// and — for roles that may read it — the access log. Opening it is a look at the resident and is
// logged with its purpose. Esc closes.

#include "AppContext.h"
#include "registry/Resident.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace madoguchi {

class MoveActions;
class RegistryService;

class ResidentDialog : public QDialog
{
    Q_OBJECT
public:
    ResidentDialog(AppContext* context, RegistryService* registry, qint64 residentId,
                   QWidget* parent = nullptr);

    // Looks at the resident (audited, purpose "checked at the counter") and fills the dialog.
    // An error means there is nothing to show: the caller shows the message instead.
    Status load();
    const Resident& resident() const { return m_resident; }
    static QString viewPurpose();
    // A register column as the clerk knows it ("banchi" → 番地), and columns in the order the
    // register shows them (names, dates, address, status, residence details).
    static QString fieldName(const QString& column);
    static void sortFields(QStringList& columns);

public slots:
    void revealMyNumber();
    // 住民票の写し for this resident (CertificateDialog); the access log is refreshed after.
    void requestCertificate();
    // 電子証明書: the resident's JPKI certificates (CertificatePage in a dialog).
    void openElectronicCertificates();
    // 職権修正 of the move selected in the history, approved by a supervisor.
    void correctSelectedMove();
    // DV等支援措置 on or off (supervisors).
    void toggleDvSupport();

private:
    void fillHeader();
    void fillHousehold();
    void fillHistory();
    void fillAudit();
    void addMessage(const QString& message);
    QString changesText(const Move& m, bool summary) const;

    AppContext* m_ctx;
    RegistryService* m_registry;
    qint64 m_id;
    Resident m_resident;
    QLabel* m_banner;
    QWidget* m_header;
    QLabel* m_name;
    QLabel* m_kana;
    QWidget* m_details;
    QLabel* m_myNumber;
    QPushButton* m_reveal;
    QLabel* m_message;
    QLabel* m_notice; // what a move just saved means for the resident (certificates)
    QTabWidget* m_tabs;
    QTableWidget* m_household;
    QTableWidget* m_history;
    QTableWidget* m_audit = nullptr;
    QPushButton* m_certificate = nullptr;
    QPushButton* m_electronic = nullptr;
    QPushButton* m_correct = nullptr;
    QPushButton* m_dv = nullptr;
    QList<Move> m_moveList;
    MoveActions* m_moves = nullptr;
};

} // namespace madoguchi
