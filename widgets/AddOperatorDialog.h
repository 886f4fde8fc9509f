#pragma once
// An administrator creates an operator account: login, name, roles and a first password.

#include "Ui.h"
#include "auth/OperatorService.h"

#include <QDialog>
#include <QMap>

class QCheckBox;
class QLabel;

namespace madoguchi {

class AddOperatorDialog : public QDialog
{
    Q_OBJECT
public:
    AddOperatorDialog(OperatorService* operators, const Session& by, QWidget* parent = nullptr);
    QString createdLogin() const { return m_created; }

public slots:
    void create();

private:
    OperatorService* m_operators;
    Session m_by;
    ui::AccountFields m_fields;
    QMap<Role, QCheckBox*> m_roles;
    QLabel* m_message;
    QString m_created;
};

} // namespace madoguchi
