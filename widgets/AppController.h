#pragma once
// Runs the GUI session: first start (administrator account), sign-in, the main window, the
// idle lock and the lock shortcut, sign-out and signing in again.

#include "AppContext.h"
#include "IdleWatcher.h"
#include "MainWindow.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace madoguchi {

class AppController : public QObject
{
    Q_OBJECT
public:
    AppController(Database db, QObject* parent = nullptr);
    ~AppController() override;

    // Shows the first-start and sign-in dialogs, then the main window. False when the user quit.
    bool start();
    MainWindow* window() const { return m_window; }
    const AppContext& context() const { return m_ctx; }
    IdleWatcher* idleWatcher() { return &m_idle; }
    bool isLocked() const { return m_locked; }

public slots:
    void lock();
    void signOut();

signals:
    void quitRequested();

private:
    bool signIn();
    void applyIdleLock(int minutes);

    AppContext m_ctx;
    std::unique_ptr<OperatorService> m_operators;
    QPointer<MainWindow> m_window;
    IdleWatcher m_idle;
    bool m_locked = false;
};

} // namespace madoguchi
