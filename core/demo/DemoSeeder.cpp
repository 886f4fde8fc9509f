#include "demo/DemoSeeder.h"

#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "common/Csv.h"
#include "common/Log.h"
#include "ids/Identifiers.h"
#include "refdata/ReferenceData.h"
#include "settings/InstallationSettings.h"
#include "storage/BatchInsert.h"
#include "storage/Migrations.h"
#include "storage/Transaction.h"
#include "text/JapaneseText.h"
#include "text/KanjiVariants.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>

namespace madoguchi {

namespace {
// splitmix64: the same sequence for the same seed on every platform and library version.
class DemoRandom
{
public:
    explicit DemoRandom(quint64 seed) : m_state(seed) {}
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int below(int n) { return n <= 0 ? 0 : int(next() % quint64(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    double unit() { return double(next() >> 11) / double(1ull << 53); }

private:
    quint64 m_state;
};

struct Name
{
    QString kanji;
    QString katakana;
};

Result<QList<Name>> loadNames(const QString& path, const QString& sex = {})
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return Error(
            QCoreApplication::translate("DemoSeeder", "the bundled name list %1 is missing")
                .arg(path),
            QStringLiteral("demo.names"));
    }
    CsvReader reader(&f);
    if (Status st = reader.readHeader({QStringLiteral("kanji"), QStringLiteral("katakana")}); !st) {
        return st.error();
    }
    QList<Name> out;
    while (reader.next()) {
        if (!sex.isEmpty() && reader.field(QStringLiteral("sex")) != sex) {
            continue;
        }
        out << Name{reader.field(QStringLiteral("kanji")),
                    reader.field(QStringLiteral("katakana"))};
    }
    if (!reader.error().isEmpty()) {
        return Error(reader.error(), QStringLiteral("demo.names"));
    }
    return out;
}

// Writes some family names with a variant kanji, as old registers do (高橋 -> 髙橋).
QString withVariant(const QString& name, DemoRandom& rng, double rate, bool* changed)
{
    *changed = false;
    QList<uint> cps = name.toUcs4();
    bool eligible = false;
    for (uint cp : cps) {
        if (!text::KanjiVariants::variantsOf(char32_t(cp)).isEmpty()) {
            eligible = true;
        }
    }
    if (!eligible || rng.unit() >= rate) {
        return name;
    }
    for (uint& cp : cps) {
        const QList<char32_t> variants = text::KanjiVariants::variantsOf(char32_t(cp));
        if (!variants.isEmpty()) {
            cp = uint(variants.at(rng.below(int(variants.size()))));
            *changed = true;
            break;
        }
    }
    return QString::fromUcs4(reinterpret_cast<const char32_t*>(cps.constData()), cps.size());
}

QString isoDate(const QDate& d)
{
    return d.toString(Qt::ISODate);
}
} // namespace

Result<DemoSummary> DemoSeeder::seed(const DemoOptions& options)
{
    if (options.residents < 0 || options.residents > kMaxResidents) {
        return Error(QCoreApplication::translate("DemoSeeder",
                                                 "the number of residents must be between 0 and %1")
                         .arg(kMaxResidents),
                     QStringLiteral("demo.options"));
    }
    const ids::Check lg = ids::check(ids::Kind::LocalGovernmentCode, options.lgCode);
    if (!lg.valid) {
        return Error(lg.reason, QStringLiteral("demo.options"));
    }
    if (auto v = Migrator::migrate(m_db); !v) {
        return v.error();
    }
    InstallationSettings settings(m_db);
    OperatorService operators(m_db);
    auto isDemo = settings.isDemo();
    if (!isDemo) {
        return isDemo.error();
    }
    auto residentCount = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM residents"));
    if (!residentCount) {
        return residentCount.error();
    }
    if (residentCount->toLongLong() > 0) {
        return Error(QCoreApplication::translate("DemoSeeder",
                                                 "this database already holds residents: demo "
                                                 "data is seeded only into a new database"),
                     QStringLiteral("demo.not_empty"));
    }
    auto accounts = operators.list();
    if (!accounts) {
        return accounts.error();
    }
    for (const Operator& op : std::as_const(*accounts)) {
        if (op.login != demoLogin()) {
            return Error(
                QCoreApplication::translate(
                    "DemoSeeder",
                    "this database has real operator accounts: demo data is seeded only into a new "
                    "database"),
                QStringLiteral("demo.not_empty"));
        }
    }

    ReferenceData refdata(m_db);
    if (Status st = refdata.ensureLoaded(demoLogin()); !st) {
        return st.error();
    }
    auto fullName = refdata.fullName(lg.normalised);
    if (!fullName) {
        return fullName.error();
    }
    QList<PostalAddress> addresses;
    if (auto n = refdata.postalCodesOf(lg.normalised, &addresses); !n) {
        return n.error();
    }
    if (addresses.isEmpty()) {
        return Error(
            QCoreApplication::translate(
                "DemoSeeder",
                "the postal list has no addresses for %1 (%2): choose another municipality")
                .arg(*fullName, lg.normalised),
            QStringLiteral("demo.no_addresses"));
    }

    auto families = loadNames(QStringLiteral(":/data/family_names.csv"));
    auto males = loadNames(QStringLiteral(":/data/given_names.csv"), QStringLiteral("male"));
    auto females = loadNames(QStringLiteral(":/data/given_names.csv"), QStringLiteral("female"));
    for (const auto* list : {&families, &males, &females}) {
        if (!*list) {
            return list->error();
        }
        if ((*list)->isEmpty()) {
            return Error(QCoreApplication::translate("DemoSeeder", "a bundled name list is empty"),
                         QStringLiteral("demo.names"));
        }
    }

    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = settings.markDemo(demoLogin()); !st) {
        return st.error();
    }
    if (Status st = settings.setMunicipalityCode(lg.normalised, demoLogin()); !st) {
        return st.error();
    }
    auto demo = operators.find(demoLogin());
    if (!demo) {
        return demo.error();
    }
    if (!demo->has_value()) {
        if (auto created = operators.createDemoAccount(demoLogin(), demoPassword()); !created) {
            return created.error();
        }
    }

