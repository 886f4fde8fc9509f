#pragma once
// The main window: navigation on the left (every page on a shortcut, Ctrl+1 … Ctrl+8), the page
// on the right, a demo banner when the database holds demo data, and a status bar with the
// operator, role, database and connection state.

#include "AppContext.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace madoguchi {

namespace card {
class CardMonitor;
}
class SyncController;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Page {
        Residents,
        CardIssuance,
        Certificates,
        Disaster,
        Recovery,
        Training,
        Sync,
        Settings,
        PageCount
    };

    explicit MainWindow(AppContext* context, QWidget* parent = nullptr);

    int currentPage() const;
    QString pageTitle(int page) const;

public slots:
    void showPage(int page);
    // 同期の競合: the conflicts to resolve (menu, or a click on the sync status).
    void openSyncConflicts();
    // 搬送ファイル: the outbox written for central, for a USB stick (no network at all).
    void exportTransportFile();

signals:
    void lockRequested();
    void signOutRequested();
    void idleLockChanged(int minutes);

private:
    void buildStatusBar();
    AppContext* m_ctx;
    card::CardMonitor* m_cardMonitor = nullptr;
    SyncController* m_sync = nullptr;
    QListWidget* m_nav;
    QStackedWidget* m_pages;
};

} // namespace madoguchi
