#pragma once
// First start of a new installation: creates the administrator account.

#include "Ui.h"
#include "auth/OperatorService.h"

#include <QDialog>

class QLabel;

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
    ui::AccountFields m_fields;
    QLabel* m_message;
    QString m_created;
};

} // namespace madoguchi
