#include "demo/DemoSeeder.h"

#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "common/Csv.h"
#include "common/Log.h"
#include "crypto/KeyStore.h"
#include "disaster/Disaster.h"
#include "ids/Identifiers.h"
#include "recovery/DamageSurvey.h"
#include "recovery/ReliefSupplies.h"
#include "recovery/SupportPayments.h"
#include "recovery/TemporaryHousing.h"
#include "refdata/ReferenceData.h"
#include "registry/Resident.h"
#include "registry/SearchKeys.h"
#include "settings/InstallationSettings.h"
#include "storage/BatchInsert.h"
#include "storage/Migrations.h"
#include "storage/Transaction.h"
#include "text/JapaneseText.h"
#include "text/KanjiVariants.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSet>
#include <QTimeZone>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

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

struct ForeignName
{
    const char16_t* family;
    const char16_t* familyKana;
    const char16_t* male;
    const char16_t* maleKana;
    const char16_t* female;
    const char16_t* femaleKana;
    const char16_t* nationality;
};

// Invented names in the forms the register holds for foreign residents.
const QList<ForeignName>& foreignNames()
{
    static const QList<ForeignName> names = {
        {u"NGUYEN", u"グエン", u"VAN AN", u"ヴァン アン", u"THI LAN", u"ティ ラン", u"ベトナム"},
        {u"KIM", u"キム", u"MINJUN", u"ミンジュン", u"SEOYEON", u"ソヨン", u"韓国"},
        {u"WANG", u"ワン", u"WEI", u"ウェイ", u"FANG", u"ファン", u"中国"},
        {u"SANTOS", u"サントス", u"JOAO", u"ジョアン", u"ANA", u"アナ", u"ブラジル"},
        {u"REYES", u"レイエス", u"JOSE", u"ホセ", u"MARIA", u"マリア", u"フィリピン"},
        {u"SMITH", u"スミス", u"JOHN", u"ジョン", u"EMILY", u"エミリー", u"アメリカ合衆国"},
        {u"SHARMA", u"シャルマ", u"RAHUL", u"ラフル", u"PRIYA", u"プリヤ", u"インド"},
        {u"GURUNG", u"グルン", u"BIKASH", u"ビカス", u"SITA", u"シタ", u"ネパール"},
    };
    return names;
}

// Rows of whole households, made on a worker thread and written on the seeding thread, so that
// making names, keys, grams and encrypted numbers overlaps with SQLite's inserts.
constexpr qsizetype kRowsPerChunk = 4096;

struct Chunk
{
    QList<QVariantList> households;
    QList<QVariantList> residents;
    QList<QVariantList> moves;
    QList<QVariantList> keys;
    QList<QVariantList> former;
    std::optional<Error> error;
    bool last = false;
};

class ChunkQueue
{
public:
    explicit ChunkQueue(std::size_t capacity) : m_capacity(capacity) {}
    // Blocks while the queue is full; false once cancelled.
    bool push(Chunk&& chunk)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_cancelled || m_chunks.size() < m_capacity; });
        if (m_cancelled) {
            return false;
        }
        m_chunks.push_back(std::move(chunk));
        m_changed.notify_all();
        return true;
    }
    Chunk pop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_chunks.empty(); });
        Chunk chunk = std::move(m_chunks.front());
        m_chunks.pop_front();
        m_changed.notify_all();
        return chunk;
    }
    void cancel()
    {
        std::lock_guard lock(m_mutex);
        m_cancelled = true;
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Chunk> m_chunks;
    std::size_t m_capacity;
    bool m_cancelled = false;
};

QStringList residentColumns()
{
    return {QStringLiteral("id"),
            QStringLiteral("resident_code"),
            QStringLiteral("household_id"),
            QStringLiteral("relationship"),
            QStringLiteral("family_name"),
            QStringLiteral("given_name"),
            QStringLiteral("family_kana"),
            QStringLiteral("given_kana"),
            QStringLiteral("alpha_name"),
            QStringLiteral("is_foreign"),
            QStringLiteral("nationality"),
            QStringLiteral("residence_status"),
            QStringLiteral("residence_period"),
            QStringLiteral("residence_expiry"),
            QStringLiteral("residence_card_no"),
            QStringLiteral("birth_date"),
            QStringLiteral("sex"),
            QStringLiteral("lg_code"),
            QStringLiteral("postal_code"),
            QStringLiteral("town"),
            QStringLiteral("banchi"),
            QStringLiteral("building"),
            QStringLiteral("became_resident_on"),
            QStringLiteral("status"),
            QStringLiteral("removed_on"),
            QStringLiteral("removed_reason"),
            QStringLiteral("honseki"),
            QStringLiteral("hittousha"),
            QStringLiteral("my_number_enc"),
            QStringLiteral("my_number_hmac"),
            QStringLiteral("kana_key"),
            QStringLiteral("address_key"),
            QStringLiteral("created_at"),
            QStringLiteral("updated_at")};
}

