#include "TableCsv.h"

#include "common/Csv.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableWidget>

namespace madoguchi::ui {

QString writeTableCsv(const QTableWidget* table, const QString& path)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        return QCoreApplication::translate("TableCsv", "Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(path), f.errorString());
    }
    QStringList head;
    for (int c = 0; c < table->columnCount(); ++c) {
        const QTableWidgetItem* h = table->horizontalHeaderItem(c);
        head << (h ? h->text() : QString());
    }
    QByteArray out = "\xEF\xBB\xBF";
    out += csvRecord(head).toUtf8() + "\r\n";
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->isRowHidden(r)) {
            continue;
        }
        QStringList row;
        for (int c = 0; c < table->columnCount(); ++c) {
            const QTableWidgetItem* item = table->item(r, c);
            row << (item ? item->text() : QString());
        }
        out += csvRecord(row).toUtf8() + "\r\n";
    }
    f.write(out);
    if (!f.commit()) {
        return QCoreApplication::translate("TableCsv", "Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(path), f.errorString());
    }
    return {};
}

QPushButton* exportCsvButton(QTableWidget* table, const QString& suggestedName, QWidget* parent)
{
    auto* button = new QPushButton(QCoreApplication::translate("TableCsv", "Export CSV…"), parent);
    button->setObjectName(table->objectName() + QStringLiteral("Csv"));
    QObject::connect(button, &QPushButton::clicked, parent, [table, suggestedName, parent] {
        const QString path = QFileDialog::getSaveFileName(
            parent, QCoreApplication::translate("TableCsv", "Export CSV"),
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                .filePath(suggestedName + QStringLiteral(".csv")),
            QCoreApplication::translate("TableCsv", "CSV files (*.csv)"));
        if (path.isEmpty()) {
            return;
        }
        if (const QString error = writeTableCsv(table, path); !error.isEmpty()) {
            QMessageBox::warning(parent, QCoreApplication::translate("TableCsv", "Export CSV"),
                                 error);
        }
    });
    return button;
}

} // namespace madoguchi::ui