    DemoRandom rng(options.seed);
    DemoSummary summary;
    summary.lgCode = lg.normalised;
    summary.municipality = *fullName;
    BatchInsert insert(
        m_db, QStringLiteral("residents"),
        {QStringLiteral("resident_code"), QStringLiteral("household_no"),
         QStringLiteral("relationship"), QStringLiteral("family_name"),
         QStringLiteral("given_name"), QStringLiteral("family_kana"), QStringLiteral("given_kana"),
         QStringLiteral("name_key"), QStringLiteral("kana_key"), QStringLiteral("birth_date"),
         QStringLiteral("sex"), QStringLiteral("lg_code"), QStringLiteral("postal_code"),
         QStringLiteral("address"), QStringLiteral("address_key"), QStringLiteral("status"),
         QStringLiteral("created_at")});
    QSet<QString> codes;
    const QDate today = Clock::today();
    const QString now = Clock::isoNow();
    int householdNo = 0;
    while (summary.residents < options.residents) {
        ++householdNo;
        const QString household = QStringLiteral("%1").arg(householdNo, 8, 10, QLatin1Char('0'));
        const PostalAddress& addr = addresses.at(rng.below(int(addresses.size())));
        const QString address = addr.prefecture + addr.city + addr.town +
                                QStringLiteral("%1丁目%2番%3号")
                                    .arg(rng.between(1, 5))
                                    .arg(rng.between(1, 30))
                                    .arg(rng.between(1, 20));
        const Name& family = families->at(rng.below(int(families->size())));
        bool variant = false;
        const QString familyKanji = withVariant(family.kanji, rng, options.variantRate, &variant);
        if (variant) {
            ++summary.variantNames;
        }
        const int roll = rng.below(100);
        const int size = roll < 35 ? 1 : roll < 63 ? 2 : roll < 81 ? 3 : roll < 95 ? 4 : 5;
        const int headAge = size == 1 ? rng.between(19, 95) : rng.between(28, 80);
        const bool headMale = rng.below(100) < 70;
        for (int m = 0; m < size && summary.residents < options.residents; ++m) {
            QString relation;
            bool male = false;
            int age = 0;
            if (m == 0) {
                relation = QStringLiteral("世帯主");
                male = headMale;
                age = headAge;
            } else if (m == 1 && size >= 2 && rng.below(100) < 85) {
                male = !headMale;
                relation = male ? QStringLiteral("夫") : QStringLiteral("妻");
                age = std::clamp(headAge + rng.between(-6, 6), 18, 100);
            } else {
                male = rng.below(2) == 0;
                relation = QStringLiteral("子");
                age = std::max(0, headAge - rng.between(22, 40));
            }
            const auto& givenList = male ? *males : *females;
            const Name& given = givenList.at(rng.below(int(givenList.size())));
            const QDate birth = today.addYears(-age).addDays(-rng.below(365));
            QString code;
            do {
                QString body = QString::number(rng.between(1, 9));
                for (int i = 0; i < 9; ++i) {
                    body += QChar(u'0' + rng.below(10));
                }
                code = body + QString::number(ids::residentCodeCheckDigit(body));
            } while (codes.contains(code));
            codes.insert(code);
            const QVariantList row = {code,
                                      household,
                                      relation,
                                      familyKanji,
                                      given.kanji,
                                      family.katakana,
                                      given.katakana,
                                      text::searchKey(familyKanji + given.kanji),
                                      text::searchKey(family.katakana + given.katakana),
                                      isoDate(birth),
                                      male ? QStringLiteral("male") : QStringLiteral("female"),
                                      addr.lgCode,
                                      addr.postalCode,
                                      address,
                                      text::addressKey(address),
                                      QStringLiteral("current"),
                                      now};
            if (Status st = insert.add(row); !st) {
                return st.error();
            }
            ++summary.residents;
        }
        ++summary.households;
    }
    if (Status st = insert.flush(); !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    qCInfo(lcDemo) << "seeded" << summary.residents << "residents in" << summary.households
                   << "households of" << summary.municipality;
    return summary;
}

} // namespace madoguchi