QVariantList residentRow(const Resident& r, const QString& enc, const QString& mac,
                         const QString& now)
{
    auto iso = [](const QDate& d) {
        return d.isValid() ? d.toString(Qt::ISODate) : QStringLiteral("");
    };
    auto nullable = [](const QString& v) {
        return v.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(v);
    };
    return {r.id,
            r.residentCode,
            r.householdId,
            r.relationship,
            r.familyName,
            r.givenName,
            r.familyKana,
            r.givenKana,
            r.alphaName,
            r.isForeign ? 1 : 0,
            r.nationality,
            r.residenceStatus,
            r.residencePeriod,
            iso(r.residenceExpiry),
            r.residenceCardNo,
            iso(r.birthDate),
            r.sex,
            r.address.lgCode,
            r.address.postalCode,
            r.address.town,
            r.address.banchi,
            r.address.building,
            iso(r.becameResidentOn),
            r.status,
            iso(r.removedOn),
            r.removedReason,
            r.honseki,
            r.hittousha,
            nullable(enc),
            nullable(mac),
            text::searchKey(r.familyKana + r.givenKana),
            searchkeys::addressKeyOf(r.address),
            now,
            now};
}

QString addressDisplayFor(const QString& place, const Address& a)
{
    return place + a.town + a.banchi;
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
    // An invented mayor, so that demo certificates are complete (the seal image is the
    // administrator's to set).
    if (Status st = settings.setMayorName(QStringLiteral("窓口　太郎"), demoLogin()); !st) {
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

    auto keyStore = KeyStore::open(m_db);
    if (!keyStore) {
        return keyStore.error();
    }
    DemoRandom rng(options.seed);
    DemoSummary summary;
    summary.lgCode = lg.normalised;
    summary.municipality = *fullName;

    auto maxId = [&](const char* table) -> Result<qint64> {
        auto v = m_db.scalar(
            QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM %1").arg(QLatin1String(table)));
        if (!v) {
            return v.error();
        }
        return v->toLongLong();
    };
    auto hMax = maxId("households");
    auto rMax = maxId("residents");
    if (!hMax || !rMax) {
        return (!hMax ? hMax.error() : rMax.error());
    }
    qint64 nextHousehold = *hMax + 1;
    qint64 nextResident = *rMax + 1;

    BatchInsert households(
        m_db, QStringLiteral("households"),
        {QStringLiteral("id"), QStringLiteral("household_no"), QStringLiteral("created_at")});
    BatchInsert residents(m_db, QStringLiteral("residents"), residentColumns());
    BatchInsert movesOut(m_db, QStringLiteral("moves"),
                         {QStringLiteral("resident_id"), QStringLiteral("kind"),
                          QStringLiteral("effective_date"), QStringLiteral("recorded_at"),
                          QStringLiteral("operator"), QStringLiteral("before_json"),
                          QStringLiteral("after_json"), QStringLiteral("reason")});
    BatchInsert keysOut(m_db, QStringLiteral("resident_keys"),
                        {QStringLiteral("resident_id"), QStringLiteral("kind"),
                         QStringLiteral("search_key"), QStringLiteral("grams")});
    BatchInsert formerOut(m_db, QStringLiteral("former_names"),
                          {QStringLiteral("resident_id"), QStringLiteral("family_name"),
                           QStringLiteral("given_name"), QStringLiteral("family_kana"),
                           QStringLiteral("given_kana"), QStringLiteral("until_date")});
    QStringList deferredIndexes;
    QElapsedTimer phase;
    phase.start();
    if (m_db.isSQLite()) {
        // A large page cache for the bulk load (the key index takes millions of inserts), back to
        // the usual size afterwards.
        m_db.run(QStringLiteral("PRAGMA cache_size=-262144")).ok();
        // Index the search keys in one pass at the end instead of row by row.
        if (Status st = m_db.run(QStringLiteral("DROP TRIGGER IF EXISTS resident_keys_ai")); !st) {
            return st.error();
        }
    }
    {
        // Secondary indexes are built once, sorted, after the load (random-order inserts into
        // them, and the GIN gram index on PostgreSQL, cost more than the rows themselves). Their
        // definitions are read back from the migrated schema, so they stay defined in one place.
        // Indexes behind primary keys and unique constraints stay.
        auto indexes = m_db.exec(
            m_db.isSQLite()
                ? QStringLiteral(
                      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT "
                      "NULL AND tbl_name IN ('households', 'residents', 'moves', "
                      "'resident_keys', 'former_names')")
                : QStringLiteral(
                      "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                      "current_schema() AND i.tablename IN ('households', 'residents', 'moves', "
                      "'resident_keys', 'former_names') AND NOT EXISTS (SELECT 1 FROM "
                      "pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, "
                      "i.indexname)::regclass)"));
        if (!indexes) {
            return indexes.error();
        }
        QStringList names;
        while (indexes->next()) {
            names << indexes->value(0).toString();
            deferredIndexes << indexes->value(1).toString();
        }
        indexes->finish();
        for (const QString& name : std::as_const(names)) {
            if (Status st = m_db.run(QStringLiteral("DROP INDEX %1").arg(name)); !st) {
                return st.error();
            }
        }
    }
    residents.flushFirst(&households);
    movesOut.flushFirst(&residents);
    keysOut.flushFirst(&residents);
    formerOut.flushFirst(&residents);
    QSet<QString> codes;
    QSet<QString> myNumbers;
    const QDate today = Clock::today();
    const QString now = Clock::isoNow();
    const QString by = demoLogin();
    auto json = [](const QJsonObject& o) {
        return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    };
    auto digits = [&rng](int n) {
        QString out = QString::number(rng.between(1, 9));
        for (int i = 1; i < n; ++i) {
            out += QChar(u'0' + rng.below(10));
        }
        return out;
    };

    ChunkQueue queue(4);
    auto generate = [&] {
        Chunk chunk;
        auto ship = [&] {
            const bool ok = queue.push(std::move(chunk));
            chunk = Chunk{};
            return ok;
        };
        while (summary.residents < options.residents) {
            const qint64 householdId = nextHousehold++;
            chunk.households.append(
                {householdId, QStringLiteral("%1").arg(householdId, 8, 10, QLatin1Char('0')), now});
            const PostalAddress& addr = addresses.at(rng.below(int(addresses.size())));
            Address address{addr.lgCode, addr.postalCode, addr.town,
                            QStringLiteral("%1丁目%2番%3号")
                                .arg(rng.between(1, 5))
                                .arg(rng.between(1, 30))
                                .arg(rng.between(1, 20)),
                            rng.below(100) < 30
                                ? QStringLiteral("メゾン%1 %2号室")
                                      .arg(QChar(u'A' + rng.below(5)))
                                      .arg(rng.between(1, 5) * 100 + rng.between(1, 9))
                                : QString()};
            const bool foreignHousehold = rng.below(1000) < 25;
            const ForeignName* foreign =
                foreignHousehold ? &foreignNames()[rng.below(int(foreignNames().size()))] : nullptr;
            const Name& family = families->at(rng.below(int(families->size())));
            bool variant = false;
            const QString familyKanji =
                foreign ? QString() : withVariant(family.kanji, rng, options.variantRate, &variant);
            if (variant) {
                ++summary.variantNames;
            }
            const int roll = rng.below(100);
            const int size = roll < 35 ? 1 : roll < 63 ? 2 : roll < 81 ? 3 : roll < 95 ? 4 : 5;
            const int headAge = size == 1 ? rng.between(19, 95) : rng.between(28, 80);
            const bool headMale = rng.below(100) < 70;
            QString headName;
            for (int m = 0; m < size && summary.residents < options.residents; ++m) {
                Resident r;
                r.id = nextResident++;
                r.householdId = householdId;
                int age = 0;
                bool male = false;
                if (m == 0) {
                    r.relationship = QStringLiteral("世帯主");
                    male = headMale;
                    age = headAge;
                } else if (m == 1 && rng.below(100) < 85) {
                    male = !headMale;
                    r.relationship = male ? QStringLiteral("夫") : QStringLiteral("妻");
                    age = std::clamp(headAge + rng.between(-6, 6), 18, 100);
                } else {
                    male = rng.below(2) == 0;
                    r.relationship = QStringLiteral("子");
                    age = std::max(0, headAge - rng.between(22, 40));
                }
                const auto& givenList = male ? *males : *females;
                const Name& given = givenList.at(rng.below(int(givenList.size())));
                if (foreign) {
                    r.isForeign = true;
                    r.alphaName = QStringLiteral("%1 %2").arg(
                        QString::fromUtf16(foreign->family),
                        QString::fromUtf16(male ? foreign->male : foreign->female));
                    r.familyKana = QString::fromUtf16(foreign->familyKana);
                    r.givenKana =
                        QString::fromUtf16(male ? foreign->maleKana : foreign->femaleKana);
                    r.nationality = QString::fromUtf16(foreign->nationality);
                    r.residenceStatus = m == 0 ? QStringLiteral("技術・人文知識・国際業務")
                                               : QStringLiteral("家族滞在");
                    r.residencePeriod = QStringLiteral("3年");
                    r.residenceExpiry = today.addDays(rng.between(30, 1000));
                    r.residenceCardNo = QStringLiteral("%1%2%3")
                                            .arg(QChar(u'A' + rng.below(26)))
                                            .arg(QChar(u'A' + rng.below(26)))
                                            .arg(digits(8)) +
                                        QChar(u'A' + rng.below(26)) + QChar(u'A' + rng.below(26));
                } else {
                    r.familyName = familyKanji;
                    r.givenName = given.kanji;
                    r.familyKana = family.katakana;
                    r.givenKana = given.katakana;
                    r.honseki = addressDisplayFor(*fullName, address);
                    if (m == 0) {
                        headName = familyKanji + QChar(0x3000) + given.kanji;
                    }
                    r.hittousha = headName;
                }
                r.sex = male ? QStringLiteral("male") : QStringLiteral("female");
                r.birthDate = today.addYears(-age).addDays(-rng.below(365));
                r.address = address;
                const bool born = age < 40 && rng.below(100) < 40;
                r.becameResidentOn =
                    born ? r.birthDate
                         : std::max(r.birthDate, today.addDays(-rng.between(30, 365 * 30)));
                QString code;
                do {
                    const QString body = digits(10);
                    code = body + QString::number(ids::residentCodeCheckDigit(body));
                } while (codes.contains(code));
                codes.insert(code);
                r.residentCode = code;
                // A married woman's former name (maiden name) and her name change.
                const bool married =
                    !foreign && r.relationship == QStringLiteral("妻") && rng.below(100) < 70;
                QList<QStringList> former;
                if (married) {
                    const Name& maiden = families->at(rng.below(int(families->size())));
                    former << QStringList{maiden.kanji, r.givenName, maiden.katakana, r.givenKana};
                }
                const int fate = rng.below(1000);
                if (fate < 20) {
                    r.status = QStringLiteral("removed");
                    r.removedOn = today.addDays(-rng.between(1, 3000));
                    if (r.removedOn < r.becameResidentOn) {
                        r.removedOn = std::min(r.becameResidentOn.addDays(1), today);
                    }
                    r.removedReason = fate < 12 ? QStringLiteral("転出（東京都千代田区）")
                                                : QStringLiteral("死亡");
                }
                QString myNumberEnc;
                QString myNumberMac;
                if (rng.below(100) < 80) {
                    QString number;
                    do {
                        const QString body = digits(11);
                        number = body + QString::number(ids::myNumberCheckDigit(body));
                    } while (myNumbers.contains(number));
                    myNumbers.insert(number);
                    auto sealed = keyStore->seal(number, code);
                    if (!sealed) {
                        chunk.error = sealed.error();
                        ship();
                        return;
                    }
                    myNumberEnc = *sealed;
                    myNumberMac = keyStore->lookupHash(number);
                }
                chunk.residents.append(residentRow(r, myNumberEnc, myNumberMac, now));
                // History: how the resident entered, earlier moves, and how they left.
                QJsonObject entered{
                    {QStringLiteral("resident_code"), code},
                    {QStringLiteral("family_name"), former.isEmpty() ? r.familyName : former[0][0]},
                    {QStringLiteral("given_name"), r.givenName},
                    {QStringLiteral("town"), r.address.town},
                    {QStringLiteral("banchi"), r.address.banchi}};
                chunk.moves.append({r.id,
                                    born ? QStringLiteral("birth") : QStringLiteral("move_in"),
                                    r.becameResidentOn.toString(Qt::ISODate), now, by,
                                    QStringLiteral("{}"), json(entered), QString()});
                if (!former.isEmpty()) {
                    const QDate when =
                        std::max(r.becameResidentOn, today.addDays(-rng.between(10, 7000)));
                    chunk.former.append({r.id, former[0][0], former[0][1], former[0][2],
                                         former[0][3], when.toString(Qt::ISODate)});
                    chunk.moves.append({r.id, QStringLiteral("name_change"),
                                        when.toString(Qt::ISODate), now, by,
                                        json({{QStringLiteral("family_name"), former[0][0]},
                                              {QStringLiteral("family_kana"), former[0][2]}}),
                                        json({{QStringLiteral("family_name"), r.familyName},
                                              {QStringLiteral("family_kana"), r.familyKana}}),
                                        QStringLiteral("婚姻")});
                }
                if (r.status == QStringLiteral("removed")) {
                    const bool death = r.removedReason == QStringLiteral("死亡");
                    chunk.moves.append(
                        {r.id, death ? QStringLiteral("death") : QStringLiteral("move_out"),
                         r.removedOn.toString(Qt::ISODate), now, by,
                         json({{QStringLiteral("status"), QStringLiteral("current")}}),
                         json({{QStringLiteral("status"), QStringLiteral("removed")},
                               {QStringLiteral("removed_reason"), r.removedReason}}),
                         QString()});
                }
                for (const searchkeys::Key& k : searchkeys::forResident(r, former)) {
                    chunk.keys.append({r.id, k.kind, k.key, k.grams});
                }
                ++summary.residents;
            }
            ++summary.households;
            if (chunk.residents.size() >= kRowsPerChunk && !ship()) {
                return;
            }
        }
        chunk.last = true;
        ship();
    };
    std::thread worker(generate);
    // Whatever way this function returns, the generator stops and is joined.
    auto joinWorker = qScopeGuard([&] {
        queue.cancel();
        worker.join();
    });
    for (bool last = false; !last;) {
        Chunk chunk = queue.pop();
        if (chunk.error) {
            return *chunk.error;
        }
        last = chunk.last;
        const std::pair<BatchInsert*, const QList<QVariantList>*> tables[] = {
            {&households, &chunk.households},
            {&residents, &chunk.residents},
            {&movesOut, &chunk.moves},
            {&keysOut, &chunk.keys},
            {&formerOut, &chunk.former}};
        for (const auto& [out, rows] : tables) {
            for (const QVariantList& row : *rows) {
                if (Status st = out->add(row); !st) {
                    return st.error();
                }
            }
        }
    }
    for (BatchInsert* b : {&households, &residents, &movesOut, &keysOut, &formerOut}) {
        if (Status st = b->flush(); !st) {
            return st.error();
        }
    }
    qCDebug(lcDemo) << "rows written in" << phase.restart() << "ms";
    // SQLite may sort for CREATE INDEX on a helper thread; PostgreSQL gets more sort memory.
    m_db.run(m_db.isSQLite() ? QStringLiteral("PRAGMA threads=2")
                             : QStringLiteral("SET LOCAL maintenance_work_mem = '256MB'"))
        .ok();
    for (const QString& sql : std::as_const(deferredIndexes)) {
        if (Status st = m_db.run(sql); !st) {
            return st.error();
        }
    }
    qCDebug(lcDemo) << "indexes built in" << phase.restart() << "ms";
    if (m_db.isSQLite()) {
        m_db.run(QStringLiteral("PRAGMA threads=0")).ok();
        for (const QString& sql :
             {QStringLiteral("INSERT INTO resident_grams (resident_grams) VALUES ('rebuild')"),
              Migrator::sqliteGramsInsertTrigger(), QStringLiteral("PRAGMA cache_size=-32768")}) {
            if (Status st = m_db.run(sql); !st) {
                return st.error();
            }
        }
        qCDebug(lcDemo) << "gram index built in" << phase.restart() << "ms";
    }
    if (!m_db.isSQLite()) {
        // Explicit ids were inserted: move the identity sequences past them.
        for (const char* table : {"households", "residents"}) {
            if (Status st =
                    m_db.run(QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                            "(SELECT COALESCE(MAX(id), 1) FROM %1))")
                                 .arg(QLatin1String(table)));
                !st) {
                return st.error();
            }
        }
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    if (summary.residents > 0) {
        auto evacuees = seedDisaster(lg.normalised);
        if (!evacuees) {
            return evacuees.error();
        }
        summary.evacuees = *evacuees;
    }
    qCInfo(lcDemo) << "seeded" << summary.residents << "residents in" << summary.households
                   << "households of" << summary.municipality << "and" << summary.evacuees
                   << "evacuees";
    return summary;
}

namespace {

// Recovery a few days on: surveyed houses of every grade (one surveyed again on request) and a
// workshop (非住家) with their certificate applications, support payments in each state, a
// temporary-housing site with a 要配慮者 household waiting first, and relief supplies with a
// lot close to its expiry, an item below its low-stock level and requests from the shelters.
Status seedRecovery(const Database& db, qint64 disasterId, const QList<qint64>& shelters,
                    const QList<disaster::Person>& registered, const Session& by,
                    const QDate& today)
{
    using namespace recovery;
    RecoveryService surveys(db);
    struct DemoBuilding
    {
        const char16_t* address;
        const char16_t* owner;
        double loss;
        bool residential;
    };
    const DemoBuilding buildings[] = {
        {u"本町1丁目3番7号", u"青木 茂", 62.5, true},
        {u"本町1丁目5番2号", u"石井 和子", 44.0, true},
        {u"本町2丁目1番9号", u"上田 実", 35.0, true},
        {u"本町2丁目8番3号", u"遠藤 直樹", 23.5, true},
        {u"本町3丁目2番11号", u"大野 恵", 12.0, true},
        {u"本町3丁目6番4号", u"加藤 博", 4.0, true},
        {u"本町1丁目9番1号", u"株式会社本町工務店", 30.0, false},
    };
    QList<qint64> buildingIds;
    for (const DemoBuilding& d : buildings) {
        Building b;
        b.disasterId = disasterId;
        b.address = QString::fromUtf16(d.address);
        b.owner = QString::fromUtf16(d.owner);
        b.residential = d.residential;
        if (d.residential) {
            b.residents << Occupant{0, b.owner};
        }
        SurveyInput first;
        first.surveyedOn = today.addDays(-1);
        first.surveyor = QStringLiteral("調査班A");
        first.lossPercent = d.loss;
        auto added = surveys.addBuilding(b, first, by);
        if (!added) {
            return added.error();
        }
        buildingIds << added->id;
    }
    // The owner of the 半壊 asked for a second survey: 大規模半壊 now.
    SurveyInput second;
    second.surveyedOn = today;
    second.surveyor = QStringLiteral("調査班B");
    second.round = 2;
    second.lossPercent = 41.0;
    second.requestReason = QStringLiteral("内部の損傷が未調査");
    if (auto again = surveys.resurvey(buildingIds.at(3), second, by); !again) {
        return again.error();
    }
    for (int i : {0, 1, 2, 6}) {
        auto c = surveys.apply(buildingIds.at(i), QString::fromUtf16(buildings[i].owner), i == 2,
                               i == 2, by);
        if (!c) {
            return c.error();
        }
        if (i != 2) {
            if (auto decided = surveys.decide(c->id, by); !decided) {
                return decided.error();
            }
        }
    }

    SupportPayments payments(db);
    QStringList households;
    for (const disaster::Person& p : registered) {
        if (!p.householdKey.isEmpty() && !households.contains(p.householdKey)) {
            households << p.householdKey;
        }
    }
    struct DemoPayment
    {
        const char* part;
        const char* grade;
        const char* rebuild;
        int members;
        const char* to; // the state it reaches
    };
    const DemoPayment demoPayments[] = {
        {"basic", "zenkai", "", 3, "paid"},     {"basic", "daikibo", "", 1, "review"},
        {"basic", "zenkai", "", 2, "applied"},  {"additional", "zenkai", "build", 3, "review"},
        {"basic", "chouki", "", 4, "rejected"}, {"basic", "kaitai", "", 2, "paid"},
    };
    int next = 0;
    for (const DemoPayment& d : demoPayments) {
        Payment p;
        p.disasterId = disasterId;
        const bool additional = QLatin1String(d.part) == QLatin1String("additional");
        // The additional part goes to the household that had the basic one.
        p.household = additional || next >= households.size()
                          ? (households.isEmpty() ? QStringLiteral("demo-0") : households.first())
                          : households.at(next++);
        p.part = QString::fromLatin1(d.part);
        p.grade = QString::fromLatin1(d.grade);
        p.rebuild = QString::fromLatin1(d.rebuild);
        p.members = d.members;
        auto applied = payments.apply(p, by);
        if (!applied) {
            return applied.error();
        }
        const QString to = QString::fromLatin1(d.to);
        if (to == QStringLiteral("rejected")) {
            auto r = payments.advance(applied->id, to, by, QStringLiteral("長期避難の指定区域外"));
            if (!r) {
                return r.error();
            }
            continue;
        }
        for (const QString& step : {QStringLiteral("review"), QStringLiteral("paid")}) {
            if (to == QStringLiteral("applied")) {
                break;
            }
            if (auto r = payments.advance(applied->id, step, by); !r) {
                return r.error();
            }
            if (step == to) {
                break;
            }
        }
    }

    TemporaryHousing housing(db);
    QList<qint64> units;
    for (int i = 0; i < 4; ++i) {
        HousingUnit u;
        u.disasterId = disasterId;
        u.site = QStringLiteral("本町運動公園 仮設団地 %1号棟").arg(i + 1);
        u.type = i == 3 ? QStringLiteral("leased") : QStringLiteral("prefab");
        u.size = i % 2 == 0 ? QStringLiteral("2DK") : QStringLiteral("1DK");
        u.accessible = i == 0;
        auto added = housing.addUnit(u, by);
        if (!added) {
            return added.error();
        }
        units << added->id;
    }
    for (int i = 0; i < std::min<qsizetype>(4, households.size()); ++i) {
        HousingApplication a;
        a.disasterId = disasterId;
        a.household = households.at(households.size() - 1 - i);
        a.members = 2 + i % 2;
        if (auto applied = housing.apply(a, by); !applied) {
            return applied.error();
        }
    }
    // The first unit went to the first of the waiting list and they moved in.
    if (auto assigned = housing.assignNext(units.first(), by)) {
        if (auto in = housing.moveIn(assigned->id, today, by); !in) {
            return in.error();
        }
    }

    ReliefSupplies supplies(db);
    struct DemoItem
    {
        const char16_t* name;
        const char16_t* unit;
        qint64 lowStock;
        qint64 quantity;
        int expiresInDays; // 0: does not expire
    };
    const DemoItem items[] = {
        {u"飲料水 2L", u"本", 200, 480, 300},
        {u"アルファ化米", u"食", 300, 150, 9},
        {u"毛布", u"枚", 50, 120, 0},
        {u"紙おむつ（乳幼児用）", u"枚", 100, 60, 0},
    };
    QList<qint64> itemIds;
    for (const DemoItem& d : items) {
        SupplyItem i;
        i.disasterId = disasterId;
        i.name = QString::fromUtf16(d.name);
        i.unit = QString::fromUtf16(d.unit);
        i.lowStock = d.lowStock;
        auto added = supplies.addItem(i, by);
        if (!added) {
            return added.error();
        }
        itemIds << added->id;
        if (auto lot =
                supplies.receive(added->id, QStringLiteral("市役所備蓄倉庫"), d.quantity,
                                 d.expiresInDays ? today.addDays(d.expiresInDays) : QDate(), by);
            !lot) {
            return lot.error();
        }
    }
    if (!shelters.isEmpty()) {
        auto water = supplies.request(shelters.first(), itemIds.at(0), 120, 1, by);
        auto blankets = supplies.request(shelters.last(), itemIds.at(2), 30, 2, by);
        auto rice = supplies.request(shelters.at(1 % shelters.size()), itemIds.at(1), 60, 1, by);
        if (!water || !blankets || !rice) {
            return !water ? water.error() : !blankets ? blankets.error() : rice.error();
        }
        if (auto c = supplies.commit(water->id, QStringLiteral("市役所備蓄倉庫"), by); !c) {
            return c.error();
        }
        if (auto sent = supplies.send(water->id, by); !sent) {
            return sent.error();
        }
        if (auto c = supplies.commit(blankets->id, QStringLiteral("市役所備蓄倉庫"), by); !c) {
            return c.error();
        }
    }
    return {};
}

} // namespace

Result<int> DemoSeeder::seedDisaster(const QString& lgCode)
{
    using namespace disaster;
    auto demo = OperatorService(m_db).find(demoLogin());
    if (!demo) {
        return demo.error();
    }
    if (!demo->has_value()) {
        return 0;
    }
    const Session by(**demo);
    DisasterService service(m_db);
    const QDateTime now = Clock::now();
    const QDate today = now.toTimeZone(QTimeZone(9 * 3600)).date();
    auto opened =
        service.openDisaster(QStringLiteral("相模湾沿岸地震（デモ）"), QStringLiteral("earthquake"),
                             today.addDays(-2), {lgCode}, by);
    if (!opened) {
        return opened.error();
    }
    struct DemoShelter
    {
        const char16_t* name;
        const char16_t* address;
        const char16_t* kind;
        int capacity;
    };
    const DemoShelter demoShelters[] = {
        {u"市立第一中学校 体育館", u"本町1丁目1番1号", u"指定避難所", 40},
        {u"中央公民館", u"本町2丁目4番8号", u"指定避難所", 12},
        {u"福祉センター", u"本町3丁目2番5号", u"福祉避難所", 6},
    };
    QList<qint64> shelters;
    for (const DemoShelter& d : demoShelters) {
        Shelter s;
        s.disasterId = opened->id;
        s.name = QString::fromUtf16(d.name);
        s.address = QString::fromUtf16(d.address);
        s.kind = QString::fromUtf16(d.kind);
        s.capacity = d.capacity;
        s.contact = QStringLiteral("0467-00-0000");
        auto added = service.addShelter(s, by);
        if (!added) {
            return added.error();
        }
        shelters << added->id;
    }
    // Whole households from the start of the register, as families arrive together. The
    // ledger takes a resident's name as written in kanji: residents registered under an
    // alphabetic name only are left to be registered by hand.
    auto codes = m_db.exec(QStringLiteral("SELECT resident_code, household_id FROM residents "
                                          "WHERE status = 'current' AND family_name <> '' "
                                          "ORDER BY household_id, id LIMIT 28"));
    if (!codes) {
        return codes.error();
    }
    QList<QPair<QString, qint64>> chosen;
    while (codes->next()) {
        chosen.append({codes->value(0).toString(), codes->value(1).toLongLong()});
    }
    codes->finish();
    int count = 0;
    int welfare = 0;
    QList<Person> registered;
    for (int i = 0; i < chosen.size(); ++i) {
        // Every third household to the 公民館, the rest to the school.
        qint64 shelter = chosen.at(i).second % 3 == 1 ? shelters.at(1) : shelters.at(0);
        auto p = service.registerResident(chosen.at(i).first, by, 0, opened->id);
        if (!p) {
            return p.error();
        }
        const int age = p->birthDate.isValid() ? int(p->birthDate.daysTo(today) / 365) : 40;
        Person changed = *p;
        if (age >= 75) {
            changed.needs << QStringLiteral("elderly");
        }
        if (age < 3) {
            changed.needs << QStringLiteral("infant");
        }
        if (i % 9 == 2) {
            changed.needs << QStringLiteral("disabled");
        }
        if (i % 13 == 6) {
            changed.needs << QStringLiteral("medical");
        }
        if (p->sex == QStringLiteral("female") && age >= 20 && age <= 40 && i % 3 == 0) {
            changed.needs << QStringLiteral("pregnant");
        }
        // Those who need care most go to the 福祉避難所 while it has room.
        const bool care = changed.needs.contains(QStringLiteral("elderly")) ||
                          changed.needs.contains(QStringLiteral("disabled")) ||
                          changed.needs.contains(QStringLiteral("medical"));
        if (care && welfare < 5) {
            shelter = shelters.at(2);
            ++welfare;
        }
        changed.safety = i % 11 == 4 ? QStringLiteral("injured") : QStringLiteral("safe");
        changed.consentEnquiry = i % 4 != 3;
        changed.consentShare = i % 3 != 2;
        auto updated = service.updatePerson(changed, by);
        if (!updated) {
            return updated.error();
        }
        auto stay = service.checkIn(p->id, shelter, by);
        if (!stay) {
            // A full shelter: the school takes them.
            stay = service.checkIn(p->id, shelters.at(0), by);
            if (!stay) {
                return stay.error();
            }
        }
        // Arrivals spread over the days since the earthquake (the demo's story).
        const QDateTime arrived =
            now.addDays(-(2 - i * 3 / int(chosen.size()))).addSecs(-3600 * (i % 5));
        if (Status st =
                m_db.run(QStringLiteral("UPDATE disaster_stays SET checked_in_at = ? WHERE id = ?"),
                         {arrived.toUTC().toString(Qt::ISODateWithMs), stay->id});
            !st) {
            return st.error();
        }
        registered << *updated;
        ++count;
    }
    // Two went home this morning.
    for (int i = 1; i < registered.size() && i <= 9; i += 8) {
        if (auto out = service.checkOut(registered.at(i).id, by); !out) {
            return out.error();
        }
    }
    // The 公民館 turned out to hold no more than it has now: full.
    if (auto hall = service.shelter(shelters.at(1)); hall && hall->occupancy > 0) {
        Shelter full = *hall;
        full.capacity = hall->occupancy;
        if (auto st = service.updateShelter(full, by); !st) {
            return st.error();
        }
    }
    // By hand: a person under DV protection, a missing person, and someone registered again at
    // another door (a likely duplicate of the first evacuee, for the merge review).
    Person dv;
    dv.disasterId = opened->id;
    dv.familyName = QStringLiteral("佐藤");
    dv.givenName = QStringLiteral("美咲");
    dv.familyKana = QStringLiteral("サトウ");
    dv.givenKana = QStringLiteral("ミサキ");
    dv.birthDate = QDate(1990, 6, 12);
    dv.sex = QStringLiteral("female");
    dv.safety = QStringLiteral("safe");
    dv.dv = true;
    if (auto p = service.registerPerson(dv, by, shelters.at(0)); !p) {
        return p.error();
    }
    Person missing;
    missing.disasterId = opened->id;
    missing.familyName = QStringLiteral("山本");
    missing.givenName = QStringLiteral("健一");
    missing.familyKana = QStringLiteral("ヤマモト");
    missing.givenKana = QStringLiteral("ケンイチ");
    missing.birthDate = QDate(1948, 2, 3);
    missing.sex = QStringLiteral("male");
    missing.safety = QStringLiteral("missing");
    missing.staying = QStringLiteral("other");
    missing.needs = {QStringLiteral("elderly")};
    missing.consentEnquiry = true;
    if (auto p = service.registerPerson(missing, by); !p) {
        return p.error();
    }
    count += 2;
    if (!registered.isEmpty()) {
        Person again = registered.first();
        again.id = 0;
        again.uid.clear();
        again.residentId = 0;
        again.registeredAddress.clear();
        again.needs.clear();
        again.staying = QStringLiteral("car");
        again.phone = QStringLiteral("090-0000-0000");
        if (auto p = service.registerPerson(again, by); !p) {
            return p.error();
        }
        ++count;
    }
    if (Status st = seedRecovery(m_db, opened->id, shelters, registered, by, today); !st) {
        return st.error();
    }
    return count;
}

} // namespace madoguchi
