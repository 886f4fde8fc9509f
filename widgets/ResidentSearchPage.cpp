#include "ResidentSearchPage.h"

#include "CardPinDialog.h"
#include "MoveActions.h"
#include "ResidentDialog.h"
#include "ResidentSearchModel.h"
#include "Ui.h"
#include "card/CardMonitor.h"
#include "card/CardService.h"
#include "refdata/ReferenceData.h"
#include "registry/CardLookup.h"
#include "registry/RegistryService.h"
#include "registry/SearchService.h"

#include <QAction>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace madoguchi {

ResidentSearchPage::ResidentSearchPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_ctx(context), m_registry(std::make_unique<RegistryService>(context->db)),
      m_search(std::make_unique<SearchService>(context->db, m_registry.get()))
{
    setObjectName(QStringLiteral("residentSearchPage"));
    auto* layout = new QVBoxLayout(this);
    auto* heading = ui::heading(tr("Resident search"), this, 1.5);
    heading->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(heading);

    auto* row = new QHBoxLayout;
    auto* label = new QLabel(tr("&Search:"), this);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("residentSearchEdit"));
    m_edit->setPlaceholderText(tr("Name (kanji, kana or romaji), date of birth (1975-03-01, "
                                  "S50.3.1), address, postal code or resident code"));
    m_edit->setClearButtonEnabled(true);
    QFont bigger = m_edit->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.2);
    m_edit->setFont(bigger);
    label->setBuddy(m_edit);
    row->addWidget(label);
    row->addWidget(m_edit, 1);
    // 転入: "Register a new resident (転入)…", also Ctrl+N anywhere on the page.
    m_moveActions = new MoveActions(m_registry.get(), ReferenceData(m_ctx->db), m_ctx->session,
                                    MoveActions::Register, this);
    QAction* registerAction = m_moveActions->action(MoveKind::MoveIn);
    registerAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    registerAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(registerAction);
    connect(m_moveActions, &MoveActions::registered, this, [this](const Resident& r) {
        // Show the new resident as the only hit, ready to open with Enter.
        m_edit->setText(r.residentCode);
        search();
        focusResults();
    });
    row->addWidget(m_moveActions);
    m_readCard = new QPushButton(tr("&Read card…"), this);
    m_readCard->setObjectName(QStringLiteral("readCardButton"));
    m_readCard->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_readCard, &QPushButton::clicked, this, &ResidentSearchPage::readCard);
    row->addWidget(m_readCard);
    if (m_ctx->cardMonitor) {
        connect(m_ctx->cardMonitor, &card::CardMonitor::changed, this,
                &ResidentSearchPage::updateCardButton);
    }
    updateCardButton();
    layout->addLayout(row);

    auto* hint = new QLabel(tr("Results appear as you type. ↓ moves into the results, Enter "
                               "opens a resident, Esc goes back and clears."),
                            this);
    hint->setObjectName(QStringLiteral("searchHint"));
    hint->setWordWrap(true);
    hint->setEnabled(false); // drawn in the muted colour of the style
    layout->addWidget(hint);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    m_model = new ResidentSearchModel(m_search.get(), this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("residentResults"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab leaves the table
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // The address takes the width that is left (elided; the tooltip has it whole), so that
    // the state column stays in view without scrolling sideways.
    m_table->horizontalHeader()->setSectionResizeMode(ResidentSearchModel::Address,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_table, 1);

    m_typing = new QTimer(this);
    m_typing->setObjectName(QStringLiteral("searchTypingTimer"));
    m_typing->setSingleShot(true);
    m_typing->setInterval(kTypingDelayMs);
    connect(m_typing, &QTimer::timeout, this, &ResidentSearchPage::search);
    connect(m_edit, &QLineEdit::textEdited, m_typing, qOverload<>(&QTimer::start));
    connect(m_edit, &QLineEdit::returnPressed, this, &ResidentSearchPage::search);
    connect(m_table, &QAbstractItemView::doubleClicked, this, &ResidentSearchPage::openResident);
    // The selected resident is the one other pages (電子証明書) start with.
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid() && current.row() < m_model->rowCount()) {
                    m_ctx->lastResidentCode = m_model->residentAt(current.row()).residentCode;
                }
            });
    connect(m_model, &ResidentSearchModel::pageLoaded, this, [this](const QString& error) {
        if (error.isEmpty()) {
            showStatus();
        } else {
            showError(error);
        }
    });
    m_edit->installEventFilter(this);
    m_table->installEventFilter(this);
    setFocusProxy(m_edit);
}

ResidentSearchPage::~ResidentSearchPage() = default;

void ResidentSearchPage::search()
{
    m_typing->stop();
    const QString text = m_edit->text();
    if (Status st = m_model->search(text, m_ctx->session); !st) {
        showError(st.errorMessage());
        return;
    }
    if (text.trimmed().isEmpty()) {
        m_status->clear();
        return;
    }
    m_table->resizeColumnsToContents();
    m_table->scrollToTop();
    showStatus();
}

void ResidentSearchPage::showStatus()
{
    m_status->setStyleSheet(QString());
    const int rows = m_model->rowCount();
    const QString what = m_model->interpretation();
    if (rows == 0) {
        m_status->setText(tr("%1 — none found").arg(what));
    } else if (m_model->hasMore()) {
        //: %2 is the number of hits shown so far; more follow when the list is scrolled
        m_status->setText(tr("%1 — %2+ found (scroll for more)").arg(what).arg(rows));
    } else {
        m_status->setText(tr("%1 — %2 found").arg(what).arg(rows));
    }
}

void ResidentSearchPage::showError(const QString& message)
{
    m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_status->setText(message);
}

