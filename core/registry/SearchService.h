#pragma once
// One search box for the register. The query is read as what it looks like:
//  - 12 digits with a valid check digit: a My Number (exact; only for roles that may see it);
//  - 11 digits: a resident code; 7 digits (〒 and hyphens allowed): a postal code;
//  - a date in 西暦 or 和暦 (1975-03-01, S50.3.1, 昭和50年3月1日): the date of birth;
//  - anything else: a name (kanji, kana, half-width kana, romaji; with or without the space
//    between family and given name; variant kanji folded), a former name, 通称, the alphabet name
//    of a foreign resident, or a fragment of the address.
// Name hits rank exact > prefix > substring (names before addresses), then in kana order
// (あいうえお順). Substrings of any length, one and two characters included, are served by the
// gram index (FTS5 on SQLite, GIN on PostgreSQL), never by a table scan.

#include "auth/Session.h"
#include "registry/Resident.h"
#include "storage/Database.h"

namespace madoguchi {

class RegistryService;

enum class QueryKind { Empty, Name, BirthDate, ResidentCode, PostalCode, MyNumber };

struct SearchRequest
{
    QString text;
    int limit = 50;
    int offset = 0;
    bool includeRemoved = true;
};

struct SearchHit
{
    Resident resident;
    int tier = 0; // 0 exact, 1 prefix, 2 substring (names); 3+ for other kinds of match
    QString matchedKind;
};

struct SearchResult
{
    QueryKind kind = QueryKind::Empty;
    QString interpretation; // e.g. "生年月日 1975-03-01", for the status line
    QList<SearchHit> hits;
    bool more = false; // more hits after this page
};

class SearchService
{
public:
    SearchService(Database db, RegistryService* registry);

    Result<SearchResult> search(const SearchRequest& request, const Session& by);

    // How a query will be read (exposed for the search box's hint and for tests).
    static QueryKind classify(const QString& text, QString* normalised = nullptr);

private:
    Result<QList<QPair<qint64, QString>>> tier(const QString& where, const QVariantList& params,
                                               int limit, bool includeRemoved);
    Result<QList<QPair<qint64, QString>>> substring(const QString& key, const QStringList& kinds,
                                                    int limit, bool includeRemoved);

    Result<QList<QPair<qint64, QString>>> ranked(const QString& sql, const QVariantList& params,
                                                 int limit);
    static int window(int limit);

    Database m_db;
    RegistryService* m_registry;
};

} // namespace madoguchi
