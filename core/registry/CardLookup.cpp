#include "registry/CardLookup.h"

#include "registry/RegistryService.h"
#include "registry/SearchService.h"
#include "text/JapaneseText.h"

#include <QCoreApplication>

namespace madoguchi {

namespace {

QString sexOnCard(const QString& sex)
{
    if (sex == QStringLiteral("male")) {
        return QStringLiteral("1");
    }
    if (sex == QStringLiteral("female")) {
        return QStringLiteral("2");
    }
    return QStringLiteral("9");
}

// Addresses are compared after folding digits and 丁目/番/号 spellings: the card prints
// full-width digits, the register may hold either.
QString foldedAddress(const QString& a)
{
    return text::addressKey(a);
}

} // namespace

QStringList cardDifferences(const card::CardBasicInfo& card, const Resident& r)
{
    QStringList out;
    const QString registered =
        r.isForeign ? r.alphaName : r.familyName + QChar(0x3000) + r.givenName;
    // The registered characters, exactly: 髙 on the card and 高 in the register is a difference.
    QString cardName = card.name;
    if (!r.isForeign) {
        cardName.replace(u' ', QChar(0x3000)); // the register joins kanji names with U+3000
    }
    if (cardName != registered) {
        out << QCoreApplication::translate("CardLookup", "name: card %1 / register %2")
                   .arg(card.name, registered);
    }
    if (card.birthDate != r.birthDate) {
        out << QCoreApplication::translate("CardLookup", "date of birth: card %1 / register %2")
                   .arg(card.birthDate.toString(Qt::ISODate), r.birthDate.toString(Qt::ISODate));
    }
    if (card.sex != sexOnCard(r.sex)) {
        out << QCoreApplication::translate("CardLookup", "sex: card %1 / register %2")
                   .arg(card.sex, r.sexDisplay());
    }
    if (foldedAddress(card.address) != foldedAddress(r.addressDisplay)) {
        out << QCoreApplication::translate("CardLookup", "address: card %1 / register %2")
                   .arg(card.address, r.addressDisplay);
    }
    return out;
}

Result<CardLookup> lookUpCardHolder(RegistryService& registry, SearchService& search,
                                    const card::CardBasicInfo& card, const Session& by)
{
    CardLookup out;
    if (by.can(Permission::ViewFullMyNumber)) {
        auto found = registry.findByMyNumber(card.myNumber, by);
        if (!found) {
            return found.error();
        }
        if (found->has_value()) {
            out.resident = **found;
            out.candidates = 1;
            out.matchedBy = QStringLiteral("my_number");
            out.differences = cardDifferences(card, *out.resident);
            return out;
        }
    }
    // By the name (variants and spacing folded by the search) and the date of birth.
    SearchRequest request;
    request.text = card.name;
    request.limit = 200;
    auto result = search.search(request, by);
    if (!result) {
        return result.error();
    }
    QList<Resident> same;
    for (const SearchHit& hit : std::as_const(result->hits)) {
        if (hit.tier == 0 && hit.resident.birthDate == card.birthDate) {
            same << hit.resident;
        }
    }
    out.candidates = int(same.size());
    out.matchedBy = QStringLiteral("name_birth");
    if (same.size() == 1) {
        out.resident = same.first();
        out.differences = cardDifferences(card, *out.resident);
        if (by.can(Permission::ViewFullMyNumber) && out.resident->hasMyNumber) {
            // The lookup by the card's number found nobody, yet this resident has a number:
            // not the same one. Same name and birthday, maybe another person.
            out.differences.prepend(QCoreApplication::translate(
                "CardLookup", "My Number: the register holds another number for this resident"));
        }
    }
    return out;
}

} // namespace madoguchi
