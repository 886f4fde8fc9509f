#pragma once
// "Export CSV…" for any list shown in a QTableWidget: the header and the rows as shown (hidden
// rows left out), UTF-8 with a BOM so that spreadsheet programs read the Japanese right.

#include <QString>

class QPushButton;
class QTableWidget;
class QWidget;

namespace madoguchi::ui {

// Writes the table to `path` (replaced atomically); the error message, or empty.
QString writeTableCsv(const QTableWidget* table, const QString& path);
// A button "Export CSV…" (object name: the table's + "Csv") that asks where and writes the
// table; a failure is shown in a message box.
QPushButton* exportCsvButton(QTableWidget* table, const QString& suggestedName, QWidget* parent);

} // namespace madoguchi::ui