void ResidentSearchPage::clearSearch()
{
    m_typing->stop();
    m_edit->clear();
    m_model->clear();
    m_status->clear();
    m_status->setStyleSheet(QString());
    m_edit->setFocus();
}

void ResidentSearchPage::focusResults()
{
    if (m_typing->isActive()) {
        search();
    }
    if (m_model->rowCount() == 0) {
        return;
    }
    m_table->setFocus();
    m_table->setCurrentIndex(m_model->index(0, 0));
    m_table->scrollToTop();
}

void ResidentSearchPage::openSelected()
{
    openResident(m_table->currentIndex());
}

void ResidentSearchPage::openResident(const QModelIndex& index)
{
    if (!index.isValid() || index.row() >= m_model->rowCount()) {
        return;
    }
    const qint64 id = m_model->residentAt(index.row()).id;
    ResidentDialog dialog(m_ctx, m_registry.get(), id, this);
    if (Status st = dialog.load(); !st) {
        showError(st.errorMessage());
        return;
    }
    dialog.exec();
}

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
} // namespace

void ResidentSearchPage::updateCardButton()
{
    const auto state =
        m_ctx->cardMonitor ? m_ctx->cardMonitor->summary() : card::ReaderState::NoService;
    m_readCard->setToolTip(card::CardMonitor::describe(state));
}

void ResidentSearchPage::readCard()
{
    m_readCard->setEnabled(false);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Checking the card…"));
    onCardThread<int>(
        this,
        [] {
            return card::CardService().call<int>(
                [](card::MyNumberCard& c) { return c.pinTries(card::Pin::Helper); });
        },
        [this](const Result<int>& tries) {
            if (!tries) {
                m_readCard->setEnabled(true);
                showError(tries.errorMessage());
                return;
            }
            if (*tries == 0) {
                m_readCard->setEnabled(true);
                showError(tr("The %1 is locked: the card holder must have it reset before the "
                             "card can be read.")
                              .arg(card::pinName(card::Pin::Helper)));
                return;
            }
            askPinAndRead(*tries);
        });
}

void ResidentSearchPage::askPinAndRead(int triesLeft)
{
    CardPinDialog dialog(card::Pin::Helper, triesLeft, this);
    if (dialog.exec() != QDialog::Accepted) {
        m_readCard->setEnabled(true);
        m_status->clear();
        return;
    }
    const QString pin = dialog.pin();
    const bool lastTry = dialog.lastTryConfirmed();
    m_status->setText(tr("Reading the card…"));
    onCardThread<card::CardBasicInfo>(
        this,
        [pin, lastTry] {
            return card::CardService().call<card::CardBasicInfo>(
                [pin, lastTry](card::MyNumberCard& c) { return c.readBasicInfo(pin, lastTry); });
        },
        [this](const Result<card::CardBasicInfo>& info) {
            m_readCard->setEnabled(true);
            if (!info) {
                showError(info.errorMessage());
                return;
            }
            useCardData(*info);
        });
}

void ResidentSearchPage::useCardData(const card::CardBasicInfo& info)
{
    auto found = lookUpCardHolder(*m_registry, *m_search, info, m_ctx->session);
    if (!found) {
        showError(found.errorMessage());
        return;
    }
    m_status->clear(); // "Reading the card…" is over
    if (found->resident) {
        m_edit->setText(found->resident->residentCode);
        search();
        focusResults();
        if (!found->differences.isEmpty()) {
            QMessageBox box(QMessageBox::Warning, tr("The card differs from the register"),
                            tr("What the card says differs from the register:\n\n%1\n\nCheck "
                               "with the card holder whether a move or a change was not "
                               "reported.")
                                .arg(found->differences.join(u'\n')),
                            QMessageBox::Ok, this);
            box.setObjectName(QStringLiteral("cardDiffersBox"));
            box.exec();
            showError(tr("The card differs from the register: %1")
                          .arg(found->differences.join(QStringLiteral("; "))));
        }
        openSelected();
        return;
    }
    if (found->candidates > 1) {
        m_edit->setText(info.name);
        search();
        m_status->setText(tr("%1 residents have the name %2 and were born on %3: choose the "
                             "card holder.")
                              .arg(found->candidates)
                              .arg(info.name, info.birthDate.toString(Qt::ISODate)));
        return;
    }
    QMessageBox box(QMessageBox::Question, tr("No resident matches the card"),
                    tr("No resident matches the card of %1 (born %2).\n\nRegister a move-in "
                       "(転入) with the card's data?")
                        .arg(info.name, info.birthDate.toString(Qt::ISODate)),
                    QMessageBox::Yes | QMessageBox::No, this);
    box.setObjectName(QStringLiteral("cardNoMatchBox"));
    if (box.exec() == QMessageBox::Yes) {
        m_moveActions->registerFromCard(info);
    }
}

bool ResidentSearchPage::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress) {
        return QWidget::eventFilter(watched, event);
    }
    auto* key = static_cast<QKeyEvent*>(event);
    const bool plain = (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
    if (watched == m_edit && plain) {
        switch (key->key()) {
        case Qt::Key_Down:
            focusResults();
            return true;
        case Qt::Key_Escape:
            clearSearch();
            return true;
        default:
            break;
        }
    } else if (watched == m_table && plain) {
        switch (key->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
            openSelected();
            return true;
        case Qt::Key_Escape:
            m_edit->setFocus();
            m_edit->selectAll(); // typing replaces the query
            return true;
        case Qt::Key_Up:
            if (m_table->currentIndex().row() <= 0) {
                m_edit->setFocus();
                return true;
            }
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace madoguchi
