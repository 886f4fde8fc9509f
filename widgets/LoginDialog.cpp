#include "LoginDialog.h"

#include "Ui.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace madoguchi {

LoginDialog::LoginDialog(OperatorService* operators, const QString& databaseDisplay, bool demo,
                         QWidget* parent)
    : QDialog(parent), m_operators(operators)
{
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Madoguchi — sign in"));
    auto* layout = new QVBoxLayout(this);
    auto* title = ui::heading(tr("Madoguchi"), this, 1.6);

    layout->addWidget(title);
    auto* db = new QLabel(tr("Database: %1").arg(databaseDisplay), this);
    db->setObjectName(QStringLiteral("databaseLabel"));
    db->setWordWrap(true);
    layout->addWidget(db);
    if (demo) {
        auto* hint = new QLabel(
            tr("Demo database: sign in as demo / demo. Do not enter real personal data."), this);
        hint->setObjectName(QStringLiteral("demoHint"));
        hint->setWordWrap(true);
        hint->setStyleSheet(QStringLiteral("color: #8a5300;"));
        layout->addWidget(hint);
    }
    auto* form = new QFormLayout;
    m_login = new QLineEdit(this);
    m_login->setObjectName(QStringLiteral("loginEdit"));
    m_login->setInputMethodHints(Qt::ImhPreferLatin | Qt::ImhNoAutoUppercase);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Login name"), m_login);
    form->addRow(tr("&Password"), m_password);
    layout->addLayout(form);
    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    m_signIn = buttons->addButton(tr("&Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel)->setText(tr("&Quit"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::attempt);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
    m_login->setFocus();
}

void LoginDialog::setLogin(const QString& login)
{
    m_login->setText(login);
    m_password->setFocus();
}

void LoginDialog::attempt()
{
    m_message->clear();
    if (m_login->text().trimmed().isEmpty()) {
        m_message->setText(tr("Enter your login name."));
        m_login->setFocus();
        return;
    }
    auto session = m_operators->authenticate(m_login->text(), m_password->text());
    m_password->clear();
    if (!session) {
        m_message->setText(session.error().message);
        m_password->setFocus();
        return;
    }
    m_session = *session;
    accept();
}

} // namespace madoguchi
