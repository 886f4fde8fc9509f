#include "ConflictDialog.h"

#include "ResidentDialog.h"
#include "Ui.h"
#include "registry/RegistryService.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QMetaMethod>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace madoguchi {

namespace {

QString valueText(const QJsonValue& v)
{
    if (v.isDouble()) {
        return QString::number(v.toDouble(), 'g', 15);
    }
    if (v.isBool()) {
        return v.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    }
    const QString s = v.toString();
    return s.isEmpty() ? QStringLiteral("—") : s;
}

// One side's change: the value each field had before it and the value it gave it. Fields the
// change recorded without changing them are left out.
struct Change
{
    QMap<QString, QJsonValue> before;
    QMap<QString, QJsonValue> after;
};

void addChange(Change& into, const QJsonObject& payload)
{
    const QJsonObject before = payload.value(QStringLiteral("before")).toObject();
    const QJsonObject after = payload.value(QStringLiteral("after")).toObject();
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (!into.before.contains(it.key())) {
            into.before.insert(it.key(), before.value(it.key()));
        }
        into.after.insert(it.key(), it.value());
    }
    for (auto it = into.after.begin(); it != into.after.end();) {
        if (before.contains(it.key()) &&
            valueText(into.before.value(it.key())) == valueText(it.value())) {
            into.before.remove(it.key());
            it = into.after.erase(it);
        } else {
            ++it;
        }
    }
}

Change mineOf(const sync::Conflict& c)
{
    Change m;
    addChange(m, c.mine);
    return m;
}

// Central's changes this workstation missed, oldest first, taken together.
Change theirsOf(const sync::Conflict& c)
{
    Change t;
    for (const sync::ReceivedChange& r : c.theirs) {
        addChange(t, r.payload);
    }
    return t;
}

QStringList sortedKeys(const QList<QString>& keys)
{
    QStringList out(keys.cbegin(), keys.cend());
    out.removeDuplicates();
    ResidentDialog::sortFields(out);
    return out;
}

QString moveKindText(const QJsonObject& payload)
{
    const auto kind = moves::fromId(payload.value(QStringLiteral("kind")).toString());
    return kind ? moves::displayName(*kind) : payload.value(QStringLiteral("kind")).toString();
}

QTableWidgetItem* cell(const QString& text)
{
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

QTableWidget* table(const QString& objectName, const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setWordWrap(false);
    t->setTabKeyNavigation(false); // Tab leaves the table for the buttons
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return t;
}

} // namespace

