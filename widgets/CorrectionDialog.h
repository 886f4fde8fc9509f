#pragma once
// 職権修正: the clerk corrects what a move recorded, and a supervisor — another person, at the
// same counter — approves it with their own login and password. The move as first entered stays
// in the history; the correction is a move of its own.

#include "auth/OperatorService.h"
#include "registry/Resident.h"

#include <QDialog>
#include <QMap>

class QLabel;
class QLineEdit;

namespace madoguchi {

class RegistryService;

class CorrectionDialog : public QDialog
{
    Q_OBJECT
public:
    CorrectionDialog(RegistryService* registry, OperatorService* operators, const Session& clerk,
                     const Move& move, QWidget* parent = nullptr);
    const Move& correction() const { return m_correction; }

public slots:
    void submit();

private:
    RegistryService* m_registry;
    OperatorService* m_operators;
    Session m_clerk;
    Move m_move;
    Move m_correction;
    QMap<QString, QLineEdit*> m_fields;
    QLineEdit* m_reason;
    QLineEdit* m_approver;
    QLineEdit* m_password;
    QLabel* m_message;
};

} // namespace madoguchi
