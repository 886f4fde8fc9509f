#include "Ui.h"

#include <QCoreApplication>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>

namespace madoguchi::ui {

QLabel* heading(const QString& text, QWidget* parent, qreal scale)
{
    auto* label = new QLabel(text, parent);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(true);
    label->setFont(f);
    return label;
}

QLabel* messageLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("messageLabel"));
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    return label;
}

QLineEdit* passwordEdit(const QString& objectName, QWidget* parent)
{
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    return edit;
}

AccountFields AccountFields::addTo(QFormLayout* form, QWidget* parent)
{
    AccountFields f;
    f.login = new QLineEdit(parent);
    f.login->setObjectName(QStringLiteral("accountLoginEdit"));
    f.login->setInputMethodHints(Qt::ImhPreferLatin | Qt::ImhNoAutoUppercase);
    f.name = new QLineEdit(parent);
    f.name->setObjectName(QStringLiteral("accountNameEdit"));
    f.password = passwordEdit(QStringLiteral("accountPasswordEdit"), parent);
    f.confirm = passwordEdit(QStringLiteral("accountConfirmEdit"), parent);
    form->addRow(QCoreApplication::translate("AccountFields", "&Login name"), f.login);
    form->addRow(QCoreApplication::translate("AccountFields", "&Name"), f.name);
    form->addRow(QCoreApplication::translate("AccountFields", "&Password"), f.password);
    form->addRow(QCoreApplication::translate("AccountFields", "&Confirm password"), f.confirm);
    return f;
}

bool AccountFields::passwordsMatch(QLabel* message) const
{
    if (password->text() == confirm->text()) {
        return true;
    }
    message->setText(QCoreApplication::translate("AccountFields", "The two passwords differ."));
    confirm->clear();
    confirm->setFocus();
    return false;
}

QTableWidget* readOnlyTable(const QString& objectName, const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setTabKeyNavigation(false);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

} // namespace madoguchi::ui