ConflictDialog::ConflictDialog(AppContext* context, QWidget* parent)
    : QDialog(parent), m_ctx(context), m_mayView(context->session.can(Permission::ViewResidents)),
      m_mayEdit(context->session.can(Permission::EditResidents))
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Sync conflicts"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(ui::heading(tr("Sync conflicts"), this, 1.4));
    auto* intro = new QLabel(
        tr("This workstation and another one changed the same resident before either had "
           "synchronised. Nothing has been overwritten: for each resident, decide which change "
           "the register keeps."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("permissionNote"));
    m_note->setWordWrap(true);
    if (!m_mayEdit) {
        m_note->setText(m_mayView
                            ? tr("Your role may not change the register: a clerk or a supervisor "
                                 "resolves these conflicts.")
                            : tr("Your role may neither see residents nor change the register: a "
                                 "clerk or a supervisor resolves these conflicts."));
    }
    m_note->setVisible(!m_mayEdit);
    layout->addWidget(m_note);
    m_empty = new QLabel(tr("There are no sync conflicts to resolve."), this);
    m_empty->setObjectName(QStringLiteral("emptyLabel"));
    QFont f = m_empty->font();
    f.setBold(true);
    m_empty->setFont(f);
    m_empty->hide();
    layout->addWidget(m_empty);

    auto* split = new QSplitter(Qt::Vertical, this);
    m_table = table(QStringLiteral("conflictTable"),
                    {tr("Resident"), tr("Changed here"), tr("Central holds"),
                     tr("Central's change from"), tr("Detected")},
                    split);
    // Without the permission to see residents: which residents, not what changed.
    m_table->setColumnHidden(1, !m_mayView);
    m_table->setColumnHidden(2, !m_mayView);
    m_details = new QWidget(split);
    auto* detailLayout = new QVBoxLayout(m_details);
    detailLayout->setContentsMargins(0, 6, 0, 0);
    m_detailTitle = new QLabel(m_details);
    m_detailTitle->setObjectName(QStringLiteral("detailTitle"));
    m_detailTitle->setWordWrap(true);
    m_detailTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_detailTitle->font();
    bold.setBold(true);
    m_detailTitle->setFont(bold);
    detailLayout->addWidget(m_detailTitle);
    m_compare =
        table(QStringLiteral("comparisonTable"),
              {tr("Field"), tr("Before"), tr("This workstation"), tr("Central")}, m_details);
    m_compare->setSelectionMode(QAbstractItemView::NoSelection);
    m_compare->setFocusPolicy(Qt::NoFocus);
    m_compare->setVisible(m_mayView);
    m_detailTitle->setVisible(m_mayView);
    detailLayout->addWidget(m_compare, 1);
    m_explanation = new QLabel(m_details);
    m_explanation->setObjectName(QStringLiteral("explanationLabel"));
    m_explanation->setWordWrap(true);
    detailLayout->addWidget(m_explanation);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, m_mayView ? 1 : 0);
    layout->addWidget(split, 1);

    m_message = ui::messageLabel(this);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    //: resolves a sync conflict by sending this workstation's change again (こちらの変更を送り直す)
    m_keep =
        buttons->addButton(tr("&Keep this workstation's change"), QDialogButtonBox::ActionRole);
    m_keep->setObjectName(QStringLiteral("keepMineButton"));
    //: resolves a sync conflict by taking what central holds (中央の内容を採用)
    m_take = buttons->addButton(tr("&Take central's version"), QDialogButtonBox::ActionRole);
    m_take->setObjectName(QStringLiteral("takeCentralButton"));
    auto* close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeButton"));
    for (QPushButton* b : {m_keep, m_take, close}) {
        b->setAutoDefault(false); // Enter in the list decides nothing
    }
    if (!m_mayEdit) {
        const QString why = tr("Your role may not change the register.");
        m_keep->setToolTip(why);
        m_take->setToolTip(why);
    } else {
        m_keep->setToolTip(tr("Send this workstation's change to central again, now based on "
                              "central's version (Alt+K)"));
        m_take->setToolTip(tr("Withdraw this workstation's change and apply central's (Alt+T)"));
    }
    connect(m_keep, &QPushButton::clicked, this, &ConflictDialog::keepMine);
    connect(m_take, &QPushButton::clicked, this, &ConflictDialog::takeCentral);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConflictDialog::showSelected);
    resize(1040, 680);
    refresh();
    m_table->setFocus();
}

QString ConflictDialog::residentText(const sync::Conflict& c) const
{
    const QString code = c.mine.value(QStringLiteral("resident_code")).toString();
    const QString name = m_names.value(code);
    return name.isEmpty() ? code : QStringLiteral("%1 (%2)").arg(name, code);
}

