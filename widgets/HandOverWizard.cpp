#include "HandOverWizard.h"

#include "card/CardMonitor.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace madoguchi {

using namespace issuance;

namespace {

const QList<card::Pin> kPins = {card::Pin::Sign, card::Pin::Auth, card::Pin::Helper,
                                card::Pin::Juki};

bool atOrPastIdentity(State s)
{
    return s == State::IdentityVerified || s == State::PinsSet || s == State::Issued;
}

} // namespace

// A page whose completeness the wizard decides.
class HandOverPage : public QWizardPage
{
public:
    explicit HandOverPage(std::function<bool()> complete, QWidget* parent = nullptr)
        : QWizardPage(parent), m_complete(std::move(complete))
    {}
    bool isComplete() const override { return m_complete ? m_complete() : true; }
    void refresh() { emit completeChanged(); }

private:
    std::function<bool()> m_complete;
};

HandOverWizard::HandOverWizard(AppContext* context, qint64 applicationId, QWidget* parent)
    : QWizard(parent), m_ctx(context), m_appId(applicationId)
{
    setWindowTitle(tr("Card hand-over"));
    setObjectName(QStringLiteral("handOverWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    m_cardOptions.timeoutMs = 30000;
    reloadApplication();
    setPage(CardPage, makeCardPage());
    setPage(IdentityPage, makeIdentityPage());
    setPage(PinPage, makePinPage());
    setPage(CertificatesPage, makeCertificatesPage());
    setPage(DonePage, makeDonePage());
    resize(720, 520);
}

HandOverWizard::~HandOverWizard()
{
    clearPins();
}

void HandOverWizard::reloadApplication()
{
    auto a = IssuanceService(m_ctx->db).get(m_appId);
    if (!a) {
        return;
    }
    m_app = *a;
    auto r = RegistryService(m_ctx->db).load(m_app.residentId);
    m_holderName = r ? r->fullName() : QString();
}

QLineEdit* HandOverWizard::pinField(card::Pin pin, bool confirmation) const
{
    const qsizetype i = kPins.indexOf(pin);
    return i < 0 ? nullptr : (confirmation ? m_repeats.value(i) : m_pins.value(i));
}

QWizardPage* HandOverWizard::makeCardPage()
{
    auto* page = new HandOverPage([this] { return m_cardOk && !m_running; });
    page->setTitle(tr("1. The card"));
    page->setSubTitle(tr("Put the holder's new card in the reader and read it."));
    auto* layout = new QVBoxLayout(page);
    m_appText = new QLabel(page);
    m_appText->setWordWrap(true);
    m_appText->setText(
        tr("Application %1 · %2 (%3) · %4")
            .arg(m_app.id)
            .arg(m_holderName, m_app.residentCode, displayName(m_app.state)) +
        (m_app.cardSerial.isEmpty() ? QString() : tr(" · card %1").arg(m_app.cardSerial)));
    layout->addWidget(m_appText);
    m_read = new QPushButton(tr("&Read the card"), page);
    m_read->setObjectName(QStringLiteral("readCard"));
    layout->addWidget(m_read, 0, Qt::AlignLeft);
    m_cardText = new QLabel(page);
    m_cardText->setWordWrap(true);
    m_cardText->setObjectName(QStringLiteral("cardState"));
    layout->addWidget(m_cardText);
    // A hand-over that stopped before is named, so the clerk knows it resumes.
    auto rec = HandOver::record(m_ctx->db, m_appId);
    if (rec && *rec && (*rec)->interrupted) {
        auto* stopped = new QLabel(
            tr("The hand-over of this card stopped on %1 after step "
               "\"%2\": %3\nIt resumes from there.")
                .arg((*rec)->updatedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                     (*rec)->step, (*rec)->lastError),
            page);
        stopped->setWordWrap(true);
        stopped->setStyleSheet(QStringLiteral("color: #8a5300"));
        stopped->setObjectName(QStringLiteral("stoppedBefore"));
        layout->addWidget(stopped);
    }
    layout->addStretch();
    connect(m_read, &QPushButton::clicked, this, &HandOverWizard::readCard);
    return page;
}

namespace {
struct CardReading
{
    Result<card::CardStatusReport> status = Error(QString());
    QString serial; // empty: the card has none
};
} // namespace

void HandOverWizard::readCard()
{
    m_read->setEnabled(false);
    m_cardOk = false;
    m_cardText->setStyleSheet(QString());
    m_cardText->setText(tr("Reading the card…"));
    const card::CardServiceOptions options = m_cardOptions;
    auto* watcher = new QFutureWatcher<CardReading>(this);
    connect(watcher, &QFutureWatcher<CardReading>::finished, this, [this, watcher] {
        const CardReading reading = watcher->result();
        const Result<card::CardStatusReport>& r = reading.status;
        watcher->deleteLater();
        m_read->setEnabled(true);
        if (!r) {
            m_cardText->setText(r.errorMessage());
        } else if (!r->cardPresent) {
            m_cardText->setText(
                card::CardMonitor::describe(!r->serviceRunning     ? card::ReaderState::NoService
                                            : r->readers.isEmpty() ? card::ReaderState::NoReader
                                                                   : card::ReaderState::Empty));
        } else if (!r->applications.contains(QStringLiteral("jpki"))) {
            m_cardText->setText(tr("The card in %1 is not a My Number card (no JPKI "
                                   "application).")
                                    .arg(r->reader));
        } else if (!m_app.cardSerial.isEmpty() && reading.serial != m_app.cardSerial) {
            m_cardText->setStyleSheet(QStringLiteral("color: #b00020"));
            m_cardText->setText(
                tr("This is not the card made for this application: the card in "
                   "the reader is %1, the application's card is %2.")
                    .arg(reading.serial.isEmpty() ? tr("without a card serial") : reading.serial,
                         m_app.cardSerial));
        } else {
            QStringList notSet;
            QStringList set;
            for (card::Pin pin : kPins) {
                (r->pinTries.contains(card::pinKey(pin)) ? set : notSet) << card::pinName(pin);
            }
            QString text = reading.serial.isEmpty()
                               ? tr("My Number card in %1.").arg(r->reader)
                               : tr("My Number card %1 in %2.").arg(reading.serial, r->reader);
            if (!m_app.cardSerial.isEmpty()) {
                text += u'\n' + tr("It is the card made for this application.");
            }
            if (set.isEmpty()) {
                text += u'\n' + tr("No PIN is set yet: a card as it comes from production.");
            } else if (notSet.isEmpty()) {
                text += u'\n' + tr("All four PINs are set already: if this card was not handed "
                                   "over half-way before, it is not a new card.");
            } else {
                text += u'\n' +
                        tr("Set already: %1. Not set yet: %2.")
                            .arg(set.join(QStringLiteral("、")), notSet.join(QStringLiteral("、")));
            }
            m_cardText->setText(text);
            m_cardOk = true;
        }
        if (auto* p = dynamic_cast<HandOverPage*>(page(CardPage))) {
            p->refresh();
        }
    });
    watcher->setFuture(QtConcurrent::run([options] {
        CardReading out;
        const card::CardService service(options);
        out.status = service.status();
        if (out.status && out.status->cardPresent) {
            auto serial =
                service.call<QString>([](card::MyNumberCard& c) { return c.readCardSerial(); });
            if (serial) {
                out.serial = *serial;
            }
        }
        return out;
    }));
}

QWizardPage* HandOverWizard::makeIdentityPage()
{
    auto* page = new HandOverPage([this] {
        if (atOrPastIdentity(m_app.state)) {
            return true;
        }
        return m_photo->isChecked() && m_documents->currentIndex() > 0 &&
               (!m_proxy->isChecked() || !m_proxyDetails->text().trimmed().isEmpty());
    });
    page->setTitle(tr("2. Identity"));
    page->setSubTitle(tr("Compare the holder with the photo on the card and check the "
                         "documents they brought."));
    auto* layout = new QVBoxLayout(page);
    m_identityDone = new QLabel(page);
    m_identityDone->setWordWrap(true);
    layout->addWidget(m_identityDone);
    auto* form = new QFormLayout;
    m_photo =
        new QCheckBox(tr("The person at the counter is the person in the card's &photo"), page);
    m_photo->setObjectName(QStringLiteral("photoMatches"));
    form->addRow(m_photo);
    m_documents = new QComboBox(page);
    m_documents->setObjectName(QStringLiteral("documents"));
    m_documents->addItem(tr("— choose —"));
    m_documents->addItem(tr("notice (交付通知書) and driving licence"));
    m_documents->addItem(tr("notice (交付通知書) and passport"));
    m_documents->addItem(tr("notice (交付通知書) and residence card"));
    m_documents->addItem(tr("notice (交付通知書) and disability certificate with photo"));
    m_documents->addItem(
        tr("notice (交付通知書) and two documents without photo (health insurance card, pension "
           "book…)"));
    auto* docLabel = new QLabel(tr("&Documents checked:"), page);
    docLabel->setBuddy(m_documents);
    form->addRow(docLabel, m_documents);
    m_proxy = new QCheckBox(tr("Collected by a pro&xy (代理)"), page);
    m_proxy->setObjectName(QStringLiteral("proxy"));
    form->addRow(m_proxy);
    m_proxyDetails = new QLineEdit(page);
    m_proxyDetails->setObjectName(QStringLiteral("proxyDetails"));
    m_proxyDetails->setPlaceholderText(
        tr("letter of attorney (委任状), the proxy's name and identity document"));
    m_proxyDetails->setEnabled(false);
    auto* proxyLabel = new QLabel(tr("Proxy's d&etails:"), page);
    proxyLabel->setBuddy(m_proxyDetails);
    form->addRow(proxyLabel, m_proxyDetails);
    layout->addLayout(form);
    layout->addStretch();
    auto refresh = [page] {
        page->refresh();
    };
    connect(m_photo, &QCheckBox::toggled, page, refresh);
    connect(m_documents, &QComboBox::currentIndexChanged, page, refresh);
    connect(m_proxy, &QCheckBox::toggled, page, [this, page](bool on) {
        m_proxyDetails->setEnabled(on);
        page->refresh();
    });
    connect(m_proxyDetails, &QLineEdit::textChanged, page, refresh);
    return page;
}

QWizardPage* HandOverWizard::makePinPage()
{
    auto* page = new HandOverPage([this] { return pinsComplete(); });
    page->setTitle(tr("3. PINs"));
    page->setSubTitle(tr("Turn the keyboard to the holder: they enter each PIN twice. The clerk "
                         "does not type or see them."));
    auto* grid = new QGridLayout(page);
    grid->addWidget(new QLabel(tr("PIN"), page), 0, 0);
    grid->addWidget(new QLabel(tr("Enter"), page), 0, 1);
    grid->addWidget(new QLabel(tr("Again"), page), 0, 2);
    int row = 1;
    for (card::Pin pin : kPins) {
        const card::PinPolicy policy = card::pinPolicy(pin);
        const QString pattern = policy.digitsOnly
                                    ? QStringLiteral("[0-9]{0,%1}").arg(policy.maxLength)
                                    : QStringLiteral("[A-Za-z0-9]{0,%1}").arg(policy.maxLength);
        auto* label = new QLabel(card::pinName(pin), page);
        grid->addWidget(label, row, 0);
        for (int twice = 0; twice < 2; ++twice) {
            auto* field = new QLineEdit(page);
            field->setEchoMode(QLineEdit::Password);
            field->setContextMenuPolicy(Qt::NoContextMenu);
            field->setMaxLength(policy.maxLength);
            field->setValidator(
                new QRegularExpressionValidator(QRegularExpression(pattern), field));
            field->setObjectName(
                QStringLiteral("pin-%1%2")
                    .arg(card::pinKey(pin), twice ? QStringLiteral("-again") : QString()));
            grid->addWidget(field, row, 1 + twice);
            (twice ? m_repeats : m_pins) << field;
            connect(field, &QLineEdit::textChanged, page, [this, page] {
                updatePinHints();
                page->refresh();
            });
            if (twice == 0) {
                label->setBuddy(field);
            }
        }
        auto* hint = new QLabel(page);
        hint->setObjectName(QStringLiteral("pinHint-%1").arg(card::pinKey(pin)));
        grid->addWidget(hint, row, 3);
        m_pinHints << hint;
        ++row;
    }
    auto* note = new QLabel(tr("Signing PIN: 6 to 16 letters and digits (letters are taken as "
                               "capitals). The other three: 4 digits. The PINs are not stored."),
                            page);
    note->setWordWrap(true);
    grid->addWidget(note, row, 0, 1, 4);
    grid->setRowStretch(row + 1, 1);
    updatePinHints();
    return page;
}

void HandOverWizard::updatePinHints()
{
    for (qsizetype i = 0; i < kPins.size(); ++i) {
        const QString value = m_pins[i]->text().toUpper();
        const QString again = m_repeats[i]->text().toUpper();
        QString hint;
        if (!value.isEmpty()) {
            hint = card::pinFormatProblem(kPins[i], value);
            if (hint.isEmpty() && !again.isEmpty() && again != value) {
                hint = tr("the two entries differ");
            }
            if (hint.isEmpty() && again == value) {
                hint = tr("✓");
            }
        }
        m_pinHints[i]->setText(hint);
    }
}

bool HandOverWizard::pinsComplete() const
{
    for (qsizetype i = 0; i < kPins.size(); ++i) {
        const QString value = m_pins[i]->text().toUpper();
        if (value.isEmpty() || value != m_repeats[i]->text().toUpper() ||
            !card::pinFormatProblem(kPins[i], value).isEmpty()) {
            return false;
        }
    }
    return true;
}

void HandOverWizard::clearPins()
{
    for (QLineEdit* f : std::as_const(m_pins)) {
        f->clear();
    }
    for (QLineEdit* f : std::as_const(m_repeats)) {
        f->clear();
    }
}

QWizardPage* HandOverWizard::makeCertificatesPage()
{
    auto* page = new HandOverPage([this] { return m_done; });
    page->setTitle(tr("4. Certificates"));
    page->setSubTitle(tr("The PINs, keys and certificates go onto the card now. Leave the card "
                         "in the reader."));
    page->setCommitPage(true);
    page->setButtonText(QWizard::CommitButton, tr("&Next >"));
    auto* layout = new QVBoxLayout(page);
    m_progress = new QListWidget(page);
    m_progress->setObjectName(QStringLiteral("progress"));
    layout->addWidget(m_progress, 1);
    m_error = new QLabel(page);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setObjectName(QStringLiteral("error"));
    layout->addWidget(m_error);
    m_retry = new QPushButton(tr("&Try again (resumes where it stopped)"), page);
    m_retry->setObjectName(QStringLiteral("retry"));
    m_retry->setVisible(false);
    layout->addWidget(m_retry, 0, Qt::AlignLeft);
    connect(m_retry, &QPushButton::clicked, this, &HandOverWizard::startHandOver);
    return page;
}

QWizardPage* HandOverWizard::makeDonePage()
{
    auto* page = new QWizardPage;
    page->setTitle(tr("5. Handed over"));
    auto* layout = new QVBoxLayout(page);
    m_summary = new QLabel(page);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("summary"));
    layout->addWidget(m_summary);
    layout->addStretch();
    return page;
}

void HandOverWizard::initializePage(int id)
{
    if (id == IdentityPage) {
        const bool done = atOrPastIdentity(m_app.state);
        m_identityDone->setText(
            done ? tr("The identity was verified already (%1).").arg(displayName(m_app.state))
                 : QString());
        m_identityDone->setVisible(done);
        for (QWidget* w : std::initializer_list<QWidget*>{m_photo, m_documents, m_proxy}) {
            w->setEnabled(!done);
        }
    } else if (id == CertificatesPage) {
        startHandOver();
    }
    QWizard::initializePage(id);
}

bool HandOverWizard::validateCurrentPage()
{
    if (currentId() == IdentityPage && !atOrPastIdentity(m_app.state)) {
        QString reason = m_documents->currentText();
        if (m_proxy->isChecked()) {
            reason += tr("; proxy: %1").arg(m_proxyDetails->text().trimmed());
        }
        auto a = IssuanceService(m_ctx->db).advance(m_appId, State::IdentityVerified, reason,
                                                    m_ctx->session, m_proxy->isChecked());
        if (!a) {
            m_identityDone->setText(a.errorMessage());
            m_identityDone->setStyleSheet(QStringLiteral("color: #b00020"));
            m_identityDone->setVisible(true);
            return false;
        }
        m_app = *a;
    }
    return QWizard::validateCurrentPage();
}

void HandOverWizard::startHandOver()
{
    if (m_running || m_done) {
        return;
    }
    auto key = issuanceKeyFromEnvironment();
    auto enrollment = sync::loadEnrollment(m_ctx->db);
    m_error->clear();
    m_retry->setVisible(false);
    if (!key || !enrollment) {
        m_error->setText(!key ? key.errorMessage() : enrollment.errorMessage());
        return;
    }
    NewPins pins;
    pins.sign = m_pins[0]->text().toUpper();
    pins.auth = m_pins[1]->text();
    pins.helper = m_pins[2]->text();
    pins.juki = m_pins[3]->text();
    m_running = true;
    button(QWizard::CancelButton)->setEnabled(false);
    button(QWizard::BackButton)->setEnabled(false);
    const DatabaseSpec spec = m_ctx->db.spec();
    const Session session = m_ctx->session;
    const qint64 appId = m_appId;
    const card::CardServiceOptions options = m_cardOptions;
    const QByteArray issuerKey = *key;
    const sync::Enrollment e = *enrollment;
    QPointer<QListWidget> progress = m_progress;
    auto* watcher = new QFutureWatcher<Result<HandOverResult>>(this);
    connect(watcher, &QFutureWatcher<Result<HandOverResult>>::finished, this, [this, watcher] {
        const Result<HandOverResult> r = watcher->result();
        watcher->deleteLater();
        m_running = false;
        button(QWizard::CancelButton)->setEnabled(true);
        reloadApplication();
        if (!r) {
            m_error->setText(tr("The hand-over stopped: %1").arg(r.errorMessage()));
            m_retry->setVisible(true);
            emit handOverFinished(false);
            return;
        }
        m_done = true;
        clearPins();
        m_app = r->application;
        // What was done replaces what was being done.
        m_progress->clear();
        for (const QString& line : r->done) {
            m_progress->addItem(line);
        }
        m_summary->setText(tr("The card has been handed over to %1.\nValid until %2.\nUser "
                              "authentication certificate: %3\nSigning certificate: %4")
                               .arg(m_holderName,
                                    r->application.expiresOn.toString(QStringLiteral("yyyy-MM-dd")),
                                    r->authSerial, r->signSerial));
        if (auto* p = dynamic_cast<HandOverPage*>(page(CertificatesPage))) {
            p->refresh();
        }
        emit handOverFinished(true);
    });
    watcher->setFuture(QtConcurrent::run(
        [spec, session, appId, options, issuerKey, e, pins, progress]() -> Result<HandOverResult> {
            // Its own connection: Qt's database connections belong to the thread that opened them.
            auto db = Database::open(spec);
            if (!db) {
                return db.error();
            }
            HandOver handOver(*db, card::CardService(options), issuerKey, e);
            handOver.setProgress([progress](const QString& text) {
                QMetaObject::invokeMethod(
                    qApp,
                    [progress, text] {
                        if (progress) {
                            progress->addItem(text);
                        }
                    },
                    Qt::QueuedConnection);
            });
            return handOver.run(appId, pins, session);
        }));
}

} // namespace madoguchi
