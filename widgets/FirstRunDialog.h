#pragma once
// First start of a new installation: creates the administrator account.

#include "auth/OperatorService.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace madoguchi {

class FirstRunDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FirstRunDialog(OperatorService* operators, QWidget* parent = nullptr);
    QString createdLogin() const { return m_created; }

public slots:
    void create();

private:
    OperatorService* m_operators;
    QLineEdit* m_login;
    QLineEdit* m_name;
    QLineEdit* m_password;
    QLineEdit* m_confirm;
    QLabel* m_message;
    QString m_created;
};

} // namespace madoguchi
