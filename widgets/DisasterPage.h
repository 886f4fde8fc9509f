#pragma once
// 被災者支援: the disaster victim ledger and the shelters of the current disaster.
//
// A top bar chooses the disaster (the latest open one first) and opens a new one. Tabs:
//  - Dashboard (DisasterDashboard): occupancy per shelter, persons by status, needs, per day;
//  - Registration (DisasterRegistrationForm): the queue at the shelter door;
//  - Shelters: add, change, open and close a shelter (refusals shown with their reason), and
//    its roster (避難者名簿) as a PDF, previewed and saved;
//  - Persons: the ledger as staff see it (DV-protected persons marked), filtered by name or
//    kana in any spelling, with status changes, check-in, check-out and transfer;
//  - Merge review: the likely duplicates side by side, merged (the older record kept) or set
//    aside for this session, and merges undone.
// Every change refreshes every tab; F5 refreshes too. The ledger is read on the GUI thread.

#include "AppContext.h"
#include "disaster/Disaster.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace madoguchi {

class DisasterDashboard;
class DisasterRegistrationForm;

class DisasterPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { DashboardTab, RegistrationTab, SheltersTab, PersonsTab, MergeTab };

    explicit DisasterPage(AppContext* context, QWidget* parent = nullptr);

    qint64 disasterId() const;
    QTabWidget* tabs() const { return m_tabs; }
    DisasterDashboard* dashboard() const { return m_dashboard; }
    DisasterRegistrationForm* registrationForm() const { return m_form; }

    // Reloads the disasters, then every tab.
    void refresh();
    // Writes the roster of the selected shelter to `path` (a PDF); the error message, or empty.
    QString writeRoster(qint64 shelterId, const QString& path);
    // Where the rosters are written (under the application's data folder).
    static QString rosterFolder();
    // Person Finder (PFIF 1.4): the file read into the disaster shown (a database with none
    // opens one), or its ledger written out; the outcome is shown under the top bar. Returns
    // false when refused (the reason shown, nothing changed).
    bool importPfif(const QString& path);
    bool exportPfif(const QString& path);

signals:
    void refreshed();

protected:
    void showEvent(QShowEvent* e) override;

private:
    QWidget* buildShelters();
    QWidget* buildPersons();
    QWidget* buildMerge();
    void openDisaster();
    void disasterChosen();
    // Every tab is out of date; the one shown is reloaded now, the dashboard, the persons and
    // the merge review when they are shown (a ledger of tens of thousands is not reloaded three
    // times per registration at the door).
    void reloadTabs();
    void reloadShown();
    void reloadShelters();
    void reloadPersons();
    void reloadMerge();
    void applyFilter();
    qint64 selectedShelter() const;
    qint64 selectedPerson() const;
    void shelterSelected();
    void addShelter();
    void saveShelter();
    void toggleShelter();
    void showRoster();
    void setStatus();
    void checkIn();
    void transfer();
    void checkOut();
    void mergeSelected();
    void notDuplicate();
    void unmergeSelected();
    void say(QLabel* label, const QString& text, bool error);
    void changed();

    AppContext* m_ctx;
    QComboBox* m_disaster;
    QTabWidget* m_tabs;
    DisasterDashboard* m_dashboard;
    DisasterRegistrationForm* m_form;
    // Shelters
    QTableWidget* m_shelterTable;
    QLineEdit* m_shelterName;
    QLineEdit* m_shelterAddress;
    QComboBox* m_shelterKind;
    QSpinBox* m_shelterCapacity;
    QLineEdit* m_shelterContact;
    QPushButton* m_toggleShelter;
    QLabel* m_shelterMessage;
    QLabel* m_pageMessage;
    // Persons
    QLineEdit* m_filter;
    QTableWidget* m_personTable;
    QComboBox* m_personStatus;
    QComboBox* m_personShelter;
    QLabel* m_personMessage;
    // Merge review
    QTableWidget* m_pairTable;
    QTableWidget* m_mergedTable;
    QLabel* m_mergeMessage;
    QList<disaster::DuplicatePair> m_pairs;      // as shown, row by row
    QSet<QPair<qint64, qint64>> m_notDuplicates; // set aside for this session
    QSet<int> m_stale;                           // tabs to reload when shown
};

} // namespace madoguchi
