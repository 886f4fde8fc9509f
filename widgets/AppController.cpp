#include "AppController.h"

#include "FirstRunDialog.h"
#include "LockDialog.h"
#include "LoginDialog.h"
#include "MainWindow.h"
#include "refdata/ReferenceData.h"

#include <QApplication>
#include <QMessageBox>

namespace madoguchi {

AppController::AppController(Database db, QObject* parent)
    : QObject(parent), m_operators(std::make_unique<OperatorService>(db))
{
    m_ctx.db = std::move(db);
    m_ctx.operators = m_operators.get();
    InstallationSettings settings(m_ctx.db);
    if (auto demo = settings.isDemo()) {
        m_ctx.demo = *demo;
    }
    if (auto code = settings.municipalityCode(); code && !code->isEmpty()) {
        if (auto name = ReferenceData(m_ctx.db).fullName(*code)) {
            m_ctx.municipality = *name;
        }
    }
    connect(&m_idle, &IdleWatcher::idle, this, &AppController::lock);
}

AppController::~AppController()
{
    delete m_window;
}

bool AppController::start()
{
    auto count = m_operators->count();
    if (!count) {
        QMessageBox::critical(nullptr, tr("Madoguchi"), count.error().message);
        return false;
    }
    if (*count == 0) {
        FirstRunDialog first(m_operators.get());
        if (first.exec() != QDialog::Accepted) {
            return false;
        }
    }
    return signIn();
}

bool AppController::signIn()
{
    LoginDialog login(m_operators.get(), m_ctx.db.spec().display(), m_ctx.demo);
    if (m_ctx.demo) {
        login.setLogin(QStringLiteral("demo"));
    }
    if (login.exec() != QDialog::Accepted) {
        return false;
    }
    m_ctx.session = login.session();
    m_window = new MainWindow(&m_ctx);
    connect(m_window, &MainWindow::lockRequested, this, &AppController::lock);
    connect(m_window, &MainWindow::signOutRequested, this, &AppController::signOut);
    connect(m_window, &MainWindow::idleLockChanged, this, &AppController::applyIdleLock);
    InstallationSettings settings(m_ctx.db);
    auto idle = settings.idleLockMinutes();
    applyIdleLock(idle ? *idle : InstallationSettings::kDefaultIdleLockMinutes);
    m_window->show();
    return true;
}

void AppController::applyIdleLock(int minutes)
{
    m_idle.setTimeoutMs(minutes * 60 * 1000);
}

void AppController::lock()
{
    if (m_locked || !m_window) {
        return;
    }
    m_locked = true;
    m_idle.setEnabled(false);
    int outcome = 0;
    {
        // The dialog is gone before a sign-out deletes the window it belongs to.
        LockDialog dialog(m_operators.get(), m_ctx.session, m_window);
        outcome = dialog.exec();
    }
    m_locked = false;
    m_idle.setEnabled(true);
    if (outcome == LockDialog::SignedOut) {
        signOut();
    }
}

void AppController::signOut()
{
    m_idle.setEnabled(false);
    if (m_window) {
        m_window->hide();
        m_window->deleteLater();
        m_window = nullptr;
    }
    m_ctx.session = Session();
    if (!signIn()) {
        emit quitRequested();
        return;
    }
    m_idle.setEnabled(true);
}

} // namespace madoguchi
