#pragma once
// 同期の競合: a change made here and a newer one from another workstation to the same resident,
// which central refused to merge silently. The clerk sees both side by side and decides: keep
// this workstation's change (it is sent again, on central's version) or take central's (this
// workstation's change is withdrawn). Deciding needs the permission to edit residents; the list
// and values are shown to operators who may see residents.

#include "AppContext.h"
#include "sync/Conflicts.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;
class QWidget;

namespace madoguchi {

class ConflictDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConflictDialog(AppContext* context, QWidget* parent = nullptr);

    int conflictCount() const { return int(m_conflicts.size()); }

public slots:
    // Reads the open conflicts again (a handful of rows, from this workstation's database).
    void refresh();
    // Both ask for confirmation first; errors are shown in a message box.
    void keepMine();
    void takeCentral();

signals:
    // A conflict was resolved: the sync status changes, and a kept change is ready to be sent.
    void resolved();
    // Central's change has not arrived yet: a sync pass would fetch it.
    void syncRequested();

private:
    void resolveSelected(bool mine);
    void showSelected();
    const sync::Conflict* selected() const;
    QString residentText(const sync::Conflict& c) const;

    AppContext* m_ctx;
    bool m_mayView;
    bool m_mayEdit;
    QList<sync::Conflict> m_conflicts;
    QHash<QString, QString> m_names; // resident code → name in the register
    QLabel* m_empty;
    QTableWidget* m_table;
    QWidget* m_details;
    QLabel* m_detailTitle;
    QTableWidget* m_compare;
    QLabel* m_explanation;
    QLabel* m_note;
    QLabel* m_message;
    QPushButton* m_keep;
    QPushButton* m_take;
};

} // namespace madoguchi
