#pragma once
// The resident in front of the counter, found from what their My Number card says: by the
// My Number (exact, audited, for roles that may use it), else by the name as written and the
// date of birth. Whatever the card says that the register does not (another address after an
// unreported move, a name written with another kanji) is listed, so the clerk sees it at once.

#include "auth/Session.h"
#include "card/MyNumberCard.h"
#include "registry/Resident.h"

#include <optional>

namespace madoguchi {

class RegistryService;
class SearchService;

struct CardLookup
{
    std::optional<Resident> resident; // the one match, if there is exactly one
    int candidates = 0;               // residents with that name and date of birth
    QString matchedBy;                // "my_number" or "name_birth"
    QStringList differences;          // "住所: カード … / 住民票 …", for the clerk
};

Result<CardLookup> lookUpCardHolder(RegistryService& registry, SearchService& search,
                                    const card::CardBasicInfo& card, const Session& by);

// What differs between the card and the register entry (empty when they agree).
QStringList cardDifferences(const card::CardBasicInfo& card, const Resident& resident);

} // namespace madoguchi
