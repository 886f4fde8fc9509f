#include "MoveDialog.h"

#include "Ui.h"
#include "common/Clock.h"
#include "ids/Identifiers.h"
#include "registry/RegistryService.h"
#include "text/JapaneseText.h"
#include "text/Wareki.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSet>
#include <QVBoxLayout>

namespace madoguchi {

namespace {
const QString kRed = QStringLiteral("color: #b00020;");
const QString kGreen = QStringLiteral("color: #1b5e20;");

// 続柄 offered for a household member (legal terms, data); the combo is editable for others.
const QStringList& relationships()
{
    static const QStringList list = {QStringLiteral("世帯主"), QStringLiteral("妻"),
                                     QStringLiteral("夫"),     QStringLiteral("子"),
                                     QStringLiteral("父"),     QStringLiteral("母"),
                                     QStringLiteral("その他")};
    return list;
}

// 在留資格 most often entered at a counter (data); the combo is editable for the others.
const QStringList& residenceStatuses()
{
    static const QStringList list = {QStringLiteral("永住者"),
                                     QStringLiteral("特別永住者"),
                                     QStringLiteral("定住者"),
                                     QStringLiteral("日本人の配偶者等"),
                                     QStringLiteral("永住者の配偶者等"),
                                     QStringLiteral("技術・人文知識・国際業務"),
                                     QStringLiteral("特定技能"),
                                     QStringLiteral("技能実習"),
                                     QStringLiteral("留学"),
                                     QStringLiteral("家族滞在")};
    return list;
}

// 昭和50年3月1日 (1975-03-01)
QString bothDates(const QDate& d)
{
    const QString wareki = text::Wareki::format(d);
    const QString iso = d.toString(Qt::ISODate);
    return wareki.isEmpty() ? iso : QStringLiteral("%1 (%2)").arg(wareki, iso);
}

QString postalDigits(const QString& input)
{
    return text::normaliseNumber(input.trimmed());
}

QLabel* infoLabel(const char* objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

QComboBox* editableCombo(const char* objectName, const QStringList& items, QWidget* parent)
{
    auto* combo = new QComboBox(parent);
    combo->setObjectName(QString::fromLatin1(objectName));
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->addItems(items);
    combo->setCurrentIndex(-1);
    return combo;
}
} // namespace

bool MoveDialog::isSupported(MoveKind kind)
{
    return kind != MoveKind::Correction && kind != MoveKind::Update;
}

QString MoveDialog::title(MoveKind kind)
{
    switch (kind) {
    case MoveKind::MoveIn:
        return tr("Move in (%1)").arg(moves::displayName(kind));
    case MoveKind::Birth:
        return tr("Birth (%1)").arg(moves::displayName(kind));
    case MoveKind::Relocation:
        return tr("Move within the municipality (%1)").arg(moves::displayName(kind));
    case MoveKind::MoveOut:
        return tr("Move out (%1)").arg(moves::displayName(kind));
    case MoveKind::Death:
        return tr("Death (%1)").arg(moves::displayName(kind));
    case MoveKind::NameChange:
        return tr("Change of name (%1)").arg(moves::displayName(kind));
    case MoveKind::HouseholdChange:
        return tr("Change of household (%1)").arg(moves::displayName(kind));
    default:
        return moves::displayName(kind);
    }
}

QString MoveDialog::certificateNotice(MoveKind kind)
{
    switch (kind) {
    case MoveKind::Relocation:
    case MoveKind::MoveOut:
    case MoveKind::NameChange:
        return tr("The resident's signing certificate (署名用電子証明書), if they have one, is "
                  "revoked when this move reaches central: the address or name in it is no "
                  "longer the register's. Tell the resident that a new signing certificate is "
                  "needed; the user authentication certificate stays valid.");
    case MoveKind::Death:
        return tr("Both of the resident's electronic certificates (署名用 and 利用者証明用), if "
                  "any, are revoked when this move reaches central.");
    default:
        return {};
    }
}

MoveDialog::MoveDialog(RegistryService* registry, ReferenceData refdata, const Session& session,
                       MoveKind kind, const Resident* existing, QWidget* parent)
    : QDialog(parent), m_registry(registry), m_refdata(std::move(refdata)), m_session(session),
      m_kind(kind)
{
    if (existing) {
        m_existing = *existing;
        m_hasExisting = true;
    }
    const bool newcomer = kind == MoveKind::MoveIn || kind == MoveKind::Birth;
    setObjectName(QStringLiteral("moveDialog"));
    setWindowTitle(title(kind));

    auto* layout = new QVBoxLayout(this);
    auto* heading = ui::heading(title(kind), this, 1.4);
    heading->setObjectName(QStringLiteral("moveTitle"));
    layout->addWidget(heading);
    if (m_hasExisting && !newcomer) {
        auto* who = infoLabel("residentLabel", this);
        who->setText(
            tr("%1 (%2), resident code %3")
                .arg(m_existing.fullName(), m_existing.fullKana(), m_existing.residentCode));
        layout->addWidget(who);
    }

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("moveScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);
    auto* body = new QWidget(scroll);
    auto* form = new QFormLayout(body);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    switch (kind) {
    case MoveKind::MoveIn:
    case MoveKind::Birth:
        buildNameFields(form);
        buildForeignFields(form);
        m_birthDate = addDateField(form, tr("Date of &birth:"), "birthDateEdit",
                                   kind == MoveKind::Birth ? Clock::today() : QDate());
        m_birthDate.edit->setPlaceholderText(tr("S50.3.1, 昭和50年3月1日 or 1975-03-01"));
        m_sex = new QComboBox(body);
        m_sex->setObjectName(QStringLiteral("sexCombo"));
        m_sex->addItem(tr("(choose)"), QString());
        m_sex->addItem(tr("Female"), QStringLiteral("female"));
        m_sex->addItem(tr("Male"), QStringLiteral("male"));
        form->addRow(tr("Se&x:"), m_sex);
        buildAddressFields(form);
        m_honseki = lineEdit("honsekiEdit");
        form->addRow(tr("Registered domicile (本籍):"), m_honseki);
        m_hittousha = lineEdit("hittoushaEdit");
        form->addRow(tr("Head of the family register (筆頭者):"), m_hittousha);
        m_myNumber = lineEdit("myNumberEdit");
        m_myNumber->setPlaceholderText(tr("optional, 12 digits"));
        m_myNumberStatus = infoLabel("myNumberStatus", body);
        {
            auto* row = new QWidget(body);
            auto* h = new QHBoxLayout(row);
            h->setContentsMargins(0, 0, 0, 0);
            h->addWidget(m_myNumber, 1);
            h->addWidget(m_myNumberStatus, 1);
            form->addRow(tr("My &Number:"), row);
        }
        connect(m_myNumber, &QLineEdit::textChanged, this, &MoveDialog::myNumberChanged);
        buildHouseholdFields(form, true);
        break;
    case MoveKind::Relocation:
        buildAddressFields(form);
        break;
    case MoveKind::MoveOut: {
        m_destination = lineEdit("destinationEdit");
        m_destination->setPlaceholderText(tr("the new address, e.g. 東京都千代田区千代田1番1号"));
        form->addRow(tr("&Destination (転出先):"), m_destination);
        auto* note = infoLabel("removalNote", body);
        note->setText(tr("The resident leaves the register: the record is kept as a removed "
                         "record (除票)."));
        form->addRow(QString(), note);
        break;
    }
    case MoveKind::Death: {
        auto* note = infoLabel("removalNote", body);
        note->setText(tr("The resident leaves the register: the record is kept as a removed "
                         "record (除票)."));
        form->addRow(QString(), note);
        break;
    }
    case MoveKind::NameChange:
        buildNameFields(form);
        break;
    case MoveKind::HouseholdChange:
        if (m_hasExisting) {
            auto* current = infoLabel("currentHouseholdLabel", body);
            current->setText(
                m_existing.relationship.isEmpty()
                    ? m_existing.householdNo
                    : tr("%1 (%2)").arg(m_existing.householdNo, m_existing.relationship));
            form->addRow(tr("Current household:"), current);
        }
        buildHouseholdFields(form, false);
        break;
    default:
        break;
    }

    if (const QString notice = certificateNotice(kind); !notice.isEmpty()) {
        auto* note = infoLabel("certificateNote", body);
        note->setText(notice);
        note->setStyleSheet(QStringLiteral("color: #5c4400;"));
        form->addRow(tr("Electronic certificates:"), note);
    }
    m_effective = addDateField(form, tr("&Effective date:"), "effectiveDateEdit", Clock::today());
    if (kind != MoveKind::Relocation && kind != MoveKind::MoveOut && kind != MoveKind::Death &&
        kind != MoveKind::HouseholdChange) {
        m_reason = lineEdit("reasonEdit");
        QStringList suggestions;
        if (kind == MoveKind::NameChange) {
            suggestions = {QStringLiteral("婚姻"),     QStringLiteral("離婚"),
                           QStringLiteral("養子縁組"), QStringLiteral("離縁"),
                           QStringLiteral("氏の変更"), QStringLiteral("名の変更")};
            m_reason->setPlaceholderText(tr("e.g. 婚姻"));
        } else {
            m_reason->setPlaceholderText(tr("optional"));
        }
        if (!suggestions.isEmpty()) {
            auto* completer = new QCompleter(suggestions, m_reason);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            m_reason->setCompleter(completer);
        }
        form->addRow(tr("&Reason:"), m_reason);
    }

    scroll->setWidget(body);
    layout->addWidget(scroll, 1);

    m_message = ui::messageLabel(this);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide(); // shown with the first message
    layout->addWidget(m_message);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("moveButtons"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("&Save"));
    ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &MoveDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    // The household of the resident the caller named (出生 into the mother's household).
    if (newcomer && m_hasExisting && m_joinHousehold) {
        m_joinHousehold->setChecked(true);
        m_householdCode->setText(m_existing.residentCode);
        if (kind == MoveKind::Birth) {
            m_relationship->setCurrentText(QStringLiteral("子"));
        }
    }
    if (newcomer && !m_hasExisting) {
        // A newcomer without a household to join starts one.
        householdModeChanged();
    }

    if (m_familyName) {
        m_familyName->setFocus();
    } else if (m_postalCode) {
        m_postalCode->setFocus();
    } else if (m_destination) {
        m_destination->setFocus();
    } else if (m_newHousehold) {
        m_newHousehold->setFocus();
    } else {
        m_effective.edit->setFocus();
    }
    resize(newcomer ? 720 : 600, newcomer ? 760 : 380);
}

QLineEdit* MoveDialog::lineEdit(const char* objectName, const QString& text)
{
    auto* edit = new QLineEdit(text, this);
    edit->setObjectName(QString::fromLatin1(objectName));
    return edit;
}

void MoveDialog::buildNameFields(QFormLayout* form)
{
    const bool prefill = m_kind == MoveKind::NameChange && m_hasExisting;
    m_familyName = lineEdit("familyNameEdit", prefill ? m_existing.familyName : QString());
    m_givenName = lineEdit("givenNameEdit", prefill ? m_existing.givenName : QString());
    m_familyKana = lineEdit("familyKanaEdit", prefill ? m_existing.familyKana : QString());
    m_givenKana = lineEdit("givenKanaEdit", prefill ? m_existing.givenKana : QString());
    m_familyKana->setPlaceholderText(tr("reading in katakana"));
    m_givenKana->setPlaceholderText(tr("reading in katakana"));
    const bool change = m_kind == MoveKind::NameChange;
    form->addRow(change ? tr("New &family name:") : tr("&Family name:"), m_familyName);
    form->addRow(change ? tr("New &given name:") : tr("&Given name:"), m_givenName);
    form->addRow(tr("Family name rea&ding:"), m_familyKana);
    form->addRow(tr("Given name readin&g:"), m_givenKana);
    if (change && m_hasExisting) {
        auto* former = infoLabel("formerNameLabel", m_familyName->parentWidget());
        former->setText(tr("Now %1 (%2); the current name is kept as a former name.")
                            .arg(m_existing.fullName(), m_existing.fullKana()));
        form->addRow(QString(), former);
    }
}

void MoveDialog::buildForeignFields(QFormLayout* form)
{
    m_foreign = new QCheckBox(tr("F&oreign resident"), this);
    m_foreign->setObjectName(QStringLiteral("foreignCheck"));
    form->addRow(QString(), m_foreign);

    m_foreignBox = new QWidget(this);
    m_foreignBox->setObjectName(QStringLiteral("foreignBox"));
    auto* inner = new QFormLayout(m_foreignBox);
    inner->setContentsMargins(0, 0, 0, 0);
    m_alphaName = new QLineEdit(m_foreignBox);
    m_alphaName->setObjectName(QStringLiteral("alphaNameEdit"));
    m_alphaName->setPlaceholderText(tr("as on the residence card, e.g. SMITH JOHN"));
    inner->addRow(tr("Name in the alphabet:"), m_alphaName);
    m_nationality = new QLineEdit(m_foreignBox);
    m_nationality->setObjectName(QStringLiteral("nationalityEdit"));
    inner->addRow(tr("Nationality:"), m_nationality);
    m_residenceStatus = editableCombo("residenceStatusCombo", residenceStatuses(), m_foreignBox);
    inner->addRow(tr("Status of residence (在留資格):"), m_residenceStatus);
    m_residencePeriod = new QLineEdit(m_foreignBox);
    m_residencePeriod->setObjectName(QStringLiteral("residencePeriodEdit"));
    m_residencePeriod->setPlaceholderText(tr("e.g. 3年"));
    inner->addRow(tr("Period of stay (在留期間):"), m_residencePeriod);
    m_residenceExpiry = addDateField(inner, tr("End of the period of stay (満了日):"),
                                     "residenceExpiryEdit", QDate());
    m_residenceCard = new QLineEdit(m_foreignBox);
    m_residenceCard->setObjectName(QStringLiteral("residenceCardEdit"));
    m_residenceCard->setPlaceholderText(tr("e.g. AB12345678CD"));
    inner->addRow(tr("Residence card number:"), m_residenceCard);
    form->addRow(m_foreignBox);
    m_foreignBox->setVisible(false);
    connect(m_foreign, &QCheckBox::toggled, this, &MoveDialog::foreignToggled);
}

void MoveDialog::foreignToggled(bool on)
{
    m_foreignBox->setVisible(on);
    m_familyName->setPlaceholderText(on ? tr("optional for a foreign resident") : QString());
    m_givenName->setPlaceholderText(on ? tr("optional for a foreign resident") : QString());
    if (on) {
        m_alphaName->setFocus();
    }
}

void MoveDialog::buildAddressFields(QFormLayout* form)
{
    QWidget* parent = form->parentWidget() ? form->parentWidget() : this;
    m_postalCode = lineEdit("postalCodeEdit");
    m_postalCode->setPlaceholderText(tr("7 digits, e.g. 2480012"));
    m_postalCode->setMaxLength(10);
    m_postalStatus = infoLabel("postalStatus", parent);
    {
        auto* row = new QWidget(parent);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(m_postalCode);
        h->addWidget(m_postalStatus, 1);
        form->addRow(m_kind == MoveKind::Relocation ? tr("New &postal code:") : tr("&Postal code:"),
                     row);
    }
    m_city = infoLabel("cityLabel", parent);
    m_city->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Prefecture and city:"), m_city);
    m_town = editableCombo("townCombo", {}, parent);
    m_town->setMaxVisibleItems(20);
    m_town->completer()->setFilterMode(Qt::MatchContains);
    m_town->completer()->setCompletionMode(QCompleter::PopupCompletion);
    form->addRow(tr("&Town (町字):"), m_town);
    m_banchi = lineEdit("banchiEdit");
    m_banchi->setPlaceholderText(tr("e.g. 1丁目2番3号"));
    form->addRow(tr("Bloc&k number (番地):"), m_banchi);
    m_building = lineEdit("buildingEdit");
    m_building->setPlaceholderText(tr("building and room, if any"));
    form->addRow(tr("B&uilding (方書):"), m_building);
    connect(m_postalCode, &QLineEdit::textChanged, this, &MoveDialog::postalCodeChanged);
    connect(m_town, &QComboBox::activated, this, &MoveDialog::townActivated);
}

void MoveDialog::postalCodeChanged()
{
    if (m_settingPostal) {
        return;
    }
    const QString digits = postalDigits(m_postalCode->text());
    if (digits.size() != 7) {
        m_lgCode.clear();
        m_lookedUpPostal.clear();
        m_city->clear();
        m_postalStatus->setStyleSheet(kRed);
        const bool wrong =
            !m_postalCode->text().trimmed().isEmpty() && (digits.isEmpty() || digits.size() > 7);
        m_postalStatus->setText(wrong ? tr("A postal code has 7 digits.") : QString());
        return;
    }
    if (digits == m_lookedUpPostal) {
        return;
    }
    m_lookedUpPostal = digits;
    m_lgCode.clear();
    m_city->clear();
    m_postalStatus->setStyleSheet(kRed);
    auto rows = m_refdata.lookupPostalCode(digits);
    if (!rows) {
        m_postalStatus->setText(rows.errorMessage());
        return;
    }
    if (rows->isEmpty()) {
        m_postalStatus->setText(
            tr("No address has the postal code %1-%2.").arg(digits.left(3), digits.mid(3)));
        return;
    }
    const PostalAddress& first = rows->first();
    m_lgCode = first.lgCode;
    m_city->setText(
        m_lgCode.isEmpty()
            ? first.prefecture + first.city
            : tr("%1 (local-government code %2)").arg(first.prefecture + first.city, m_lgCode));
    m_postalStatus->setStyleSheet(QString());
    m_postalStatus->setText(QStringLiteral("〒%1-%2").arg(digits.left(3), digits.mid(3)));
    if (m_lgCode.isEmpty()) {
        m_postalStatus->setStyleSheet(kRed);
        m_postalStatus->setText(tr("This postal code matches no local-government code."));
    }

    // The towns of the municipality, the ones of this postal code first.
    QList<PostalAddress> towns;
    for (const PostalAddress& p : std::as_const(*rows)) {
        if (!p.town.isEmpty() && p.detail.isEmpty()) {
            towns << p;
        }
    }
    if (!m_lgCode.isEmpty()) {
        QList<PostalAddress> more;
        if (auto n = m_refdata.postalCodesOf(m_lgCode, &more); n) {
            towns << more;
        }
    }
    const QString typed = m_town->currentText();
    m_town->clear();
    QSet<QString> seen;
    for (const PostalAddress& p : std::as_const(towns)) {
        if (seen.contains(p.town)) {
            continue;
        }
        seen.insert(p.town);
        m_town->addItem(p.town, QStringList{p.postalCode, p.lgCode, p.prefecture + p.city});
    }
    if (!first.town.isEmpty()) {
        m_town->setCurrentIndex(m_town->findText(first.town));
    } else {
        // A code for the whole municipality (以下に掲載がない場合): the clerk picks the town.
        m_town->setCurrentIndex(-1);
        m_town->setEditText(typed);
    }
}

void MoveDialog::townActivated(int index)
{
    const QStringList item = m_town->itemData(index).toStringList();
    if (item.size() != 3 || item.at(0) == postalDigits(m_postalCode->text())) {
        return;
    }
    // Another town of the municipality: its postal code (and ward) follow.
    m_settingPostal = true;
    m_postalCode->setText(item.at(0));
    m_settingPostal = false;
    m_lookedUpPostal = item.at(0);
    if (!item.at(1).isEmpty()) {
        m_lgCode = item.at(1);
        m_city->setText(tr("%1 (local-government code %2)").arg(item.at(2), m_lgCode));
    }
    m_postalStatus->setStyleSheet(QString());
    m_postalStatus->setText(QStringLiteral("〒%1-%2").arg(item.at(0).left(3), item.at(0).mid(3)));
}

Result<Address> MoveDialog::address() const
{
    const QString digits = postalDigits(m_postalCode->text());
    if (digits.size() != 7) {
        return Error(tr("Type the postal code of the address (7 digits)."));
    }
    if (m_lgCode.isEmpty()) {
        return Error(tr("The postal code %1 gives no city: check it.").arg(digits));
    }
    Address a;
    a.lgCode = m_lgCode;
    a.postalCode = digits;
    a.town = m_town->currentText().trimmed();
    a.banchi = m_banchi->text().trimmed();
    a.building = m_building->text().trimmed();
    return a;
}

void MoveDialog::buildHouseholdFields(QFormLayout* form, bool forNewcomer)
{
    QWidget* parent = form->parentWidget() ? form->parentWidget() : this;
    m_newHousehold = new QRadioButton(
        forNewcomer ? tr("New household (as %1)").arg(QStringLiteral("世帯主"))
                    : tr("Start a new household (as %1)").arg(QStringLiteral("世帯主")),
        parent);
    m_newHousehold->setObjectName(QStringLiteral("newHouseholdRadio"));
    m_joinHousehold = new QRadioButton(tr("&Join the household of resident code:"), parent);
    m_joinHousehold->setObjectName(QStringLiteral("joinHouseholdRadio"));
    auto* group = new QButtonGroup(this);
    group->addButton(m_newHousehold);
    group->addButton(m_joinHousehold);
    m_newHousehold->setChecked(forNewcomer);
    m_joinHousehold->setChecked(!forNewcomer);
    form->addRow(tr("Household:"), m_newHousehold);

    m_householdCode = lineEdit("householdCodeEdit");
    m_householdCode->setPlaceholderText(tr("11 digits"));
    m_householdCode->setMaxLength(16);
    auto* row = new QWidget(parent);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(m_joinHousehold);
    h->addWidget(m_householdCode, 1);
    form->addRow(QString(), row);
    m_householdInfo = infoLabel("householdInfo", parent);
    form->addRow(QString(), m_householdInfo);

    m_relationship = editableCombo("relationshipCombo", relationships(), parent);
    form->addRow(tr("Re&lationship to the head (続柄):"), m_relationship);

    connect(m_newHousehold, &QRadioButton::toggled, this, &MoveDialog::householdModeChanged);
    connect(m_householdCode, &QLineEdit::textChanged, this, &MoveDialog::householdCodeChanged);
    householdModeChanged();
}

void MoveDialog::householdModeChanged()
{
    if (!m_newHousehold) {
        return;
    }
    const bool join = m_joinHousehold->isChecked();
    m_householdCode->setEnabled(join);
    m_relationship->setEnabled(join);
    if (!join) {
        m_relationship->setCurrentText(QStringLiteral("世帯主"));
    } else if (m_relationship->currentText() == QStringLiteral("世帯主")) {
        m_relationship->setCurrentIndex(-1);
        m_relationship->setEditText(m_kind == MoveKind::Birth ? QStringLiteral("子") : QString());
    }
    m_householdInfo->setVisible(join);
}

void MoveDialog::householdCodeChanged()
{
    m_foundHouseholdId = 0;
    m_householdError.clear();
    m_householdInfo->setStyleSheet(kRed);
    const QString code = text::normaliseNumber(m_householdCode->text().trimmed());
    if (code.size() != ids::length(ids::Kind::ResidentCode)) {
        m_householdInfo->clear();
        return;
    }
    const ids::Check c = ids::check(ids::Kind::ResidentCode, code);
    if (!c.valid) {
        m_householdError = c.reason;
    } else if (auto found = m_registry->findByCode(code); !found) {
        m_householdError = found.errorMessage();
    } else if (!found->has_value()) {
        m_householdError = tr("No resident has the code %1.").arg(code);
    } else {
        const Resident& r = **found;
        if (r.isRemoved()) {
            m_householdError =
                tr("%1 has left the register (除票): choose a current member.").arg(r.fullName());
        } else if (m_hasExisting && m_kind == MoveKind::HouseholdChange &&
                   r.householdId == m_existing.householdId) {
            m_householdError = tr("%1 is already in this household.").arg(m_existing.fullName());
        } else {
            m_foundHouseholdId = r.householdId;
            m_householdInfo->setStyleSheet(QString());
            m_householdInfo->setText(
                tr("Household %1 of %2 (%3)").arg(r.householdNo, r.fullName(), r.relationship));
            return;
        }
    }
    m_householdInfo->setText(m_householdError);
}

Result<qint64> MoveDialog::targetHousehold() const
{
    if (m_newHousehold->isChecked()) {
        return qint64(0);
    }
    if (m_foundHouseholdId != 0) {
        return m_foundHouseholdId;
    }
    if (!m_householdError.isEmpty()) {
        return Error(m_householdError);
    }
    return Error(tr("Type the resident code of a member of the household to join."));
}

void MoveDialog::myNumberChanged()
{
    const QString input = m_myNumber->text().trimmed();
    if (input.isEmpty()) {
        m_myNumberStatus->clear();
        return;
    }
    const ids::Check c = ids::check(ids::Kind::MyNumber, input);
    m_myNumberStatus->setStyleSheet(c.valid ? kGreen : kRed);
    //: the check digit of the typed My Number is right
    m_myNumberStatus->setText(c.valid ? tr("✓ check digit correct") : c.reason);
}

MoveDialog::DateField MoveDialog::addDateField(QFormLayout* form, const QString& caption,
                                               const char* objectName, const QDate& initial)
{
    QWidget* parent = form->parentWidget() ? form->parentWidget() : this;
    DateField f;
    f.row = new QWidget(parent);
    auto* h = new QHBoxLayout(f.row);
    h->setContentsMargins(0, 0, 0, 0);
    f.edit = new QLineEdit(f.row);
    f.edit->setObjectName(QString::fromLatin1(objectName));
    f.edit->setPlaceholderText(tr("和暦 or 西暦, e.g. R7.4.1 or 2025-04-01"));
    f.shown = new QLabel(f.row);
    f.shown->setObjectName(QString::fromLatin1(objectName) + QStringLiteral("Shown"));
    f.shown->setTextFormat(Qt::PlainText);
    f.shown->setWordWrap(true);
    h->addWidget(f.edit, 1);
    h->addWidget(f.shown, 1);
    if (initial.isValid()) {
        f.edit->setText(initial.toString(Qt::ISODate));
    }
    form->addRow(caption, f.row);
    showDate(f);
    connect(f.edit, &QLineEdit::textChanged, this, [f] { showDate(f); });
    return f;
}

void MoveDialog::showDate(const DateField& f)
{
    if (f.edit->text().trimmed().isEmpty()) {
        f.shown->clear();
        return;
    }
    auto d = text::Wareki::parse(f.edit->text());
    if (!d) {
        f.shown->setStyleSheet(kRed);
        f.shown->setText(d.errorMessage());
        return;
    }
    f.shown->setStyleSheet(QString());
    f.shown->setText(bothDates(*d));
}

Result<QDate> MoveDialog::dateOf(const DateField& f, const QString& fieldName, bool optional)
{
    const QString input = f.edit->text().trimmed();
    if (input.isEmpty()) {
        if (optional) {
            return QDate();
        }
        //: %1 is the name of a date field
        return Error(tr("%1: type the date (和暦 or 西暦).").arg(fieldName));
    }
    auto d = text::Wareki::parse(input);
    if (!d) {
        return Error(tr("%1: %2").arg(fieldName, d.errorMessage()), d.error().code);
    }
    return *d;
}

void MoveDialog::showMessage(const QString& message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

Result<Resident> MoveDialog::save()
{
    auto effective = dateOf(m_effective, tr("Effective date"), false);
    if (!effective) {
        m_effective.edit->setFocus();
        return effective.error();
    }
    const bool newcomer = m_kind == MoveKind::MoveIn || m_kind == MoveKind::Birth;
    if (!newcomer && !m_hasExisting) {
        return Error(tr("No resident is open for this move."));
    }
    const QString reason = m_reason ? m_reason->text().trimmed() : QString();

    switch (m_kind) {
    case MoveKind::MoveIn:
    case MoveKind::Birth: {
        NewResident n;
        Resident& p = n.person;
        p.familyName = m_familyName->text().trimmed();
        p.givenName = m_givenName->text().trimmed();
        p.familyKana = m_familyKana->text().trimmed();
        p.givenKana = m_givenKana->text().trimmed();
        p.isForeign = m_foreign->isChecked();
        if (p.isForeign) {
            p.alphaName = m_alphaName->text().simplified();
            p.nationality = m_nationality->text().trimmed();
            p.residenceStatus = m_residenceStatus->currentText().trimmed();
            p.residencePeriod = m_residencePeriod->text().trimmed();
            auto expiry = dateOf(m_residenceExpiry, tr("End of the period of stay"), true);
            if (!expiry) {
                m_residenceExpiry.edit->setFocus();
                return expiry.error();
            }
            p.residenceExpiry = *expiry;
            p.residenceCardNo = m_residenceCard->text().trimmed();
        }
        auto birth = dateOf(m_birthDate, tr("Date of birth"), false);
        if (!birth) {
            m_birthDate.edit->setFocus();
            return birth.error();
        }
        p.birthDate = *birth;
        p.sex = m_sex->currentData().toString();
        auto a = address();
        if (!a) {
            m_postalCode->setFocus();
            return a.error();
        }
        p.address = *a;
        p.honseki = m_honseki->text().trimmed();
        p.hittousha = m_hittousha->text().trimmed();
        n.myNumber = m_myNumber->text().trimmed();
        if (!n.myNumber.isEmpty()) {
            const ids::Check c = ids::check(ids::Kind::MyNumber, n.myNumber);
            if (!c.valid) {
                m_myNumber->setFocus();
                return Error(tr("My Number: %1").arg(c.reason));
            }
            n.myNumber = c.normalised;
        }
        auto household = targetHousehold();
        if (!household) {
            m_householdCode->setFocus();
            return household.error();
        }
        n.householdId = *household;
        if (n.householdId != 0) {
            p.relationship = m_relationship->currentText().trimmed();
        }
        return m_registry->registerResident(n, m_kind, *effective, reason, m_session);
    }
    case MoveKind::Relocation: {
        auto a = address();
        if (!a) {
            m_postalCode->setFocus();
            return a.error();
        }
        return m_registry->relocate(m_existing.id, *a, *effective, m_session);
    }
    case MoveKind::MoveOut:
        return m_registry->moveOut(m_existing.id, *effective, m_destination->text(), m_session);
    case MoveKind::Death:
        return m_registry->recordDeath(m_existing.id, *effective, m_session);
    case MoveKind::NameChange:
        return m_registry->changeName(m_existing.id, m_familyName->text(), m_givenName->text(),
                                      m_familyKana->text(), m_givenKana->text(), *effective, reason,
                                      m_session);
    case MoveKind::HouseholdChange: {
        auto household = targetHousehold();
        if (!household) {
            m_householdCode->setFocus();
            return household.error();
        }
        return m_registry->changeHousehold(m_existing.id, *household,
                                           m_relationship->currentText().trimmed(), *effective,
                                           m_session);
    }
    default:
        return Error(tr("This kind of move is not entered here."));
    }
}

void MoveDialog::submit()
{
    auto saved = save();
    if (!saved) {
        // The form stays as typed: nothing is lost, the clerk corrects and saves again.
        showMessage(saved.errorMessage());
        return;
    }
    m_saved = *saved;
    showMessage(QString());
    QDialog::accept();
}

void MoveDialog::fillFromCard(const card::CardBasicInfo& card)
{
    if (!m_familyName || !m_birthDate.edit || !m_sex || !m_myNumber) {
        return;
    }
    const qsizetype gap = card.name.indexOf(QChar(0x3000));
    m_familyName->setText(gap < 0 ? card.name : card.name.left(gap));
    m_givenName->setText(gap < 0 ? QString() : card.name.mid(gap + 1).trimmed());
    m_birthDate.edit->setText(card.birthDate.toString(Qt::ISODate));
    showDate(m_birthDate);
    m_sex->setCurrentIndex(
        std::max(0, m_sex->findData(card.sex == QStringLiteral("1")   ? QStringLiteral("male")
                                    : card.sex == QStringLiteral("2") ? QStringLiteral("female")
                                                                      : QString())));
    m_myNumber->setText(card.myNumber);
    m_message->setStyleSheet(QString());
    m_message->setText(tr("From the My Number card. The address on the card (the former "
                          "address): %1. Ask for the reading (kana) of the name.")
                           .arg(card.address));
    m_message->show();
}

} // namespace madoguchi
