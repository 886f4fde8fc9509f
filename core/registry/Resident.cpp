#include "registry/Resident.h"

namespace madoguchi {

namespace moves {
namespace {
struct KindInfo
{
    MoveKind kind;
    const char* id;
    const char16_t* name;
};
const KindInfo kKinds[] = {
    {MoveKind::MoveIn, "move_in", u"転入"},
    {MoveKind::Birth, "birth", u"出生"},
    {MoveKind::MoveOut, "move_out", u"転出"},
    {MoveKind::Death, "death", u"死亡"},
    {MoveKind::Relocation, "relocation", u"転居"},
    {MoveKind::HouseholdChange, "household_change", u"世帯変更"},
    {MoveKind::NameChange, "name_change", u"氏名変更"},
    {MoveKind::Correction, "correction", u"職権修正"},
    {MoveKind::Update, "update", u"記載事項変更"},
};
} // namespace

QString id(MoveKind k)
{
    for (const KindInfo& i : kKinds) {
        if (i.kind == k) {
            return QString::fromLatin1(i.id);
        }
    }
    return {};
}

std::optional<MoveKind> fromId(const QString& text)
{
    for (const KindInfo& i : kKinds) {
        if (text == QLatin1String(i.id)) {
            return i.kind;
        }
    }
    return std::nullopt;
}

QString displayName(MoveKind k)
{
    for (const KindInfo& i : kKinds) {
        if (i.kind == k) {
            return QString::fromUtf16(i.name);
        }
    }
    return {};
}
} // namespace moves

QString Resident::fullName() const
{
    if (isForeign && !alphaName.isEmpty()) {
        return alphaName;
    }
    return familyName + QChar(0x3000) + givenName;
}

QString Resident::fullKana() const
{
    return givenKana.isEmpty() ? familyKana : familyKana + QChar(0x3000) + givenKana;
}

QString Resident::sexDisplay() const
{
    return sex == QStringLiteral("male") ? QStringLiteral("男") : QStringLiteral("女");
}

} // namespace madoguchi
