#include "FirstRunDialog.h"

#include "Ui.h"

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
    m_fields = ui::AccountFields::addTo(form, this);
    m_fields.login->setText(QStringLiteral("admin"));
    layout->addLayout(form);
    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create administrator"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &FirstRunDialog::create);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_fields.password->setFocus();
}

void FirstRunDialog::create()
{
    if (!m_fields.passwordsMatch(m_message)) {
        return;
    }
    auto op = m_operators->createFirstAdmin(
        NewOperator{m_fields.login->text().trimmed(), m_fields.name->text(), {Role::Admin}},
        m_fields.password->text());
    if (!op) {
        m_message->setText(op.error().message);
        return;
    }
    m_created = op->login;
    accept();
}

} // namespace madoguchi