void ConflictDialog::refresh()
{
    m_message->clear();
    const int previous = m_table->currentRow();
    auto open = sync::Conflicts(m_ctx->db).open();
    if (!open) {
        m_conflicts.clear();
        m_message->setText(open.errorMessage());
    } else {
        m_conflicts = *open;
    }
    // The name as the register has it (an unaudited read, as for a list of search results);
    // none for operators who may not see residents.
    m_names.clear();
    if (m_mayView) {
        RegistryService registry(m_ctx->db);
        for (const sync::Conflict& c : std::as_const(m_conflicts)) {
            const QString code = c.mine.value(QStringLiteral("resident_code")).toString();
            auto r = registry.findByCode(code);
            if (r && r->has_value()) {
                m_names.insert(code, (*r)->fullName());
            }
        }
    }
    const QSignalBlocker block(m_table);
    m_table->setRowCount(int(m_conflicts.size()));
    for (int i = 0; i < m_conflicts.size(); ++i) {
        const sync::Conflict& c = m_conflicts.at(i);
        const Change mine = mineOf(c);
        const Change theirs = theirsOf(c);
        QStringList mineLines;
        QStringList theirLines;
        if (m_mayView) {
            for (const QString& k : sortedKeys(mine.after.keys())) {
                //: one field of a conflicting change: "field: before → after"
                mineLines << tr("%1: %2 → %3")
                                 .arg(ResidentDialog::fieldName(k), valueText(mine.before.value(k)),
                                      valueText(mine.after.value(k)));
            }
            for (const QString& k : sortedKeys(theirs.after.keys())) {
                theirLines << tr("%1: → %2")
                                  .arg(ResidentDialog::fieldName(k),
                                       valueText(theirs.after.value(k)));
            }
        }
        if (c.theirs.isEmpty()) {
            theirLines = {tr("not received yet: synchronise first")};
        }
        QStringList from;
        for (const sync::ReceivedChange& r : c.theirs) {
            const QString who = QStringLiteral("%1 / %2").arg(r.terminal, r.operatorLogin);
            if (!from.contains(who)) {
                from << who;
            }
        }
        if (from.isEmpty()) {
            from << c.centralTerminal;
        }
        from << tr("central version %1").arg(c.centralVersion);
        // One line a row (the comparison below has the details; the tooltip the whole text).
        const QStringList values[] = {
            {residentText(c)},
            mineLines,
            theirLines,
            from,
            {c.detectedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))},
        };
        for (int col = 0; col < 5; ++col) {
            QTableWidgetItem* item = cell(values[col].join(QStringLiteral("; ")));
            item->setToolTip(values[col].join(u'\n'));
            m_table->setItem(i, col, item);
        }
        m_table->item(i, 0)->setData(Qt::UserRole, c.id);
    }
    m_table->resizeColumnsToContents();
    for (int col = 0; col < m_table->columnCount() - 1; ++col) {
        m_table->setColumnWidth(col, std::min(m_table->columnWidth(col) + 16, 360));
    }
    const bool any = !m_conflicts.isEmpty();
    m_empty->setVisible(!any);
    m_table->setVisible(any);
    m_details->setVisible(any);
    if (any) {
        m_table->selectRow(std::clamp(previous, 0, int(m_conflicts.size()) - 1));
    }
    showSelected();
}

const sync::Conflict* ConflictDialog::selected() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_conflicts.size() || m_table->selectedItems().isEmpty()) {
        return nullptr;
    }
    return &m_conflicts.at(row);
}

void ConflictDialog::showSelected()
{
    const sync::Conflict* c = selected();
    m_keep->setEnabled(m_mayEdit && c);
    m_take->setEnabled(m_mayEdit && c);
    m_compare->setRowCount(0);
    if (!c) {
        m_detailTitle->clear();
        m_explanation->clear();
        return;
    }
    const QString name = m_names.value(c->mine.value(QStringLiteral("resident_code")).toString(),
                                       c->mine.value(QStringLiteral("resident_code")).toString());
    QStringList title;
    title << tr("%1 — here: %2 of %3 by %4")
                 .arg(name, moveKindText(c->mine),
                      c->mine.value(QStringLiteral("effective_date")).toString(), c->mineOperator);
    for (const sync::ReceivedChange& r : c->theirs) {
        title << tr("central: %1 of %2 by %3 at %4 (version %5)")
                     .arg(moveKindText(r.payload),
                          r.payload.value(QStringLiteral("effective_date")).toString(),
                          r.operatorLogin, r.terminal)
                     .arg(r.version);
    }
    m_detailTitle->setText(title.join(u'\n'));
    m_explanation->setText(
        tr("Keep this workstation's change: it is sent to central again, based on central's "
           "version %1; central's changes to other fields are taken over here.\n"
           "Take central's version: this workstation's change is withdrawn and the register "
           "takes what central holds.")
            .arg(c->centralVersion));
    if (!m_mayView) {
        return;
    }
    const Change mine = mineOf(*c);
    const Change theirs = theirsOf(*c);
    const QStringList keys = sortedKeys(mine.after.keys() + theirs.after.keys());
    m_compare->setRowCount(int(keys.size()));
    //: a field that one side of a sync conflict did not change
    const QString unchanged = tr("(unchanged)");
    for (int i = 0; i < keys.size(); ++i) {
        const QString& k = keys.at(i);
        const QJsonValue before =
            mine.before.contains(k) ? mine.before.value(k) : theirs.before.value(k);
        const bool bothChanged = mine.after.contains(k) && theirs.after.contains(k) &&
                                 valueText(mine.after.value(k)) != valueText(theirs.after.value(k));
        QTableWidgetItem* items[] = {
            cell(ResidentDialog::fieldName(k)),
            cell(valueText(before)),
            cell(mine.after.contains(k) ? valueText(mine.after.value(k)) : unchanged),
            cell(theirs.after.contains(k) ? valueText(theirs.after.value(k)) : unchanged),
        };
        for (int col = 0; col < 4; ++col) {
            if ((col == 2 && !mine.after.contains(k)) || (col == 3 && !theirs.after.contains(k))) {
                items[col]->setForeground(QColor(0x75, 0x75, 0x75));
            } else if (col >= 2) {
                QFont f = items[col]->font();
                f.setBold(true);
                items[col]->setFont(f);
            }
            if (bothChanged) {
                items[col]->setBackground(QColor(0xff, 0xf0, 0xc0));
            }
            m_compare->setItem(i, col, items[col]);
        }
    }
    m_compare->resizeColumnsToContents();
    for (int col = 0; col < m_compare->columnCount() - 1; ++col) {
        m_compare->setColumnWidth(col, std::max(m_compare->columnWidth(col) + 16, 160));
    }
}

