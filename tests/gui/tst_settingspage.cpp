// Settings as an administrator uses it: unlock a locked clerk, add an operator, set the idle
// lock; and what a clerk may not touch.
#include "SettingsPage.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "i18n/Translations.h"
#include "storage/Migrations.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QImage>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace madoguchi;

class TestSettingsPage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<OperatorService> m_ops;

    AppContext contextFor(const QString& login, const QString& password)
    {
        AppContext ctx;
        ctx.db = *m_db;
        ctx.operators = m_ops.get();
        ctx.session = *m_ops->authenticate(login, password);
        return ctx;
    }

    static int rowOf(QTableView* table, const QString& login)
    {
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, 0).data().toString() == login) {
                return r;
            }
        }
        return -1;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::Japanese));
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        QVERIFY(Migrator::migrate(*db).ok());
        m_db = *db;
        m_ops = std::make_unique<OperatorService>(*db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(m_ops
                    ->createFirstAdmin({QStringLiteral("admin"), {}, {Role::Admin}},
                                       QStringLiteral("admin-pass-1"))
                    .ok());
        Session admin =
            *m_ops->authenticate(QStringLiteral("admin"), QStringLiteral("admin-pass-1"));
        QVERIFY(m_ops
                    ->create({QStringLiteral("suzuki"), QStringLiteral("鈴木"), {Role::Clerk}},
                             QStringLiteral("counter-pass-1"), admin)
                    .ok());
    }

    void administratorUnlocksAndAdds()
    {
        for (int i = 0; i < OperatorService::kMaxFailures; ++i) {
            QVERIFY(!m_ops->authenticate(QStringLiteral("suzuki"), QStringLiteral("wrong")).ok());
        }
        AppContext ctx = contextFor(QStringLiteral("admin"), QStringLiteral("admin-pass-1"));
        SettingsPage page(&ctx);
        page.show();
        auto* table = page.findChild<QTableView*>(QStringLiteral("operatorTable"));
        QVERIFY(table && table->isVisible());
        QCOMPARE(table->model()->rowCount(), 2);
        const int row = rowOf(table, QStringLiteral("suzuki"));
        QCOMPARE(table->model()->index(row, 3).data().toString(), QStringLiteral("ロック中"));
        table->selectRow(row);
        page.findChild<QPushButton*>(QStringLiteral("unlockOperatorButton"))->click();
        QCOMPARE(table->model()->index(rowOf(table, QStringLiteral("suzuki")), 3).data().toString(),
                 QStringLiteral("有効"));
        QVERIFY(
            m_ops->authenticate(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")).ok());

        bool filled = false;
        QTimer::singleShot(0, this, [&filled] {
            QWidget* d = QApplication::activeModalWidget();
            QVERIFY(d && d->objectName() == QStringLiteral("addOperatorDialog"));
            QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("accountLoginEdit")),
                             QStringLiteral("tanaka"));
            d->findChild<QLineEdit*>(QStringLiteral("accountNameEdit"))
                ->setText(QStringLiteral("田中 花子"));
            QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("accountPasswordEdit")),
                             QStringLiteral("issue-pass-1"));
            QTest::keyClicks(d->findChild<QLineEdit*>(QStringLiteral("accountConfirmEdit")),
                             QStringLiteral("issue-pass-1"));
            // No role yet: refused with a message, the dialog stays.
            QMetaObject::invokeMethod(d, "create");
            QVERIFY(d->isVisible());
            QVERIFY(!d->findChild<QLabel*>(QStringLiteral("messageLabel"))->text().isEmpty());
            d->findChild<QCheckBox*>(QStringLiteral("role_card_issuer"))->setChecked(true);
            QMetaObject::invokeMethod(d, "create");
            filled = true;
        });
        page.findChild<QPushButton*>(QStringLiteral("addOperatorButton"))->click();
        QVERIFY(filled);
        QCOMPARE(table->model()->rowCount(), 3);
        auto tanaka = m_ops->authenticate(QStringLiteral("tanaka"), QStringLiteral("issue-pass-1"));
        QVERIFY(tanaka.ok());
        QVERIFY(tanaka->can(Permission::IssueCards));
        QCOMPARE(tanaka->op().displayName, QStringLiteral("田中 花子"));

        auto* idle = page.findChild<QSpinBox*>(QStringLiteral("idleLockSpin"));
        QVERIFY(idle->isEnabled());
        idle->setValue(12);
        emit idle->editingFinished();
        QCOMPARE(*InstallationSettings(*m_db).idleLockMinutes(), 12);
    }

    void mayorAndSealForCertificates()
    {
        AppContext ctx = contextFor(QStringLiteral("admin"), QStringLiteral("admin-pass-1"));
        SettingsPage page(&ctx);
        auto* mayor = page.findChild<QLineEdit*>(QStringLiteral("mayorEdit"));
        QVERIFY(mayor->isEnabled());
        mayor->setText(QStringLiteral("鎌倉 太郎"));
        emit mayor->editingFinished();
        QCOMPARE(*InstallationSettings(*m_db).mayorName(), QStringLiteral("鎌倉 太郎"));
        // Not a PNG: refused with a message, nothing saved.
        const QString notPng = m_dir.filePath(QStringLiteral("seal.txt"));
        QFile f(notPng);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image");
        f.close();
        page.saveSeal(notPng);
        QVERIFY(InstallationSettings(*m_db).sealImagePath()->isEmpty());
        QVERIFY(!page.findChild<QLabel*>(QStringLiteral("messageLabel"))->text().isEmpty());
        QImage seal(32, 32, QImage::Format_ARGB32);
        seal.fill(Qt::red);
        const QString png = m_dir.filePath(QStringLiteral("seal.png"));
        QVERIFY(seal.save(png));
        page.saveSeal(png);
        QCOMPARE(*InstallationSettings(*m_db).sealImagePath(), png);
        QCOMPARE(page.findChild<QLabel*>(QStringLiteral("sealLabel"))->text(), png);
    }

    void clerkSeesNoAccountsAndCannotChangeThePolicy()
    {
        AppContext ctx = contextFor(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1"));
        SettingsPage page(&ctx);
        page.show();
        QVERIFY(!page.findChild<QTableView*>(QStringLiteral("operatorTable"))->isVisible());
        QVERIFY(!page.findChild<QSpinBox*>(QStringLiteral("idleLockSpin"))->isEnabled());
        QVERIFY(!page.findChild<QLineEdit*>(QStringLiteral("mayorEdit"))->isEnabled());
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
