#include "AddOperatorDialog.h"

#include "Ui.h"

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
    m_fields = ui::AccountFields::addTo(form, this);
    m_fields.login->setPlaceholderText(tr("e.g. suzuki.i"));
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
    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("C&reate"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddOperatorDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_fields.login->setFocus();
}

void AddOperatorDialog::create()
{
    if (!m_fields.passwordsMatch(m_message)) {
        return;
    }
    NewOperator op{m_fields.login->text().trimmed(), m_fields.name->text().trimmed(), {}};
    for (auto it = m_roles.cbegin(); it != m_roles.cend(); ++it) {
        if (it.value()->isChecked()) {
            op.roles << it.key();
        }
    }
    auto created = m_operators->create(op, m_fields.password->text(), m_by);
    if (!created) {
        m_message->setText(created.error().message);
        return;
    }
    m_created = created->login;
    accept();
}

} // namespace madoguchi
