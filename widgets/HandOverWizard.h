#pragma once
// The hand-over at the counter (交付) as a guided wizard for one application:
//   1. カード: the card in the reader is read (reader, PINs set or not: a card fresh from
//      production has none) — on a worker thread.
//   2. 本人確認: the clerk confirms the photo and the documents checked (and, for a proxy, the
//      letter of attorney and the proxy's identity); recorded as identity_verified with the
//      documents as the reason. Skipped when the application is already past it.
//   3. 暗証番号: the holder enters the four PINs, each twice, on masked fields that the clerk
//      does not fill (the fields refuse a PIN of the wrong form and say why). The PINs stay in
//      memory only until the hand-over ends, and are cleared then.
//   4. 電子証明書: issuance::HandOver on a worker thread (PINs set, the card checked against the
//      register, keys made on the card, certificates from central written, checked), its
//      progress shown line by line. A failure is shown with the reason; "Try again" resumes.
//   5. 完了: the card's validity and the certificates' serials.
// The issuance key comes from MADOGUCHI_ISSUANCE_KEY or MADOGUCHI_ISSUANCE_KEY_FILE, central
// from the enrollment.

#include "AppContext.h"
#include "card/CardService.h"
#include "issuance/HandOver.h"

#include <QWizard>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace madoguchi {

class HandOverWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { CardPage, IdentityPage, PinPage, CertificatesPage, DonePage };

    HandOverWizard(AppContext* context, qint64 applicationId, QWidget* parent = nullptr);
    ~HandOverWizard() override;

    qint64 applicationId() const { return m_appId; }
    // Where the hand-over stands (the application's state after it).
    issuance::State state() const { return m_app.state; }
    // Which reader (empty: the first with a card).
    void setReader(const QString& reader) { m_cardOptions.reader = reader; }

    // The widgets the steps use (named for tests and accessibility).
    QPushButton* readButton() const { return m_read; }
    QLabel* cardLabel() const { return m_cardText; }
    QCheckBox* photoCheck() const { return m_photo; }
    QComboBox* documentsCombo() const { return m_documents; }
    QCheckBox* proxyCheck() const { return m_proxy; }
    QLineEdit* proxyDetails() const { return m_proxyDetails; }
    QLineEdit* pinField(card::Pin pin, bool confirmation) const;
    QListWidget* progressList() const { return m_progress; }
    QLabel* errorLabel() const { return m_error; }
    QPushButton* retryButton() const { return m_retry; }
    QLabel* summaryLabel() const { return m_summary; }
    bool running() const { return m_running; }
    bool cardRead() const { return m_cardOk; }
    bool handedOver() const { return m_done; }

signals:
    // The hand-over finished (issued) or stopped (reason in errorLabel()).
    void handOverFinished(bool issued);

protected:
    void initializePage(int id) override;
    bool validateCurrentPage() override;

private:
    friend class HandOverPage;
    QWizardPage* makeCardPage();
    QWizardPage* makeIdentityPage();
    QWizardPage* makePinPage();
    QWizardPage* makeCertificatesPage();
    QWizardPage* makeDonePage();
    void reloadApplication();
    void readCard();
    void startHandOver();
    void clearPins();
    bool pinsComplete() const;
    void updatePinHints();

    AppContext* m_ctx;
    qint64 m_appId;
    issuance::Application m_app;
    QString m_holderName;
    card::CardServiceOptions m_cardOptions;
    bool m_cardOk = false;
    bool m_running = false;
    bool m_done = false;

    QLabel* m_appText = nullptr;
    QPushButton* m_read = nullptr;
    QLabel* m_cardText = nullptr;
    QLabel* m_identityDone = nullptr;
    QCheckBox* m_photo = nullptr;
    QComboBox* m_documents = nullptr;
    QCheckBox* m_proxy = nullptr;
    QLineEdit* m_proxyDetails = nullptr;
    QList<QLineEdit*> m_pins;    // sign, auth, helper, juki
    QList<QLineEdit*> m_repeats; // the same, again
    QList<QLabel*> m_pinHints;
    QListWidget* m_progress = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_retry = nullptr;
    QLabel* m_summary = nullptr;
};

} // namespace madoguchi
