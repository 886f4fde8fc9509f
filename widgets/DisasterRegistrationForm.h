#pragma once
// Registration at the shelter door (被災者台帳への登録), built for a queue: large fields, the
// keyboard only. Enter moves from field to field, Ctrl+Enter registers; the form then clears
// (the shelter, the status and the place of stay stay as they were: the next person is usually
// at the same door) and the family name has the focus again, with one line saying who was
// registered where (and the list below the form keeps the last ones). A refusal (disaster.invalid
// …) is shown under the form with its reason and nothing typed is lost.
//
// The birth date is typed as 西暦 (1975-03-01, 1975/3/1) or 和暦 (S50.3.1, 昭和50年3月1日), as
// text::Wareki reads it. A resident code registers a person from the resident register (name,
// kana, birth date, sex and address copied, the resident linked); "Read card" reads the card's
// basic information (helper PIN) and fills the form, for the clerk to add the kana and register.

#include "AppContext.h"
#include "disaster/Disaster.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace madoguchi {

namespace card {
struct CardBasicInfo;
}

class DisasterRegistrationForm : public QWidget
{
    Q_OBJECT
public:
    explicit DisasterRegistrationForm(AppContext* context, QWidget* parent = nullptr);

    // The disaster registered into and its shelters (reloaded; the chosen shelter is kept).
    void setDisaster(qint64 disasterId);
    void reloadShelters();
    qint64 selectedShelter() const;
    QString message() const;

    // Registers what is typed; false (with the reason shown, the fields kept) on a refusal.
    bool submit();
    bool registerFromRegister();
    // The card's basic information in the form (name, birth date, sex; the address is kept for
    // the registration).
    void fillFromCard(const card::CardBasicInfo& info);

signals:
    void registered(qint64 personId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void clearPerson();
    void remember(const disaster::Person& p, const QString& shelter);
    void say(const QString& text, bool error);
    void readCard();
    void updateCardButton();

    AppContext* m_ctx;
    qint64 m_disasterId = 0;
    QLineEdit* m_family;
    QLineEdit* m_given;
    QLineEdit* m_familyKana;
    QLineEdit* m_givenKana;
    QLineEdit* m_birth;
    QComboBox* m_sex;
    QComboBox* m_shelter;
    QComboBox* m_status;
    QList<QCheckBox*> m_needs; // in needKinds() order
    QComboBox* m_staying;
    QCheckBox* m_consentShare;
    QCheckBox* m_consentEnquiry;
    QCheckBox* m_dv;
    QLineEdit* m_phone;
    QLineEdit* m_whereabouts;
    QLineEdit* m_residentCode;
    QPushButton* m_register;
    QPushButton* m_fromRegister;
    QPushButton* m_readCard;
    QLabel* m_message;
    QListWidget* m_recent; // registered at this desk, the latest first
    QString m_cardAddress; // from a card read, registered with the next person
};

} // namespace madoguchi
