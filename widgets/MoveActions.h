#pragma once
// The buttons that start a move (異動入力) from wherever a resident is shown: "Move…" with a
// menu (転居, 転出, 死亡, 氏名変更, 世帯変更, and 出生 into the resident's household) for the
// resident set with setResident(), and "Register a new resident (転入)…". Each opens a
// MoveDialog. They are enabled only for roles that may enter moves (Permission::EditResidents),
// and the moves of a removed resident (除票) are disabled with a tooltip that says why.

#include "auth/Session.h"
#include "card/MyNumberCard.h"
#include "refdata/ReferenceData.h"
#include "registry/Resident.h"

#include <QWidget>

class QAction;
class QMenu;
class QPushButton;

namespace madoguchi {

class RegistryService;

class MoveActions : public QWidget
{
    Q_OBJECT
public:
    enum Part { Moves = 0x1, Register = 0x2, All = Moves | Register };

    MoveActions(RegistryService* registry, ReferenceData refdata, const Session& session,
                int parts = All, QWidget* parent = nullptr);

    // The resident the moves are for; without one the "Move…" button is disabled.
    void setResident(const Resident& resident);
    void clearResident();

    QPushButton* moveButton() const { return m_moveButton; }
    QPushButton* registerButton() const { return m_registerButton; }
    QMenu* moveMenu() const { return m_menu; }
    // The action of one kind in the menu (or the register action for 転入); nullptr if none.
    QAction* action(MoveKind kind) const;
    bool mayEdit() const;

public slots:
    // Opens the dialog for a move of the current resident (modal). True when saved.
    bool openMove(MoveKind kind);
    // Opens the dialog for 転入 of a new resident (modal). True when saved.
    bool registerNew();
    // 転入 with the name, date of birth, sex and My Number read from the person's card.
    bool registerFromCard(const card::CardBasicInfo& card);

signals:
    // After a move of the current resident was saved: the resident as it is now.
    void moved(const Resident& resident, MoveKind kind);
    // After a new resident was registered.
    void registered(const Resident& resident);

private:
    void updateState();
    bool run(MoveKind kind, const Resident* existing, const card::CardBasicInfo* card = nullptr);

    RegistryService* m_registry;
    ReferenceData m_refdata;
    Session m_session;
    Resident m_resident;
    bool m_hasResident = false;
    QPushButton* m_moveButton = nullptr;
    QPushButton* m_registerButton = nullptr;
    QMenu* m_menu = nullptr;
    QAction* m_registerAction = nullptr;
    QList<QPair<MoveKind, QAction*>> m_actions;
};

} // namespace madoguchi
