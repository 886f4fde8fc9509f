#pragma once
// 住民検索: one search box for the register and the hits below it, made for the keyboard.
// Typing searches 250 ms after the last keystroke, Enter at once; ↓ moves into the hits, Enter
// (or a double click) opens the resident, Esc in the hits goes back to the box and Esc in the
// box clears it. Scrolling to the end loads the next page. Searches run on the GUI thread with
// the window's database connection (they are index lookups).

#include "AppContext.h"
#include "card/MyNumberCard.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QLineEdit;
class QTableView;
class QTimer;

namespace madoguchi {

class MoveActions;
class RegistryService;
class ResidentSearchModel;
class SearchService;

class ResidentSearchPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kTypingDelayMs = 250;

    explicit ResidentSearchPage(AppContext* context, QWidget* parent = nullptr);
    ~ResidentSearchPage() override;

    ResidentSearchModel* model() const { return m_model; }

public slots:
    void search();       // now, with the text of the box
    void clearSearch();  // empties the box and the hits
    void focusResults(); // the hits, first row selected
    void openResident(const QModelIndex& index);
    void openSelected();
    // 「カード読取」: the card holder's PIN, then the card's My Number and basic four; the
    // resident is opened, differences with the register flagged, or 転入 offered.
    void readCard();
    // What happens with the data read from a card (public for tests).
    void useCardData(const card::CardBasicInfo& info);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showStatus();
    void showError(const QString& message);

    AppContext* m_ctx;
    std::unique_ptr<RegistryService> m_registry;
    std::unique_ptr<SearchService> m_search;
    ResidentSearchModel* m_model;
    QLineEdit* m_edit;
    QTableView* m_table;
    QLabel* m_status;
    QTimer* m_typing;
    MoveActions* m_moveActions = nullptr;
    QPushButton* m_readCard = nullptr;
    void updateCardButton();
    void askPinAndRead(int triesLeft);
};

} // namespace madoguchi
