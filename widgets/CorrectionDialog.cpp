#include "CorrectionDialog.h"

#include "Ui.h"
#include "registry/RegistryService.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace madoguchi {

namespace {
// Fields a correction may not touch through this form: identifiers and links.
bool editable(const QString& column)
{
    return column != QStringLiteral("resident_code") && column != QStringLiteral("household_id") &&
           column != QStringLiteral("is_foreign");
}
} // namespace

CorrectionDialog::CorrectionDialog(RegistryService* registry, OperatorService* operators,
                                   const Session& clerk, const Move& move, QWidget* parent)
    : QDialog(parent), m_registry(registry), m_operators(operators), m_clerk(clerk), m_move(move)
{
    setObjectName(QStringLiteral("correctionDialog"));
    setWindowTitle(tr("Correction (職権修正) of move #%1").arg(move.id));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(ui::heading(
        tr("Correct move #%1: %2 of %3")
            .arg(move.id)
            .arg(moves::displayName(move.kind), move.effectiveDate.toString(Qt::ISODate)),
        this, 1.2));
    auto* intro = new QLabel(
        tr("Change what was entered wrongly. The move as entered stays in the history; the "
           "correction is recorded with its reason and the approving supervisor."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* fieldsBox = new QGroupBox(tr("Recorded values"), this);
    auto* form = new QFormLayout(fieldsBox);
    const QStringList keys = move.after.keys();
    for (const QString& key : keys) {
        if (!editable(key)) {
            continue;
        }
        auto* edit = new QLineEdit(move.after.value(key).toVariant().toString(), fieldsBox);
        edit->setObjectName(QStringLiteral("field_") + key);
        form->addRow(key, edit);
        m_fields.insert(key, edit);
    }
    layout->addWidget(fieldsBox);
    auto* approval = new QGroupBox(tr("Reason and approval"), this);
    auto* approvalForm = new QFormLayout(approval);
    m_reason = new QLineEdit(approval);
    m_reason->setObjectName(QStringLiteral("correctionReasonEdit"));
    m_reason->setPlaceholderText(tr("e.g. 入力誤り (the 番地 was typed wrongly)"));
    m_approver = new QLineEdit(approval);
    m_approver->setObjectName(QStringLiteral("approverLoginEdit"));
    m_password = ui::passwordEdit(QStringLiteral("approverPasswordEdit"), approval);
    approvalForm->addRow(tr("&Reason:"), m_reason);
    approvalForm->addRow(tr("Approving &supervisor (login):"), m_approver);
    approvalForm->addRow(tr("Supervisor's &password:"), m_password);
    layout->addWidget(approval);
    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Correct"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("correctOkButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CorrectionDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

void CorrectionDialog::submit()
{
    m_message->clear();
    QVariantMap fields;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const QString before = m_move.after.value(it.key()).toVariant().toString();
        if (it.value()->text() != before) {
            fields.insert(it.key(), it.value()->text().trimmed());
        }
    }
    if (fields.isEmpty()) {
        m_message->setText(tr("Nothing was changed."));
        return;
    }
    if (m_approver->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        m_message->setText(
            tr("A supervisor approves the correction with their login and password."));
        m_approver->setFocus();
        return;
    }
    // The supervisor signs in for this approval only; wrong passwords count towards their lockout.
    auto approver = m_operators->authenticate(m_approver->text(), m_password->text());
    m_password->clear();
    if (!approver) {
        m_message->setText(approver.errorMessage());
        m_password->setFocus();
        return;
    }
    auto corrected = m_registry->correct(m_move.id, fields, m_reason->text(), m_clerk, *approver);
    if (!corrected) {
        m_message->setText(corrected.errorMessage());
        return;
    }
    m_correction = *corrected;
    accept();
}

} // namespace madoguchi
