#pragma once
// 異動入力: one dialog for the moves a clerk enters at the counter. The fields depend on the
// kind of move:
//  - 転入 / 出生: the new resident (names and readings, the foreign-resident details, date of
//    birth in 和暦 or 西暦, sex, address from the postal code, 本籍/筆頭者, optional My Number)
//    and the household (a new one as 世帯主, or the household of a resident given by code);
//  - 転居: the new address; 転出: the destination (転出先); 死亡: the date only;
//  - 氏名変更: the new name and reading, with the reason (婚姻 …);
//  - 世帯変更: a new household, or the household of another resident, with the 続柄.
// Every kind has the effective date (today by default). Dates are typed as text and shown
// parsed in both calendars beside the field. Enter saves, Esc cancels. A refusal from the
// register is shown in red under the form; the dialog stays open with everything as typed.

#include "auth/Session.h"
#include "card/MyNumberCard.h"
#include "refdata/ReferenceData.h"
#include "registry/Resident.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace madoguchi {

class RegistryService;

class MoveDialog : public QDialog
{
    Q_OBJECT
public:
    // `existing` is the resident the move is for; for 転入 and 出生 it may be null, or name the
    // resident whose household the newcomer joins (a baby joins its mother's household).
    MoveDialog(RegistryService* registry, ReferenceData refdata, const Session& session,
               MoveKind kind, const Resident* existing, QWidget* parent = nullptr);

    MoveKind kind() const { return m_kind; }
    // The resident as saved, after the dialog was accepted.
    const Resident& resident() const { return m_saved; }
    static QString title(MoveKind kind);
    // 転入 from a My Number card: name, date of birth, sex and My Number as the card has them;
    // the card's address (the former one) is shown for the clerk. Kana are the clerk's to ask.
    void fillFromCard(const card::CardBasicInfo& card);
    static bool isSupported(MoveKind kind);
    // What a move of this kind does to the resident's electronic certificates once it reaches
    // central (転居, 転出, 氏名変更: the signing certificate is revoked; 死亡: both), or empty.
    static QString certificateNotice(MoveKind kind);

public slots:
    // Validates and saves; accepts the dialog on success, shows the message otherwise.
    void submit();
    void accept() override { submit(); }

private slots:
    void postalCodeChanged();
    void townActivated(int index);
    void householdModeChanged();
    void householdCodeChanged();
    void myNumberChanged();
    void foreignToggled(bool on);

private:
    // A date typed as 和暦 or 西暦, with the parsed value (or the reason it does not parse)
    // shown beside it.
    struct DateField
    {
        QLineEdit* edit = nullptr;
        QLabel* shown = nullptr;
        QWidget* row = nullptr;
    };
    DateField addDateField(QFormLayout* form, const QString& caption, const char* objectName,
                           const QDate& initial);
    static void showDate(const DateField& f);
    // The date, or an error naming the field.
    static Result<QDate> dateOf(const DateField& f, const QString& fieldName, bool optional);

    QLineEdit* lineEdit(const char* objectName, const QString& text = {});
    void buildNameFields(QFormLayout* form);
    void buildForeignFields(QFormLayout* form);
    void buildAddressFields(QFormLayout* form);
    void buildHouseholdFields(QFormLayout* form, bool forNewcomer);
    Result<Address> address() const;
    Result<Resident> save();
    // 0 with no error: a new household. Otherwise the household id of the resident by code.
    Result<qint64> targetHousehold() const;
    void showMessage(const QString& message);

    RegistryService* m_registry;
    ReferenceData m_refdata;
    Session m_session;
    MoveKind m_kind;
    Resident m_existing;
    bool m_hasExisting = false;
    Resident m_saved;

    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;

    QLineEdit* m_familyName = nullptr;
    QLineEdit* m_givenName = nullptr;
    QLineEdit* m_familyKana = nullptr;
    QLineEdit* m_givenKana = nullptr;

    QCheckBox* m_foreign = nullptr;
    QWidget* m_foreignBox = nullptr;
    QLineEdit* m_alphaName = nullptr;
    QLineEdit* m_nationality = nullptr;
    QComboBox* m_residenceStatus = nullptr;
    QLineEdit* m_residencePeriod = nullptr;
    DateField m_residenceExpiry;
    QLineEdit* m_residenceCard = nullptr;

    DateField m_birthDate;
    QComboBox* m_sex = nullptr;

    QLineEdit* m_postalCode = nullptr;
    QLabel* m_city = nullptr;
    QLabel* m_postalStatus = nullptr;
    QString m_lgCode;
    QString m_lookedUpPostal;
    bool m_settingPostal = false;
    QComboBox* m_town = nullptr;
    QLineEdit* m_banchi = nullptr;
    QLineEdit* m_building = nullptr;

    QLineEdit* m_honseki = nullptr;
    QLineEdit* m_hittousha = nullptr;
    QLineEdit* m_myNumber = nullptr;
    QLabel* m_myNumberStatus = nullptr;

    QRadioButton* m_newHousehold = nullptr;
    QRadioButton* m_joinHousehold = nullptr;
    QLineEdit* m_householdCode = nullptr;
    QLabel* m_householdInfo = nullptr;
    QComboBox* m_relationship = nullptr;
    qint64 m_foundHouseholdId = 0;
    QString m_householdError;

    QLineEdit* m_destination = nullptr;
    DateField m_effective;
    QLineEdit* m_reason = nullptr;
};

} // namespace madoguchi
