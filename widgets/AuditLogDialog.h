#pragma once
// 操作ログ: supervisors browse the audit log by operator, action, resident and period, and check
// that its chain is intact.

#include "AppContext.h"

#include <QDialog>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QTableView;

namespace madoguchi {

class AuditLogModel;

class AuditLogDialog : public QDialog
{
    Q_OBJECT
public:
    AuditLogDialog(AppContext* context, QWidget* parent = nullptr);

public slots:
    void search();
    void verifyChain();

private:
    AppContext* m_ctx;
    AuditLogModel* m_model;
    QLineEdit* m_operator;
    QComboBox* m_action;
    QLineEdit* m_residentCode;
    QDateEdit* m_from;
    QDateEdit* m_to;
    QTableView* m_table;
    QLabel* m_status;
    QLabel* m_message;
};

} // namespace madoguchi
