#include "AuditLogDialog.h"

#include "AuditLogModel.h"
#include "Ui.h"
#include "registry/RegistryService.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace madoguchi {

AuditLogDialog::AuditLogDialog(AppContext* context, QWidget* parent)
    : QDialog(parent), m_ctx(context)
{
    setObjectName(QStringLiteral("auditLogDialog"));
    setWindowTitle(tr("Audit log"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(ui::heading(tr("Audit log"), this, 1.4));
    auto* form = new QFormLayout;
    m_operator = new QLineEdit(this);
    m_operator->setObjectName(QStringLiteral("auditOperatorEdit"));
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditActionCombo"));
    m_action->setEditable(true);
    m_action->addItem(tr("all actions"), QString());
    const QList<QPair<QString, QString>> actions = {
        {tr("looks at residents"), QStringLiteral("resident.view")},
        {tr("searches"), QStringLiteral("resident.search")},
        {tr("changes to the register"), QStringLiteral("resident.move")},
        {tr("My Numbers shown"), QStringLiteral("resident.mynumber")},
        {tr("certificates"), QStringLiteral("certificate.")},
        {tr("sign-ins and lockouts"), QStringLiteral("auth.")},
        {tr("operator accounts"), QStringLiteral("operator.")},
        {tr("settings"), QStringLiteral("settings.")},
    };
    for (const auto& [label, prefix] : actions) {
        m_action->addItem(label, prefix);
    }
    m_residentCode = new QLineEdit(this);
    m_residentCode->setObjectName(QStringLiteral("auditResidentEdit"));
    m_residentCode->setPlaceholderText(tr("resident code (11 digits)"));
    m_from = new QDateEdit(QDate::currentDate().addDays(-30), this);
    m_from->setObjectName(QStringLiteral("auditFromEdit"));
    m_from->setCalendarPopup(true);
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setObjectName(QStringLiteral("auditToEdit"));
    m_to->setCalendarPopup(true);
    form->addRow(tr("&Operator"), m_operator);
    form->addRow(tr("&Action"), m_action);
    form->addRow(tr("&Resident"), m_residentCode);
    form->addRow(tr("&From"), m_from);
    form->addRow(tr("&To"), m_to);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(this);
    auto* searchButton = buttons->addButton(tr("&Search"), QDialogButtonBox::ActionRole);
    searchButton->setObjectName(QStringLiteral("auditSearchButton"));
    searchButton->setDefault(true);
    auto* verify = buttons->addButton(tr("&Verify the chain"), QDialogButtonBox::ActionRole);
    verify->setObjectName(QStringLiteral("auditVerifyButton"));
    buttons->addButton(QDialogButtonBox::Close);
    connect(searchButton, &QPushButton::clicked, this, &AuditLogDialog::search);
    connect(verify, &QPushButton::clicked, this, &AuditLogDialog::verifyChain);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    m_model = new AuditLogModel(m_ctx->db, this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("auditStatus"));
    layout->addWidget(m_status);
    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    resize(1000, 640);
    search();
}

void AuditLogDialog::search()
{
    m_message->clear();
    AuditFilter f;
    f.operatorLogin = m_operator->text().trimmed();
    // A chosen entry stands for its action prefix; typed text is taken as a prefix itself.
    const int chosen = m_action->findText(m_action->currentText());
    f.actionPrefix =
        chosen >= 0 ? m_action->itemData(chosen).toString() : m_action->currentText().trimmed();
    if (!m_residentCode->text().trimmed().isEmpty()) {
        auto r = RegistryService(m_ctx->db).findByCode(m_residentCode->text());
        if (!r || !r->has_value()) {
            m_message->setText(
                r ? tr("No resident has the code %1.").arg(m_residentCode->text().trimmed())
                  : r.errorMessage());
            return;
        }
        f.residentId = (*r)->id;
    }
    f.from = m_from->date();
    f.to = m_to->date();
    f.limit = 1000;
    if (Status st = m_model->load(f, m_ctx->session); !st) {
        m_message->setText(st.errorMessage());
        return;
    }
    m_table->resizeColumnsToContents();
    m_status->setText(tr("%1 entries (newest first, at most 1,000)").arg(m_model->rowCount()));
}

void AuditLogDialog::verifyChain()
{
    auto v = AuditLog(m_ctx->db).verify(m_ctx->session);
    if (!v) {
        m_message->setText(v.errorMessage());
        return;
    }
    if (v->intact) {
        m_message->clear();
        m_status->setText(tr("The chain of %1 entries is intact.").arg(v->entries));
    } else {
        m_message->setText(
            tr("The chain is broken at entry %1: %2").arg(v->firstBrokenId).arg(v->reason));
    }
}

} // namespace madoguchi
