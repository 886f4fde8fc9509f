#include "MoveActions.h"

#include "MoveDialog.h"

#include <QAction>
#include <QHBoxLayout>
#include <QMenu>
#include <QPushButton>

namespace madoguchi {

MoveActions::MoveActions(RegistryService* registry, ReferenceData refdata, const Session& session,
                         int parts, QWidget* parent)
    : QWidget(parent), m_registry(registry), m_refdata(std::move(refdata)), m_session(session)
{
    setObjectName(QStringLiteral("moveActions"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    if (parts & Moves) {
        m_moveButton = new QPushButton(tr("&Move…"), this);
        m_moveButton->setObjectName(QStringLiteral("moveButton"));
        m_moveButton->setAutoDefault(false);
        m_menu = new QMenu(m_moveButton);
        m_menu->setObjectName(QStringLiteral("moveMenu"));
        const struct
        {
            MoveKind kind;
            const char* objectName;
            const char* text;
        } entries[] = {
            {MoveKind::Relocation, "relocateAction", QT_TR_NOOP("Move within the city (%1)…")},
            {MoveKind::MoveOut, "moveOutAction", QT_TR_NOOP("Move out (%1)…")},
            {MoveKind::Death, "deathAction", QT_TR_NOOP("Death (%1)…")},
            {MoveKind::NameChange, "nameChangeAction", QT_TR_NOOP("Change of name (%1)…")},
            {MoveKind::HouseholdChange, "householdChangeAction",
             QT_TR_NOOP("Change of household (%1)…")},
            {MoveKind::Birth, "birthAction", QT_TR_NOOP("Birth into this household (%1)…")},
        };
        for (const auto& e : entries) {
            if (e.kind == MoveKind::Birth) {
                m_menu->addSeparator();
            }
            QAction* a = m_menu->addAction(tr(e.text).arg(moves::displayName(e.kind)));
            a->setObjectName(QString::fromLatin1(e.objectName));
            const MoveKind kind = e.kind;
            connect(a, &QAction::triggered, this, [this, kind] { openMove(kind); });
            m_actions.append({kind, a});
        }
        m_moveButton->setMenu(m_menu);
        layout->addWidget(m_moveButton);
    }
    if (parts & Register) {
        m_registerAction = new QAction(
            tr("Register a new resident (%1)…").arg(moves::displayName(MoveKind::MoveIn)), this);
        m_registerAction->setObjectName(QStringLiteral("registerAction"));
        connect(m_registerAction, &QAction::triggered, this, &MoveActions::registerNew);
        m_registerButton = new QPushButton(m_registerAction->text(), this);
        m_registerButton->setObjectName(QStringLiteral("registerButton"));
        m_registerButton->setAutoDefault(false);
        connect(m_registerButton, &QPushButton::clicked, m_registerAction, &QAction::trigger);
        connect(m_registerAction, &QAction::changed, this, [this] {
            m_registerButton->setEnabled(m_registerAction->isEnabled());
            m_registerButton->setToolTip(m_registerAction->toolTip());
        });
        layout->addWidget(m_registerButton);
    }
    layout->addStretch(1);
    updateState();
}

bool MoveActions::mayEdit() const
{
    return m_session.can(Permission::EditResidents);
}

QAction* MoveActions::action(MoveKind kind) const
{
    if (kind == MoveKind::MoveIn) {
        return m_registerAction;
    }
    for (const auto& [k, a] : m_actions) {
        if (k == kind) {
            return a;
        }
    }
    return nullptr;
}

void MoveActions::setResident(const Resident& resident)
{
    m_resident = resident;
    m_hasResident = true;
    updateState();
}

void MoveActions::clearResident()
{
    m_resident = Resident();
    m_hasResident = false;
    updateState();
}

void MoveActions::updateState()
{
    const bool may = mayEdit();
    const QString denied = tr("Your role may not enter moves (%1).")
                               .arg(roles::permissionName(Permission::EditResidents));
    if (m_registerAction) {
        m_registerAction->setEnabled(may);
        m_registerAction->setToolTip(may ? tr("Registers a resident who moves in (転入).")
                                         : denied);
        if (m_registerButton) {
            m_registerButton->setEnabled(may);
            m_registerButton->setToolTip(m_registerAction->toolTip());
        }
    }
    if (!m_moveButton) {
        return;
    }
    QString why;
    if (!may) {
        why = denied;
    } else if (!m_hasResident) {
        why = tr("Open a resident first.");
    } else if (m_resident.isRemoved()) {
        why = tr("%1 has left the register (除票): moves can no longer be entered, only "
                 "corrections.")
                  .arg(m_resident.fullName());
    }
    const bool enabled = why.isEmpty();
    m_moveButton->setEnabled(enabled);
    m_moveButton->setToolTip(enabled ? tr("Enters a move (異動) for %1.").arg(m_resident.fullName())
                                     : why);
    for (const auto& [k, a] : std::as_const(m_actions)) {
        a->setEnabled(enabled);
    }
}

bool MoveActions::openMove(MoveKind kind)
{
    if (!m_hasResident || !mayEdit() || m_resident.isRemoved()) {
        return false;
    }
    // For 出生 the open resident names the household the baby joins.
    return run(kind, &m_resident);
}

bool MoveActions::registerNew()
{
    if (!mayEdit()) {
        return false;
    }
    return run(MoveKind::MoveIn, nullptr);
}

bool MoveActions::registerFromCard(const card::CardBasicInfo& card)
{
    if (!mayEdit()) {
        return false;
    }
    return run(MoveKind::MoveIn, nullptr, &card);
}

bool MoveActions::run(MoveKind kind, const Resident* existing, const card::CardBasicInfo* card)
{
    MoveDialog dialog(m_registry, m_refdata, m_session, kind, existing, window());
    if (card) {
        dialog.fillFromCard(*card);
    }
    if (dialog.exec() != QDialog::Accepted) {
        return false;
    }
    const Resident saved = dialog.resident();
    if (kind == MoveKind::MoveIn || kind == MoveKind::Birth) {
        emit registered(saved);
    } else {
        setResident(saved);
        emit moved(saved, kind);
    }
    return true;
}

} // namespace madoguchi
