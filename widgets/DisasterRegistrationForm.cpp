#include "DisasterRegistrationForm.h"

#include "CardPinDialog.h"
#include "DisasterDashboard.h"
#include "card/CardMonitor.h"
#include "card/CardService.h"
#include "common/Clock.h"
#include "text/Wareki.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QTimeZone>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace madoguchi {

using namespace disaster;

namespace {

// Runs card work on a pool thread and hands the result to `done` on the GUI thread.
template <typename T, typename Work, typename Done>
void onCardThread(QObject* context, Work work, Done done)
{
    auto* watcher = new QFutureWatcher<Result<T>>(context);
    QObject::connect(watcher, &QFutureWatcher<Result<T>>::finished, context, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(work));
}

QString shelterName(const Database& db, qint64 id)
{
    auto s = DisasterService(db).shelter(id);
    return s ? s->name : QString();
}

} // namespace

DisasterRegistrationForm::DisasterRegistrationForm(AppContext* context, QWidget* parent)
    : QWidget(parent), m_ctx(context)
{
    // Larger type than the rest of the application: read at arm's length, typed in a hurry.
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    setFont(big);

    auto* outer = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    outer->addLayout(columns);
    auto* left = new QFormLayout;
    auto* right = new QFormLayout;
    columns->addLayout(left, 1);
    columns->addSpacing(24);
    columns->addLayout(right, 1);

    auto edit = [this](const char* name, const QString& placeholder = {}) {
        auto* e = new QLineEdit(this);
        e->setObjectName(QString::fromLatin1(name));
        e->setPlaceholderText(placeholder);
        e->setMinimumWidth(200);
        return e;
    };
    m_family = edit("familyNameEdit");
    m_given = edit("givenNameEdit");
    m_familyKana = edit("familyKanaEdit", tr("katakana"));
    m_givenKana = edit("givenKanaEdit", tr("katakana"));
    m_birth = edit("birthDateEdit", tr("1975-03-01 or S50.3.1"));
    m_sex = new QComboBox(this);
    m_sex->setObjectName(QStringLiteral("sexCombo"));
    for (const QString& s :
         {QString(), QStringLiteral("female"), QStringLiteral("male"), QStringLiteral("other")}) {
        m_sex->addItem(disasterui::sexName(s), s);
    }
    left->addRow(tr("&Family name"), m_family);
    left->addRow(tr("&Given name"), m_given);
    left->addRow(tr("Family name (&kana)"), m_familyKana);
    left->addRow(tr("Given name (k&ana)"), m_givenKana);
    left->addRow(tr("&Birth date"), m_birth);
    left->addRow(tr("Se&x"), m_sex);
    m_phone = edit("phoneEdit");
    m_whereabouts = edit("whereaboutsEdit", tr("where the person can be reached"));
    left->addRow(tr("&Phone"), m_phone);
    left->addRow(tr("&Whereabouts"), m_whereabouts);

    m_shelter = new QComboBox(this);
    m_shelter->setObjectName(QStringLiteral("shelterCombo"));
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusCombo"));
    for (const QString& s : safetyStatuses()) {
        m_status->addItem(safetyDisplay(s), s);
    }
    m_status->setCurrentIndex(m_status->findData(QStringLiteral("safe")));
    m_staying = new QComboBox(this);
    m_staying->setObjectName(QStringLiteral("stayingCombo"));
    for (const QString& s : stayingKinds()) {
        m_staying->addItem(disasterui::stayingName(s), s);
    }
    right->addRow(tr("&Shelter"), m_shelter);
    right->addRow(tr("S&tatus"), m_status);
    right->addRow(tr("Stayin&g"), m_staying);
    auto* needs = new QGridLayout;
    const QStringList kinds = needKinds();
    for (int i = 0; i < kinds.size(); ++i) {
        auto* box = new QCheckBox(disasterui::needName(kinds.at(i)), this);
        box->setObjectName(QStringLiteral("need_%1").arg(kinds.at(i)));
        box->setProperty("need", kinds.at(i));
        needs->addWidget(box, i / 2, i % 2);
        m_needs << box;
    }
    right->addRow(tr("Special care"), needs);
    m_consentShare = new QCheckBox(tr("May be shared with other bodies (art. 90-4)"), this);
    m_consentShare->setObjectName(QStringLiteral("consentShareBox"));
    m_consentEnquiry = new QCheckBox(tr("Safety enquiries may be answered"), this);
    m_consentEnquiry->setObjectName(QStringLiteral("consentEnquiryBox"));
    m_dv = new QCheckBox(tr("Under DV protection: never disclose"), this);
    m_dv->setObjectName(QStringLiteral("dvBox"));
    right->addRow(tr("Consent"), m_consentShare);
    right->addRow(QString(), m_consentEnquiry);
    right->addRow(tr("Protection"), m_dv);

    auto* buttons = new QHBoxLayout;
    m_register = new QPushButton(tr("&Register (Ctrl+Enter)"), this);
    m_register->setObjectName(QStringLiteral("registerButton"));
    m_register->setAutoDefault(true); // Enter on the focused button registers too
    auto* clear = new QPushButton(tr("C&lear"), this);
    clear->setAutoDefault(false);
    m_readCard = new QPushButton(tr("Read &card…"), this);
    m_readCard->setObjectName(QStringLiteral("readCardButton"));
    m_readCard->setAutoDefault(false);
    buttons->addWidget(m_register);
    buttons->addWidget(clear);
    buttons->addWidget(m_readCard);
    buttons->addSpacing(24);
    auto* codeLabel = new QLabel(tr("Resident c&ode:"), this);
    m_residentCode = edit("residentCodeEdit", tr("11 digits"));
    m_residentCode->setMaxLength(11);
    m_residentCode->setMinimumWidth(140);
    codeLabel->setBuddy(m_residentCode);
    m_fromRegister = new QPushButton(tr("From the r&egister"), this);
    m_fromRegister->setObjectName(QStringLiteral("fromRegisterButton"));
    m_fromRegister->setAutoDefault(false);
    m_fromRegister->setToolTip(tr("Registers the resident with this code from the resident "
                                  "register into the shelter chosen above"));
    buttons->addWidget(codeLabel);
    buttons->addWidget(m_residentCode);
    buttons->addWidget(m_fromRegister);
    buttons->addStretch();
    outer->addLayout(buttons);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("registrationMessage"));
    m_message->setWordWrap(true);
    QFont bold = big;
    bold.setBold(true);
    m_message->setFont(bold);
    outer->addWidget(m_message);
    auto* recentLabel = new QLabel(tr("Registered at this desk:"), this);
    QFont normal = font();
    normal.setPointSizeF(normal.pointSizeF() / 1.4);
    recentLabel->setFont(normal);
    outer->addWidget(recentLabel);
    m_recent = new QListWidget(this);
    m_recent->setObjectName(QStringLiteral("recentList"));
    m_recent->setFont(normal);
    m_recent->setFocusPolicy(Qt::NoFocus);
    m_recent->setSelectionMode(QAbstractItemView::NoSelection);
    outer->addWidget(m_recent, 1);

    // Enter moves on, Ctrl+Enter registers, in every field of the person.
    for (QWidget* w : std::initializer_list<QWidget*>{
             m_family, m_given, m_familyKana, m_givenKana, m_birth, m_sex, m_phone, m_whereabouts,
             m_shelter, m_status, m_staying, m_consentShare, m_consentEnquiry, m_dv}) {
        w->installEventFilter(this);
    }
    for (QCheckBox* box : std::as_const(m_needs)) {
        box->installEventFilter(this);
    }
    connect(m_register, &QPushButton::clicked, this, &DisasterRegistrationForm::submit);
    // Ctrl+Enter from anywhere in the form (the fields' own filter takes it first).
    for (const QKeySequence& keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &DisasterRegistrationForm::submit);
    }
    connect(clear, &QPushButton::clicked, this, [this] {
        clearPerson();
        m_message->clear();
    });
    connect(m_fromRegister, &QPushButton::clicked, this,
            &DisasterRegistrationForm::registerFromRegister);
    connect(m_residentCode, &QLineEdit::returnPressed, this,
            &DisasterRegistrationForm::registerFromRegister);
    connect(m_readCard, &QPushButton::clicked, this, &DisasterRegistrationForm::readCard);
    if (m_ctx->cardMonitor) {
        connect(m_ctx->cardMonitor, &card::CardMonitor::changed, this,
                &DisasterRegistrationForm::updateCardButton);
    }
    updateCardButton();
    setFocusProxy(m_family);
}

