#pragma once
// Small builders shared by the dialogs and pages, so that headings, error messages and account
// forms look and behave the same everywhere.

#include <QString>

class QFormLayout;
class QLabel;
class QLineEdit;
class QTableWidget;
class QWidget;

namespace madoguchi::ui {

// A bold heading, `scale` times the normal font size.
QLabel* heading(const QString& text, QWidget* parent, qreal scale = 1.5);
// The red message line under a form (object name "messageLabel").
QLabel* messageLabel(QWidget* parent);
QLineEdit* passwordEdit(const QString& objectName, QWidget* parent);
// A read-only list: whole rows selected one at a time, no row numbers, the last column
// stretched, Tab leaving the table for the next control.
QTableWidget* readOnlyTable(const QString& objectName, const QStringList& headers, QWidget* parent);

// Login, name, password and confirmation rows of a new account (object names accountLoginEdit,
// accountNameEdit, accountPasswordEdit, accountConfirmEdit).
struct AccountFields
{
    QLineEdit* login = nullptr;
    QLineEdit* name = nullptr;
    QLineEdit* password = nullptr;
    QLineEdit* confirm = nullptr;

    static AccountFields addTo(QFormLayout* form, QWidget* parent);
    // False (with the message shown and the confirmation cleared) when the passwords differ.
    bool passwordsMatch(QLabel* message) const;
};

} // namespace madoguchi::ui