void ConflictDialog::keepMine()
{
    resolveSelected(true);
}

void ConflictDialog::takeCentral()
{
    resolveSelected(false);
}

void ConflictDialog::resolveSelected(bool mine)
{
    const sync::Conflict* c = selected();
    if (!c || !m_mayEdit) {
        return;
    }
    const qint64 id = c->id;
    const QString code = c->mine.value(QStringLiteral("resident_code")).toString();
    const QString who = m_names.contains(code) ? m_names.value(code) + QStringLiteral(" (") + code +
                                                     QStringLiteral(")")
                                               : code;
    QMessageBox confirm(
        QMessageBox::Question,
        mine ? tr("Keep this workstation's change") : tr("Take central's version"),
        mine ? tr("Keep this workstation's change to %1 and send it to central again, now based on "
                  "central's version %2?\n\nCentral's changes to other fields are taken over here; "
                  "the "
                  "fields changed here stay as entered and go to central with the next "
                  "synchronisation.")
                   .arg(who)
                   .arg(c->centralVersion)
             : tr("Take central's version of %1?\n\nThe change made here is withdrawn: its fields "
                  "go back to what they were, central's change is applied, and nothing is sent.")
                   .arg(who),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    confirm.setObjectName(QStringLiteral("conflictConfirmBox"));
    confirm.button(QMessageBox::Yes)
        ->setText(mine ? tr("&Keep this workstation's change") : tr("&Take central's version"));
    confirm.setDefaultButton(QMessageBox::Cancel);
    if (confirm.exec() != QMessageBox::Yes) {
        return;
    }
    sync::Conflicts conflicts(m_ctx->db);
    const Status st =
        mine ? conflicts.keepMine(id, m_ctx->session) : conflicts.takeCentral(id, m_ctx->session);
    if (!st) {
        QString text = st.errorMessage();
        if (st.error().code == QStringLiteral("sync.not_arrived")) {
            const bool syncing =
                isSignalConnected(QMetaMethod::fromSignal(&ConflictDialog::syncRequested));
            text = tr("Central's change to %1 has not arrived at this workstation yet. "
                      "Synchronise first, then resolve the conflict.")
                       .arg(who);
            if (syncing) {
                text += u' ' + tr("A synchronisation has been started: the status bar shows "
                                  "when it has finished.");
            }
        }
        QMessageBox error(QMessageBox::Warning, tr("The conflict was not resolved"), text,
                          QMessageBox::Ok, this);
        error.setObjectName(QStringLiteral("conflictErrorBox"));
        if (st.error().code == QStringLiteral("sync.not_arrived")) {
            emit syncRequested();
        }
        error.exec();
        refresh();
        return;
    }
    refresh();
    emit resolved();
    m_table->setFocus();
}

} // namespace madoguchi
