// The app shell: navigation by shortcut, Japanese labels, status bar, demo banner, and the
// screen lock (shortcut and idle), driven through the AppController as in the real app.
#include "AppController.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "i18n/Translations.h"
#include "settings/InstallationSettings.h"
#include "storage/Migrations.h"

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace madoguchi;
using madoguchi::test::whenModal;

namespace {
void type(QWidget* w, const char* name, const QString& text)
{
    auto* edit = w->findChild<QLineEdit*>(QString::fromLatin1(name));
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, text);
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::Japanese));
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        QVERIFY(Migrator::migrate(*db).ok());
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(ops.createDemoAccount(QStringLiteral("demo"), QStringLiteral("demo")).ok());
        QVERIFY(InstallationSettings(*db).markDemo(QStringLiteral("demo")).ok());
        m_db = *db;
    }

    void navigationByShortcut()
    {
        OperatorService ops(*m_db);
        AppContext ctx;
        ctx.db = *m_db;
        ctx.operators = &ops;
        ctx.session = *ops.authenticate(QStringLiteral("demo"), QStringLiteral("demo"));
        ctx.demo = true;
        MainWindow w(&ctx);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        auto* nav = w.findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QCOMPARE(nav->count(), int(MainWindow::PageCount));
        const QStringList expected = {QStringLiteral("住民検索"),
                                      QStringLiteral("カード交付"),
                                      QStringLiteral("電子証明書"),
                                      QStringLiteral("被災者支援"),
                                      QStringLiteral("復旧・生活再建支援"),
                                      QStringLiteral("研修"),
                                      QStringLiteral("同期"),
                                      QStringLiteral("設定")};
        for (int i = 0; i < nav->count(); ++i) {
            QVERIFY2(nav->item(i)->text().startsWith(expected.at(i)),
                     qPrintable(nav->item(i)->text()));
        }
        QCOMPARE(w.currentPage(), int(MainWindow::Residents));
        for (int page = MainWindow::PageCount - 1; page >= 0; --page) {
            QTest::keyClick(&w, Qt::Key(Qt::Key_1 + page), Qt::ControlModifier);
            QCOMPARE(w.currentPage(), page);
            QCOMPARE(nav->currentRow(), page);
        }
        QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(w.pageTitle(MainWindow::Disaster), QStringLiteral("被災者支援"));
        QTest::keyClick(&w, Qt::Key_5, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), int(MainWindow::Recovery));
        QCOMPARE(w.pageTitle(MainWindow::Recovery), QStringLiteral("復旧・生活再建支援"));

        auto* banner = w.findChild<QLabel*>(QStringLiteral("demoBanner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY(banner->text().contains(QStringLiteral("デモ")));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("operatorStatus"))
                    ->text()
                    .contains(QStringLiteral("demo")));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("roleStatus"))
                    ->text()
                    .contains(QStringLiteral("窓口担当")));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("databaseStatus"))
                    ->text()
                    .contains(QStringLiteral("SQLite")));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("connectionStatus")));
    }

    void lockShortcutIdleLockAndSignOut()
    {
        AppController controller(*m_db);
        whenModal(QStringLiteral("loginDialog"), [](QWidget* d) {
            type(d, "loginEdit", QStringLiteral("demo"));
            type(d, "passwordEdit", QStringLiteral("demo"));
            QTest::keyClick(d->findChild<QLineEdit*>(QStringLiteral("passwordEdit")),
                            Qt::Key_Return);
        });
        QVERIFY(controller.start());
        MainWindow* w = controller.window();
        QVERIFY(w && w->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(w));

        // Ctrl+L locks; a wrong password keeps it locked, the right one unlocks.
        bool sawWrong = false;
        whenModal(QStringLiteral("lockDialog"), [&sawWrong](QWidget* d) {
            QTest::keyClick(d, Qt::Key_Escape); // Escape does not unlock
            QVERIFY(d->isVisible());
            type(d, "unlockPasswordEdit", QStringLiteral("wrong"));
            d->findChild<QPushButton*>(QStringLiteral("unlockButton"))->click();
            sawWrong = d->isVisible() &&
                       !d->findChild<QLabel*>(QStringLiteral("messageLabel"))->text().isEmpty();
            type(d, "unlockPasswordEdit", QStringLiteral("demo"));
            d->findChild<QPushButton*>(QStringLiteral("unlockButton"))->click();
        });
        QTest::keyClick(w, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(sawWrong);
        QVERIFY(!controller.isLocked());
        QCOMPARE(controller.window(), w);

        // With no input the idle lock engages by itself.
        bool idleLocked = false;
        whenModal(QStringLiteral("lockDialog"), [&idleLocked](QWidget* d) {
            idleLocked = true;
            type(d, "unlockPasswordEdit", QStringLiteral("demo"));
            d->findChild<QPushButton*>(QStringLiteral("unlockButton"))->click();
        });
        controller.idleWatcher()->setTimeoutMs(300);
        QTRY_VERIFY_WITH_TIMEOUT(idleLocked, 5000);
        controller.idleWatcher()->setTimeoutMs(0);

        // Signing out from the lock screen returns to sign-in; quitting there ends the app.
        bool quit = false;
        connect(&controller, &AppController::quitRequested, this, [&quit] { quit = true; });
        whenModal(QStringLiteral("lockDialog"), [](QWidget* d) {
            d->findChild<QPushButton*>(QStringLiteral("signOutButton"))->click();
        });
        whenModal(QStringLiteral("loginDialog"),
                  [](QWidget* d) { static_cast<QDialog*>(d)->reject(); });
        controller.lock();
        QTRY_VERIFY(quit);
        QVERIFY(!controller.window());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
