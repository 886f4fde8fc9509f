#include "ResidentSearchModel.h"

#include "text/Wareki.h"

#include <QColor>
#include <QSet>

namespace madoguchi {

namespace {
QString dateText(const QDate& d)
{
    const QString wareki = text::Wareki::format(d);
    return wareki.isEmpty() ? d.toString(Qt::ISODate) : wareki;
}
} // namespace

ResidentSearchModel::ResidentSearchModel(SearchService* search, QObject* parent)
    : QAbstractTableModel(parent), m_search(search)
{}

QString ResidentSearchModel::dvWarning()
{
    //: 支援措置対象: 第三者への交付不可
    return tr("DV support measure applies: nothing may be issued to third parties");
}

QString ResidentSearchModel::stateText(const Resident& r)
{
    //: resident status 除票 (left the register) / 現住 (lives here)
    return r.isRemoved() ? tr("Removed") : tr("Current");
}

void ResidentSearchModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_query.clear();
    m_interpretation.clear();
    m_kind = QueryKind::Empty;
    m_more = false;
    endResetModel();
}

Status ResidentSearchModel::search(const QString& text, const Session& by)
{
    const QString query = text.trimmed();
    if (query.isEmpty()) {
        clear();
        return {};
    }
    auto result = m_search->search({query, kPageSize, 0, true}, by);
    beginResetModel();
    m_session = by;
    m_query = query;
    m_rows.clear();
    m_matched.clear();
    m_more = false;
    m_interpretation.clear();
    m_kind = QueryKind::Empty;
    if (result) {
        m_kind = result->kind;
        m_interpretation = result->interpretation;
        m_more = result->more;
        for (const SearchHit& hit : std::as_const(result->hits)) {
            m_rows << hit.resident;
            m_matched.insert(hit.resident.id, hit.matchedKind);
        }
    }
    endResetModel();
    if (!result) {
        return result.error();
    }
    return {};
}

Status ResidentSearchModel::loadMore()
{
    if (!m_more || m_loading || m_query.isEmpty()) {
        return {};
    }
    m_loading = true;
    auto result = m_search->search({m_query, kPageSize, int(m_rows.size()), true}, m_session);
    m_loading = false;
    if (!result) {
        // Do not ask again on the next scroll: the error is shown, a new search starts over.
        m_more = false;
        emit pageLoaded(result.errorMessage());
        return result.error();
    }
    QSet<qint64> seen;
    for (const Resident& r : std::as_const(m_rows)) {
        seen.insert(r.id);
    }
    QList<Resident> fresh;
    for (const SearchHit& hit : std::as_const(result->hits)) {
        if (!seen.contains(hit.resident.id)) {
            seen.insert(hit.resident.id);
            fresh << hit.resident;
            m_matched.insert(hit.resident.id, hit.matchedKind);
        }
    }
    // A page that adds nothing (the register changed in between) ends the paging.
    m_more = result->more && !fresh.isEmpty();
    if (!fresh.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_rows += fresh;
        endInsertRows();
    }
    emit pageLoaded(QString());
    return {};
}

bool ResidentSearchModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_more && !m_loading;
}

void ResidentSearchModel::fetchMore(const QModelIndex& parent)
{
    if (!parent.isValid()) {
        // The outcome, error included, reaches the view's owner through pageLoaded().
        (void)loadMore();
    }
}

int ResidentSearchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResidentSearchModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ResidentSearchModel::displayText(const Resident& r, int column) const
{
    switch (column) {
    case Name:
        return r.fullName();
    case Kana:
        return r.fullKana();
    case BirthDate:
        return dateText(r.birthDate);
    case Sex:
        if (r.sex == QStringLiteral("male")) {
            return tr("Male");
        }
        return r.sex == QStringLiteral("female") ? tr("Female") : r.sex;
    case Address:
        return r.addressDisplay;
    case Household:
        if (r.relationship.isEmpty()) {
            return r.householdNo;
        }
        //: household number (relationship to the head of household, 続柄)
        return tr("%1 (%2)").arg(r.householdNo, r.relationship);
    case State:
        return stateText(r);
    default:
        return {};
    }
}

QString ResidentSearchModel::toolTip(const Resident& r, int column) const
{
    QStringList lines;
    if (r.dvSupport) {
        lines << dvWarning();
    }
    switch (column) {
    case Name:
        if (r.isForeign && !r.commonName.isEmpty()) {
            lines << tr("Common name (通称): %1").arg(r.commonName);
        }
        break;
    case BirthDate:
        lines << r.birthDate.toString(Qt::ISODate);
        break;
    case Address:
        lines << r.addressDisplay; // the column may be too narrow for all of it
        break;
    case State:
        if (r.isRemoved()) {
            lines << tr("Removed on %1: %2").arg(dateText(r.removedOn), r.removedReason);
        }
        break;
    default:
        break;
    }
    return lines.join(u'\n');
}

QVariant ResidentSearchModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Resident& r = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        // A hit through a former name says so: the clerk must see why this person is listed.
        const QString matched = m_matched.value(r.id);
        if (index.column() == Name && matched.startsWith(QStringLiteral("former"))) {
            return tr("%1 (former name)").arg(displayText(r, index.column()));
        }
        return displayText(r, index.column());
    }
    case Qt::ToolTipRole: {
        const QString matched = m_matched.value(r.id);
        if (index.column() == Name && matched.startsWith(QStringLiteral("former"))) {
            return tr("Found by a former name (旧氏名): the name changed, see the history.");
        }
        if (index.column() == Name && matched.startsWith(QStringLiteral("common"))) {
            return tr("Found by the common name (通称).");
        }
        const QString tip = toolTip(r, index.column());
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::BackgroundRole:
        if (r.dvSupport) {
            return QColor(0xff, 0xd2, 0xcc); // a warning red, light enough for black text
        }
        return {};
    case Qt::ForegroundRole:
        if (r.isRemoved()) {
            return QColor(0x75, 0x75, 0x75);
        }
        return r.dvSupport ? QVariant(QColor(Qt::black)) : QVariant();
    case ResidentIdRole:
        return r.id;
    case RemovedRole:
        return r.isRemoved();
    case DvSupportRole:
        return r.dvSupport;
    case BirthDateRole:
        return r.birthDate;
    default:
        return {};
    }
}

QVariant ResidentSearchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name:
        return tr("Name");
    case Kana:
        return tr("Reading");
    case BirthDate:
        return tr("Date of birth");
    case Sex:
        return tr("Sex");
    case Address:
        return tr("Address");
    case Household:
        return tr("Household");
    case State:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace madoguchi
