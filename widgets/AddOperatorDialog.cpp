#include "AddOperatorDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace madoguchi {

AddOperatorDialog::AddOperatorDialog(OperatorService* operators, const Session& by, QWidget* parent)
    : QDialog(parent), m_operators(operators), m_by(by)
{
    setObjectName(QStringLiteral("addOperatorDialog"));
    setWindowTitle(tr("Add an operator"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_login = new QLineEdit(this);
    m_login->setObjectName(QStringLiteral("newLoginEdit"));
    m_login->setPlaceholderText(tr("e.g. suzuki.i"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("newNameEdit"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("newPasswordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("newConfirmEdit"));
    m_confirm->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Login name"), m_login);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("&Confirm password"), m_confirm);
    layout->addLayout(form);
    auto* roleBox = new QGroupBox(tr("Roles"), this);
    auto* roleLayout = new QVBoxLayout(roleBox);
    for (Role r : roles::all()) {
        auto* box = new QCheckBox(roles::displayName(r), roleBox);
        box->setObjectName(QStringLiteral("role_") + roles::id(r));
        roleLayout->addWidget(box);
        m_roles.insert(r, box);
    }
    layout->addWidget(roleBox);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddOperatorDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_login->setFocus();
}

void AddOperatorDialog::create()
{
    if (m_password->text() != m_confirm->text()) {
        m_message->setText(tr("The two passwords differ."));
        m_confirm->clear();
        m_confirm->setFocus();
        return;
    }
    NewOperator op{m_login->text().trimmed(), m_name->text().trimmed(), {}};
    for (auto it = m_roles.cbegin(); it != m_roles.cend(); ++it) {
        if (it.value()->isChecked()) {
            op.roles << it.key();
        }
    }
    auto created = m_operators->create(op, m_password->text(), m_by);
    if (!created) {
        m_message->setText(created.error().message);
        return;
    }
    m_created = created->login;
    accept();
}

} // namespace madoguchi
