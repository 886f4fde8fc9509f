// Sign-in and first start, driven as a clerk would: typing into the fields found by name.
#include "FirstRunDialog.h"
#include "LoginDialog.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "i18n/Translations.h"
#include "storage/Migrations.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace madoguchi;

class TestLoginDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<OperatorService> m_ops;

    static void type(QDialog& d, const char* name, const QString& text)
    {
        auto* edit = d.findChild<QLineEdit*>(QString::fromLatin1(name));
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, text);
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::Japanese));
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        QVERIFY(Migrator::migrate(*db).ok());
        m_ops = std::make_unique<OperatorService>(*db, PasswordHasher::Params{10, 8, 1});
    }

    void firstRunCreatesTheAdministrator()
    {
        FirstRunDialog d(m_ops.get());
        d.show();
        type(d, "accountPasswordEdit", QStringLiteral("admin-pass-1"));
        type(d, "accountConfirmEdit", QStringLiteral("admin-pass-2"));
        d.create();
        QVERIFY(d.isVisible());
        QVERIFY(!d.findChild<QLabel*>(QStringLiteral("messageLabel"))->text().isEmpty());
        QCOMPARE(*m_ops->count(), 0);
        type(d, "accountConfirmEdit", QStringLiteral("admin-pass-1"));
        d.create();
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QCOMPARE(d.createdLogin(), QStringLiteral("admin"));
        QCOMPARE(*m_ops->count(), 1);
    }

    void wrongPasswordShowsTriesLeftThenLocks()
    {
        LoginDialog d(m_ops.get(), QStringLiteral("SQLite test"), false);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto* message = d.findChild<QLabel*>(QStringLiteral("messageLabel"));
        auto* password = d.findChild<QLineEdit*>(QStringLiteral("passwordEdit"));
        type(d, "loginEdit", QStringLiteral("admin"));
        for (int i = 1; i <= 4; ++i) {
            type(d, "passwordEdit", QStringLiteral("wrong"));
            QTest::keyClick(password, Qt::Key_Return);
            QVERIFY(d.isVisible());
            QVERIFY2(message->text().contains(QString::number(5 - i)), qPrintable(message->text()));
            QVERIFY(message->text().contains(QStringLiteral("パスワード"))); // Japanese by default
            QVERIFY(password->text().isEmpty()); // the password never stays in the field
        }
        type(d, "passwordEdit", QStringLiteral("wrong"));
        QTest::keyClick(password, Qt::Key_Return);
        QVERIFY2(message->text().contains(QStringLiteral("ロック")), qPrintable(message->text()));
        type(d, "passwordEdit", QStringLiteral("admin-pass-1"));
        QTest::keyClick(password, Qt::Key_Return);
        QVERIFY(d.isVisible());
        QVERIFY(!d.session().isValid());
    }

    void rightPasswordSignsIn()
    {
        // A fresh account (the admin is locked by the previous test).
        auto admin = m_ops->find(QStringLiteral("admin"));
        QVERIFY((*admin)->locked);
        LoginDialog d(m_ops.get(), QStringLiteral("SQLite test"), true);
        QVERIFY(d.findChild<QLabel*>(QStringLiteral("demoHint")));
        d.show();
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(Migrator::migrate(*db).ok());
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(ops.createFirstAdmin(
                       {QStringLiteral("kanri"), QStringLiteral("管理 花子"), {Role::Admin}},
                       QStringLiteral("admin-pass-1"))
                    .ok());
        LoginDialog ok(&ops, QStringLiteral("SQLite test"), false);
        ok.show();
        type(ok, "loginEdit", QStringLiteral("kanri"));
        type(ok, "passwordEdit", QStringLiteral("admin-pass-1"));
        QTest::keyClick(ok.findChild<QLineEdit*>(QStringLiteral("passwordEdit")), Qt::Key_Return);
        QCOMPARE(ok.result(), int(QDialog::Accepted));
        QCOMPARE(ok.session().login(), QStringLiteral("kanri"));
        QVERIFY(ok.session().hasRole(Role::Admin));
    }
};

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
