#include "CardPinDialog.h"

#include "Ui.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace madoguchi {

CardPinDialog::CardPinDialog(card::Pin pin, int triesLeft, QWidget* parent)
    : QDialog(parent), m_pin(pin), m_tries(triesLeft)
{
    setObjectName(QStringLiteral("cardPinDialog"));
    setWindowTitle(tr("PIN of the My Number card"));
    auto* layout = new QVBoxLayout(this);
    auto* what =
        new QLabel(tr("Ask the card holder to enter the %1.").arg(card::pinName(pin)), this);
    what->setWordWrap(true);
    layout->addWidget(what);
    auto* tries = new QLabel(tr("Tries left: %1").arg(triesLeft), this);
    tries->setObjectName(QStringLiteral("pinTriesLabel"));
    layout->addWidget(tries);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("pinEdit"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setMaxLength(card::pinPolicy(pin).maxLength);
    layout->addWidget(m_edit);
    if (triesLeft == 1) {
        auto* warning = ui::messageLabel(this);
        warning->setObjectName(QStringLiteral("lastTryWarning"));
        warning->setText(tr("Only one try is left: a wrong PIN now locks it, and the card holder "
                            "will have to have it reset. Confirm that they are sure."));
        warning->show();
        layout->addWidget(warning);
        m_confirm = new QCheckBox(tr("The card holder is sure of this PIN"), this);
        m_confirm->setObjectName(QStringLiteral("lastTryConfirm"));
        layout->addWidget(m_confirm);
        connect(m_confirm, &QCheckBox::toggled, this, &CardPinDialog::updateState);
    }
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &CardPinDialog::updateState);
    updateState();
}

QString CardPinDialog::pin() const
{
    return m_edit->text();
}

bool CardPinDialog::lastTryConfirmed() const
{
    return m_confirm && m_confirm->isChecked();
}

void CardPinDialog::updateState()
{
    const bool formOk = card::pinFormatProblem(m_pin, m_edit->text()).isEmpty();
    const bool triesOk = m_tries > 1 || lastTryConfirmed();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(formOk && triesOk && m_tries > 0);
}

} // namespace madoguchi
