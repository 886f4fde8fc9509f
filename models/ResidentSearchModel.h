#pragma once
// The hits of the register's search box as a table: name as registered (the alphabet name for
// foreign residents), reading, date of birth (和暦, the western date in the tooltip), sex,
// address, household and state. Pages of 50; the view asks for the next page when it scrolls to
// the end (fetchMore), or the page calls loadMore(). Residents under a DV support measure get a
// warning background and tooltip, removed residents (除票) grey text.

#include "auth/Session.h"
#include "registry/SearchService.h"

#include <QAbstractTableModel>
#include <QHash>

namespace madoguchi {

class ResidentSearchModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Kana, BirthDate, Sex, Address, Household, State, ColumnCount };
    enum {
        ResidentIdRole = Qt::UserRole + 1, // qint64
        RemovedRole,                       // bool: 除票
        DvSupportRole,                     // bool: DV等支援措置
        BirthDateRole,                     // QDate
    };
    static constexpr int kPageSize = 50;

    explicit ResidentSearchModel(SearchService* search, QObject* parent = nullptr);

    // Runs a new search and replaces the rows. Empty text clears the model. On an error the
    // model is empty and the error is returned (its message is for the user).
    Status search(const QString& text, const Session& by);
    // The next page of the last search, appended. Nothing to do when there is none.
    Status loadMore();
    bool hasMore() const { return m_more; }
    void clear();

    QString query() const { return m_query; }
    QString interpretation() const { return m_interpretation; }
    QueryKind queryKind() const { return m_kind; }
    const Resident& residentAt(int row) const { return m_rows.at(row); }

    // The texts the rows show, also for callers that explain them elsewhere.
    static QString dvWarning();
    static QString stateText(const Resident& r);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    // After rows were added by fetchMore() or loadMore(); `error` is empty on success.
    void pageLoaded(const QString& error);

private:
    QString displayText(const Resident& r, int column) const;
    QString toolTip(const Resident& r, int column) const;

    SearchService* m_search;
    Session m_session;
    QString m_query;
    QString m_interpretation;
    QueryKind m_kind = QueryKind::Empty;
    QList<Resident> m_rows;
    QHash<qint64, QString> m_matched; // resident id -> the kind of key that matched
    bool m_more = false;
    bool m_loading = false;
};

} // namespace madoguchi
