// One card hand-over at the counter end to end on loopback, without the human steps: from an
// application at identity_verified to issued, through issuance::HandOver (the four PINs set,
// the card's basic four checked, two RSA-2048 keys made on the card, two certificates issued by
// a running madoguchi-central, written, read back, chain and challenge signatures checked).
// Measures per hand-over: APDUs exchanged, time in card operations, central's time for the two
// certificates, and the whole. Needs pcscd with vpcd running (scripts/pcscd-test.sh start DIR)
// and the virtual card, which stands in for the chip: a real card's key generation takes
// longer than the virtual card's.
//
//   bench_handover --central build/central/madoguchi-central
//                  --vcard build/tests/fixtures/vcard/madoguchi-vcard [--rounds 10]
#include "CentralProcess.h"
#include "TestSupport.h"
#include "VirtualCard.h"
#include "auth/OperatorService.h"
#include "ids/Identifiers.h"
#include "issuance/HandOver.h"
#include "registry/RegistryService.h"
#include "sync/SyncEngine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace madoguchi;

namespace {

int fail(const QString& what)
{
    std::fprintf(stderr, "bench_handover: %s\n", qPrintable(what));
    return 1;
}

double median(QList<qint64> v)
{
    std::sort(v.begin(), v.end());
    if (v.isEmpty()) {
        return 0;
    }
    return v.size() % 2 ? double(v[v.size() / 2]) : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addHelpOption();
    p.addOption(
        {QStringLiteral("central"), QStringLiteral("madoguchi-central"), QStringLiteral("path")});
    p.addOption(
        {QStringLiteral("vcard"), QStringLiteral("madoguchi-vcard"), QStringLiteral("path")});
    p.addOption({QStringLiteral("rounds"), QStringLiteral("hand-overs (default 10)"),
                 QStringLiteral("n"), QStringLiteral("10")});
    p.process(app);
    if (!p.isSet(QStringLiteral("central")) || !p.isSet(QStringLiteral("vcard"))) {
        return fail(QStringLiteral("--central and --vcard are needed"));
    }
    const int rounds = std::max(1, p.value(QStringLiteral("rounds")).toInt());
    QTemporaryDir dir;
    qputenv("MADOGUCHI_VCARD", p.value(QStringLiteral("vcard")).toUtf8());
    qputenv("MADOGUCHI_VCARD_KEYS", dir.filePath(QStringLiteral("vcard-keys")).toUtf8());
    qputenv("MADOGUCHI_KEY_DIR", dir.filePath(QStringLiteral("keys")).toUtf8());
    test::initTestEnvironment();
    if (test::vpcdState() == card::ReaderState::NoService) {
        return fail(QStringLiteral("pcscd is not running: bash scripts/pcscd-test.sh start DIR"));
    }

    QDir().mkpath(dir.filePath(QStringLiteral("central")));
    test::CentralProcess central(p.value(QStringLiteral("central")),
                                 dir.filePath(QStringLiteral("central")));
    if (!central.start() ||
        !central.addOperator(QStringLiteral("issuer"), QStringLiteral("card_issuer"),
                             QStringLiteral("issuer-pass-1"))) {
        return fail(central.errorString());
    }
    auto enrollment = central.enroll(QStringLiteral("bench-counter"));
    if (!enrollment) {
        return fail(enrollment.errorMessage());
    }
    auto db = test::registerDatabase(QStringLiteral("sqlite"), dir);
    if (!db) {
        return fail(db.errorMessage());
    }
    auto staff = test::makeStaff(*db);
    if (!staff || !sync::saveEnrollment(*db, *enrollment)) {
        return fail(QStringLiteral("staff or enrollment"));
    }
    if (auto r = sync::SyncEngine(*db, *enrollment).syncOnce(QStringLiteral("issuer")); !r) {
        return fail(r.errorMessage());
    }
    auto issuer = OperatorService(*db).authenticate(QStringLiteral("issuer"),
                                                    QStringLiteral("issuer-pass-1"));
    if (!issuer) {
        return fail(issuer.errorMessage());
    }

    QList<qint64> apdus, cardMs, centralMs, totalMs;
    test::VirtualCard vcard;
    std::printf("round  apdus  card ms  central ms  total ms\n");
    for (int round = 0; round < rounds; ++round) {
        NewResident n = test::hanako();
        n.person.givenName = QStringLiteral("花子%1").arg(round);
        auto r = RegistryService(*db).registerResident(n, MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                                       staff->clerk);
        if (!r) {
            return fail(r.errorMessage());
        }
        const QString first11 = QStringLiteral("9000%1").arg(r->id, 7, 10, QLatin1Char('0'));
        const QString myNumber = first11 + QString::number(ids::myNumberCheckDigit(first11));
        if (!RegistryService(*db).setMyNumber(r->id, myNumber, staff->clerk)) {
            return fail(QStringLiteral("My Number"));
        }
        if (auto s = sync::SyncEngine(*db, *enrollment).syncOnce(QStringLiteral("issuer")); !s) {
            return fail(s.errorMessage());
        }
        issuance::IssuanceService service(*db);
        auto a = service.apply(r->residentCode, *issuer);
        if (!a) {
            return fail(a.errorMessage());
        }
        for (issuance::State to :
             {issuance::State::ProductionRequested, issuance::State::Delivered,
              issuance::State::NoticeSent, issuance::State::IdentityVerified}) {
            if (auto moved = service.advance(a->id, to, QStringLiteral("bench"), *issuer); !moved) {
                return fail(moved.errorMessage());
            }
        }
        if (!vcard.insert(dir.filePath(QStringLiteral("card-%1").arg(round)),
                          {QStringLiteral("--unissued"), QStringLiteral("--name"),
                           r->familyName + QChar(0x3000) + r->givenName, QStringLiteral("--birth"),
                           r->birthDate.toString(QStringLiteral("yyyyMMdd")),
                           QStringLiteral("--my-number"), myNumber})) {
            return fail(QStringLiteral("the virtual card did not start"));
        }
        issuance::HandOver handOver(*db, card::CardService({QString(), 30000}),
                                    QByteArrayLiteral("madoguchi-test-issuance-key-0001"),
                                    *enrollment);
        auto done = handOver.run(a->id,
                                 {QStringLiteral("BENCH2026"), QStringLiteral("1234"),
                                  QStringLiteral("2345"), QStringLiteral("3456")},
                                 *issuer);
        vcard.remove();
        if (!done) {
            return fail(done.errorMessage());
        }
        apdus << done->apdus;
        cardMs << done->cardMs;
        centralMs << done->centralMs;
        totalMs << done->totalMs;
        std::printf("%5d  %5lld  %7lld  %10lld  %8lld\n", round + 1, done->apdus, done->cardMs,
                    done->centralMs, done->totalMs);
    }
    std::printf("median %5.0f  %7.0f  %10.0f  %8.0f  (%d hand-overs)\n", median(apdus),
                median(cardMs), median(centralMs), median(totalMs), rounds);
    return 0;
}
