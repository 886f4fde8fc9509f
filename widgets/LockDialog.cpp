#include "LockDialog.h"

#include "Ui.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace madoguchi {

LockDialog::LockDialog(OperatorService* operators, const Session& session, QWidget* parent)
    : QDialog(parent), m_operators(operators), m_session(session)
{
    setObjectName(QStringLiteral("lockDialog"));
    setWindowTitle(tr("Madoguchi — locked"));
    setModal(true);
    auto* layout = new QVBoxLayout(this);
    auto* title = ui::heading(tr("The screen is locked."), this, 1.4);

    layout->addWidget(title);
    layout->addWidget(
        new QLabel(tr("Signed in: %1 (%2)").arg(session.op().displayName, session.login()), this));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("unlockPasswordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Password"));
    layout->addWidget(m_password);
    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    auto* unlock = buttons->addButton(tr("&Unlock"), QDialogButtonBox::AcceptRole);
    unlock->setObjectName(QStringLiteral("unlockButton"));
    unlock->setDefault(true);
    auto* out = buttons->addButton(tr("Sign &out"), QDialogButtonBox::DestructiveRole);
    out->setObjectName(QStringLiteral("signOutButton"));
    layout->addWidget(buttons);
    connect(unlock, &QPushButton::clicked, this, &LockDialog::attemptUnlock);
    connect(out, &QPushButton::clicked, this, &LockDialog::signOut);
    setMinimumWidth(380);
    m_password->setFocus();
}

void LockDialog::attemptUnlock()
{
    auto again = m_operators->authenticate(m_session.login(), m_password->text());
    m_password->clear();
    if (again) {
        accept();
        return;
    }
    if (again.error().code == QStringLiteral("auth.locked") ||
        again.error().code == QStringLiteral("auth.inactive")) {
        // The account is now locked: nobody may continue in this session.
        done(SignedOut);
        return;
    }
    m_message->setText(again.error().message);
    m_password->setFocus();
}

void LockDialog::signOut()
{
    done(SignedOut);
}

void LockDialog::reject()
{
    // Escape and the window's close button keep the screen locked.
}

} // namespace madoguchi