void DisasterRegistrationForm::setDisaster(qint64 disasterId)
{
    m_disasterId = disasterId;
    reloadShelters();
}

void DisasterRegistrationForm::reloadShelters()
{
    const qint64 keep = selectedShelter();
    QSignalBlocker block(m_shelter);
    m_shelter->clear();
    m_shelter->addItem(tr("(not checked in)"), 0);
    if (m_disasterId == 0) {
        return;
    }
    auto shelters = DisasterService(m_ctx->db).shelters(m_disasterId);
    if (!shelters) {
        say(shelters.errorMessage(), true);
        return;
    }
    for (const Shelter& s : std::as_const(*shelters)) {
        if (!s.open) {
            continue;
        }
        m_shelter->addItem(tr("%1 (%2 / %3)").arg(s.name).arg(s.occupancy).arg(s.capacity), s.id);
    }
    // The shelter last used, else the first open one: most people come to the same door.
    const int index = m_shelter->findData(keep);
    m_shelter->setCurrentIndex(index > 0 ? index : std::min(1, m_shelter->count() - 1));
}

qint64 DisasterRegistrationForm::selectedShelter() const
{
    return m_shelter->currentData().toLongLong();
}

QString DisasterRegistrationForm::message() const
{
    return m_message->text();
}

void DisasterRegistrationForm::say(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;")
                                   : QStringLiteral("color: #0a6b2d;"));
}

