#pragma once
// Sign-in: login name and password; wrong passwords say how many tries are left, a locked
// account says that a supervisor must unlock it.

#include "auth/OperatorService.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace madoguchi {

class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    LoginDialog(OperatorService* operators, const QString& databaseDisplay, bool demo,
                QWidget* parent = nullptr);

    const Session& session() const { return m_session; }
    void setLogin(const QString& login);

public slots:
    void attempt();

private:
    OperatorService* m_operators;
    Session m_session;
    QLineEdit* m_login;
    QLineEdit* m_password;
    QLabel* m_message;
    QPushButton* m_signIn;
};

} // namespace madoguchi
