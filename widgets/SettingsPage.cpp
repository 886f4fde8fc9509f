#include "SettingsPage.h"

#include "Ui.h"

#include "AddOperatorDialog.h"
#include "OperatorTableModel.h"
#include "i18n/Translations.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace madoguchi {

SettingsPage::SettingsPage(AppContext* context, QWidget* parent) : QWidget(parent), m_ctx(context)
{
    auto* layout = new QVBoxLayout(this);
    auto* heading = ui::heading(tr("Settings"), this, 1.5);
    heading->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(heading);

    auto* install = new QGroupBox(tr("Installation"), this);
    auto* installForm = new QFormLayout(install);
    m_municipality = new QLabel(install);
    m_municipality->setObjectName(QStringLiteral("municipalityLabel"));
    installForm->addRow(tr("Municipality"), m_municipality);
    installForm->addRow(tr("Database"), new QLabel(m_ctx->db.spec().display(), install));
    m_idle = new QSpinBox(install);
    m_idle->setObjectName(QStringLiteral("idleLockSpin"));
    m_idle->setRange(0, InstallationSettings::kMaxIdleLockMinutes);
    m_idle->setSuffix(tr(" min"));
    m_idle->setSpecialValueText(tr("off"));
    m_idle->setEnabled(m_ctx->session.can(Permission::ManageSettings));
    connect(m_idle, &QSpinBox::editingFinished, this, &SettingsPage::saveIdleLock);
    installForm->addRow(tr("Lock the screen after"), m_idle);
    // Printed on certificates: the mayor's name and the official seal.
    const bool mayChange = m_ctx->session.can(Permission::ManageSettings);
    m_mayor = new QLineEdit(install);
    m_mayor->setObjectName(QStringLiteral("mayorEdit"));
    m_mayor->setEnabled(mayChange);
    connect(m_mayor, &QLineEdit::editingFinished, this, &SettingsPage::saveMayor);
    installForm->addRow(tr("Mayor (on certificates)"), m_mayor);
    auto* sealRow = new QHBoxLayout;
    m_seal = new QLabel(install);
    m_seal->setObjectName(QStringLiteral("sealLabel"));
    auto* chooseSealButton = new QPushButton(tr("C&hoose…"), install);
    chooseSealButton->setObjectName(QStringLiteral("chooseSealButton"));
    chooseSealButton->setEnabled(mayChange);
    connect(chooseSealButton, &QPushButton::clicked, this, &SettingsPage::chooseSeal);
    sealRow->addWidget(m_seal, 1);
    sealRow->addWidget(chooseSealButton);
    installForm->addRow(tr("Official seal image (PNG)"), sealRow);
    layout->addWidget(install);

    auto* personal = new QGroupBox(tr("This user"), this);
    auto* personalForm = new QFormLayout(personal);
    m_language = new QComboBox(personal);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(QStringLiteral("日本語"), QStringLiteral("ja"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->setCurrentIndex(i18n::configured() == i18n::Language::English ? 1 : 0);
    connect(m_language, &QComboBox::activated, this, &SettingsPage::saveLanguage);
    personalForm->addRow(tr("Language (after restart)"), m_language);
    layout->addWidget(personal);

    auto* accounts = new QGroupBox(tr("Operator accounts"), this);
    auto* accountsLayout = new QVBoxLayout(accounts);
    m_operators = new OperatorTableModel(m_ctx->operators, this);
    m_table = new QTableView(accounts);
    m_table->setObjectName(QStringLiteral("operatorTable"));
    m_table->setModel(m_operators);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    accountsLayout->addWidget(m_table);
    m_unlock = new QPushButton(tr("&Unlock the selected account"), accounts);
    m_unlock->setObjectName(QStringLiteral("unlockOperatorButton"));
    m_unlock->setEnabled(m_ctx->session.can(Permission::UnlockOperators));
    connect(m_unlock, &QPushButton::clicked, this, &SettingsPage::unlockSelected);
    m_add = new QPushButton(tr("&Add an operator…"), accounts);
    m_add->setObjectName(QStringLiteral("addOperatorButton"));
    m_add->setEnabled(m_ctx->session.can(Permission::ManageOperators));
    connect(m_add, &QPushButton::clicked, this, &SettingsPage::addOperator);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(m_unlock);
    buttonRow->addWidget(m_add);
    accountsLayout->addLayout(buttonRow);
    accounts->setVisible(m_ctx->session.can(Permission::UnlockOperators) ||
                         m_ctx->session.can(Permission::ManageOperators));
    layout->addWidget(accounts);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    layout->addStretch(1);
    reload();
}

void SettingsPage::reload()
{
    m_municipality->setText(m_ctx->municipality.isEmpty() ? tr("not set") : m_ctx->municipality);
    InstallationSettings settings(m_ctx->db);
    if (auto idle = settings.idleLockMinutes()) {
        m_idle->setValue(*idle);
    }
    if (auto mayor = settings.mayorName()) {
        m_mayor->setText(*mayor);
    }
    if (auto seal = settings.sealImagePath()) {
        m_seal->setText(seal->isEmpty() ? tr("not set") : *seal);
        if (!seal->isEmpty()) {
            const QPixmap image(*seal);
            m_seal->setToolTip(image.isNull() ? tr("The file cannot be read.") : QString());
        }
    }
    if (m_ctx->session.can(Permission::UnlockOperators) ||
        m_ctx->session.can(Permission::ManageOperators)) {
        if (Status st = m_operators->refresh(); !st) {
            m_message->setText(st.errorMessage());
        }
        m_table->resizeColumnsToContents();
    }
}

void SettingsPage::unlockSelected()
{
    const QModelIndexList rows =
        m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty()) {
        m_message->setText(tr("Select an account first."));
        return;
    }
    const Operator& op = m_operators->operatorAt(rows.first().row());
    if (Status st = m_ctx->operators->unlock(op.login, m_ctx->session); !st) {
        m_message->setText(st.errorMessage());
        return;
    }
    m_message->setText(tr("%1 is unlocked.").arg(op.login));
    reload();
}

void SettingsPage::addOperator()
{
    AddOperatorDialog dialog(m_ctx->operators, m_ctx->session, this);
    if (dialog.exec() == QDialog::Accepted) {
        m_message->setText(tr("%1 is created.").arg(dialog.createdLogin()));
        reload();
    }
}

void SettingsPage::saveIdleLock()
{
    InstallationSettings settings(m_ctx->db);
    auto current = settings.idleLockMinutes();
    if (current && *current == m_idle->value()) {
        return;
    }
    if (Status st = settings.setIdleLockMinutes(m_idle->value(), m_ctx->session.login()); !st) {
        m_message->setText(st.errorMessage());
        return;
    }
    m_message->setText(tr("The idle lock is saved."));
    emit idleLockChanged(m_idle->value());
}

void SettingsPage::saveMayor()
{
    InstallationSettings settings(m_ctx->db);
    auto current = settings.mayorName();
    if (current && *current == m_mayor->text().trimmed()) {
        return;
    }
    if (Status st = settings.setMayorName(m_mayor->text(), m_ctx->session.login()); !st) {
        m_message->setText(st.errorMessage());
        return;
    }
    m_message->setText(tr("The mayor's name is saved."));
}

void SettingsPage::chooseSeal()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Official seal image"), QString(),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty()) {
        saveSeal(path);
    }
}

void SettingsPage::saveSeal(const QString& path)
{
    if (Status st = InstallationSettings(m_ctx->db).setSealImagePath(path, m_ctx->session.login());
        !st) {
        m_message->setText(st.errorMessage());
        return;
    }
    m_message->setText(tr("The seal image is saved."));
    reload();
}

void SettingsPage::saveLanguage()
{
    bool ok = false;
    const auto lang = i18n::parse(m_language->currentData().toString(), &ok);
    if (ok) {
        i18n::setConfigured(lang);
        m_message->setText(tr("The language changes at the next start."));
    }
}

} // namespace madoguchi