bool DisasterRegistrationForm::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ControlModifier) {
                submit();
                return true;
            }
            if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
                auto* combo = qobject_cast<QComboBox*>(watched);
                if (combo && combo->view() && combo->view()->isVisible()) {
                    return false; // Enter chooses in an open list
                }
                focusNextChild();
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool DisasterRegistrationForm::submit()
{
    if (m_disasterId == 0) {
        say(tr("No disaster is open: open one first."), true);
        return false;
    }
    Person p;
    p.disasterId = m_disasterId;
    p.familyName = m_family->text().trimmed();
    p.givenName = m_given->text().trimmed();
    p.familyKana = m_familyKana->text().trimmed();
    p.givenKana = m_givenKana->text().trimmed();
    const QString birth = m_birth->text().trimmed();
    if (!birth.isEmpty()) {
        auto date = text::Wareki::parse(birth);
        if (!date) {
            say(tr("Not registered: the birth date: %1").arg(date.errorMessage()), true);
            m_birth->setFocus();
            m_birth->selectAll();
            return false;
        }
        p.birthDate = *date;
    }
    p.sex = m_sex->currentData().toString();
    p.safety = m_status->currentData().toString();
    p.staying = m_staying->currentData().toString();
    for (QCheckBox* box : std::as_const(m_needs)) {
        if (box->isChecked()) {
            p.needs << box->property("need").toString();
        }
    }
    p.consentShare = m_consentShare->isChecked();
    p.consentEnquiry = m_consentEnquiry->isChecked();
    p.dv = m_dv->isChecked();
    p.phone = m_phone->text().trimmed();
    p.whereabouts = m_whereabouts->text().trimmed();
    p.registeredAddress = m_cardAddress;
    const qint64 shelterId = selectedShelter();
    auto added = DisasterService(m_ctx->db).registerPerson(p, m_ctx->session, shelterId);
    if (!added) {
        say(tr("Not registered: %1").arg(added.errorMessage()), true);
        return false;
    }
    const QString where = shelterId ? shelterName(m_ctx->db, shelterId) : QString();
    say(shelterId ? tr("Registered: %1 → %2").arg(added->fullName(), where)
                  : tr("Registered: %1 (not checked in)").arg(added->fullName()),
        false);
    remember(*added, where);
    clearPerson();
    emit registered(added->id);
    reloadShelters();
    m_family->setFocus();
    return true;
}

