#pragma once
// The lock screen: the signed-in operator unlocks with their password, or signs out so that
// someone else can sign in. Wrong passwords count towards the account lockout.

#include "auth/OperatorService.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace madoguchi {

class LockDialog : public QDialog
{
    Q_OBJECT
public:
    enum Outcome { Unlocked = QDialog::Accepted, SignedOut = 2 };

    LockDialog(OperatorService* operators, const Session& session, QWidget* parent = nullptr);

public slots:
    void attemptUnlock();
    void signOut();

protected:
    void reject() override; // Escape does not dismiss the lock screen

private:
    OperatorService* m_operators;
    Session m_session;
    QLineEdit* m_password;
    QLabel* m_message;
};

} // namespace madoguchi
