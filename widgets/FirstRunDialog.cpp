#include "FirstRunDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace madoguchi {

FirstRunDialog::FirstRunDialog(OperatorService* operators, QWidget* parent)
    : QDialog(parent), m_operators(operators)
{
    setObjectName(QStringLiteral("firstRunDialog"));
    setWindowTitle(tr("Madoguchi — first start"));
    auto* layout = new QVBoxLayout(this);
    auto* intro =
        new QLabel(tr("This database has no operator accounts yet. Create the administrator "
                      "account; the administrator then creates the other operators."),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_login = new QLineEdit(QStringLiteral("admin"), this);
    m_login->setObjectName(QStringLiteral("adminLoginEdit"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("adminNameEdit"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("adminPasswordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("adminConfirmEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Login name"), m_login);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("&Confirm password"), m_confirm);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create administrator"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &FirstRunDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_password->setFocus();
}

void FirstRunDialog::create()
{
    if (m_password->text() != m_confirm->text()) {
        m_message->setText(tr("The two passwords differ."));
        m_confirm->clear();
        m_confirm->setFocus();
        return;
    }
    auto op = m_operators->createFirstAdmin(
        NewOperator{m_login->text().trimmed(), m_name->text(), {Role::Admin}}, m_password->text());
    if (!op) {
        m_message->setText(op.error().message);
        return;
    }
    m_created = op->login;
    accept();
}

} // namespace madoguchi