bool DisasterRegistrationForm::registerFromRegister()
{
    const QString code = m_residentCode->text().trimmed();
    if (code.isEmpty()) {
        say(tr("Type the resident code first."), true);
        m_residentCode->setFocus();
        return false;
    }
    const qint64 shelterId = selectedShelter();
    DisasterService service(m_ctx->db);
    auto added = service.registerResident(code, m_ctx->session, shelterId, m_disasterId);
    if (!added) {
        say(tr("Not registered: %1").arg(added.errorMessage()), true);
        return false;
    }
    const QString where = shelterId ? shelterName(m_ctx->db, shelterId) : QString();
    say(shelterId ? tr("Registered: %1 → %2").arg(added->fullName(), where)
                  : tr("Registered: %1 (not checked in)").arg(added->fullName()),
        false);
    remember(*added, where);
    m_residentCode->clear();
    emit registered(added->id);
    reloadShelters();
    m_family->setFocus();
    return true;
}

void DisasterRegistrationForm::remember(const Person& p, const QString& shelter)
{
    QString line =
        QStringLiteral("%1  %2  %3  %4")
            .arg(Clock::now().toTimeZone(QTimeZone(9 * 3600)).toString(QStringLiteral("HH:mm")),
                 p.fullName(), p.fullKana(), safetyDisplay(p.safety));
    if (!shelter.isEmpty()) {
        line += QStringLiteral("  → ") + shelter;
    }
    m_recent->insertItem(0, line);
    while (m_recent->count() > 20) {
        delete m_recent->takeItem(m_recent->count() - 1);
    }
}

void DisasterRegistrationForm::clearPerson()
{
    for (QLineEdit* e :
         {m_family, m_given, m_familyKana, m_givenKana, m_birth, m_phone, m_whereabouts}) {
        e->clear();
    }
    m_sex->setCurrentIndex(0);
    for (QCheckBox* box : std::as_const(m_needs)) {
        box->setChecked(false);
    }
    m_consentShare->setChecked(false);
    m_consentEnquiry->setChecked(false);
    m_dv->setChecked(false);
    m_cardAddress.clear();
}

void DisasterRegistrationForm::fillFromCard(const card::CardBasicInfo& info)
{
    const Person p = DisasterService::fromCard(info);
    clearPerson();
    m_family->setText(p.familyName);
    m_given->setText(p.givenName);
    m_birth->setText(p.birthDate.toString(Qt::ISODate));
    m_sex->setCurrentIndex(std::max(0, m_sex->findData(p.sex)));
    m_cardAddress = p.registeredAddress;
    say(tr("Read from the card: %1. Add the kana and register with Ctrl+Enter.").arg(p.fullName()),
        false);
    m_familyKana->setFocus();
}

void DisasterRegistrationForm::updateCardButton()
{
    const auto state =
        m_ctx->cardMonitor ? m_ctx->cardMonitor->summary() : card::ReaderState::NoService;
    m_readCard->setVisible(state != card::ReaderState::NoService);
    m_readCard->setToolTip(card::CardMonitor::describe(state));
}

void DisasterRegistrationForm::readCard()
{
    m_readCard->setEnabled(false);
    say(tr("Checking the card…"), false);
    onCardThread<int>(
        this,
        [] {
            return card::CardService().call<int>(
                [](card::MyNumberCard& c) { return c.pinTries(card::Pin::Helper); });
        },
        [this](const Result<int>& tries) {
            if (!tries || *tries == 0) {
                m_readCard->setEnabled(true);
                say(!tries ? tries.errorMessage()
                           : tr("The %1 is locked: the card holder must have it reset before "
                                "the card can be read.")
                                 .arg(card::pinName(card::Pin::Helper)),
                    true);
                return;
            }
            CardPinDialog dialog(card::Pin::Helper, *tries, this);
            if (dialog.exec() != QDialog::Accepted) {
                m_readCard->setEnabled(true);
                m_message->clear();
                return;
            }
            const QString pin = dialog.pin();
            const bool lastTry = dialog.lastTryConfirmed();
            say(tr("Reading the card…"), false);
            onCardThread<card::CardBasicInfo>(
                this,
                [pin, lastTry] {
                    return card::CardService().call<card::CardBasicInfo>(
                        [pin, lastTry](card::MyNumberCard& c) {
                            return c.readBasicInfo(pin, lastTry);
                        });
                },
                [this](const Result<card::CardBasicInfo>& info) {
                    m_readCard->setEnabled(true);
                    if (!info) {
                        say(info.errorMessage(), true);
                        return;
                    }
                    fillFromCard(*info);
                });
        });
}

} // namespace madoguchi
