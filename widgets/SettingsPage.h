#pragma once
// 設定: the installation (municipality, database), this user's language, the idle lock, and
// operator accounts (list, unlock).

#include "AppContext.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QLabel;
class QSpinBox;
class QTableView;
class QPushButton;

namespace madoguchi {

class OperatorTableModel;

class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    SettingsPage(AppContext* context, QWidget* parent = nullptr);

signals:
    void idleLockChanged(int minutes);

public slots:
    void reload();
    void unlockSelected();
    void addOperator();
    void saveIdleLock();
    void saveLanguage();
    void saveMayor();
    // Sets the seal image (a PNG); chooseSeal() asks for the file first.
    void saveSeal(const QString& path);
    void chooseSeal();

private:
    AppContext* m_ctx;
    OperatorTableModel* m_operators;
    QLabel* m_municipality;
    QComboBox* m_language;
    QSpinBox* m_idle;
    QLineEdit* m_mayor;
    QLabel* m_seal;
    QTableView* m_table;
    QPushButton* m_unlock;
    QPushButton* m_add;
    QLabel* m_message;
};

} // namespace madoguchi
