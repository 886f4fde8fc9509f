// The offline extract of the register, on both engines: an operator who sees the register and
// works on the disaster (not an administrator by that role alone) writes the current residents
// of the disaster's affected areas, encrypted (no name or code readable in the file);
// a laptop without the register imports it and registers evacuees by resident code, a resident
// with DV support protected there too; a wrong passphrase, a changed byte anywhere, a cut or
// foreign file are refused with the reason and nothing is stored; a second import changes
// nothing; the command line.
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "disaster/RegisterExtract.h"
#include "registry/RegistryService.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::disaster;

class TestRegisterExtract : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        Session bousai;
        Session chief; // a register role and disaster staff: may write an extract
    };

    Fixture make(const QString& engine)
    {
        auto db = test::registerDatabase(engine, m_dir);
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            qFatal("fixture: %s", qPrintable(db ? staff.errorMessage() : db.errorMessage()));
        }
        OperatorService ops(*db, PasswordHasher::Params{10, 8, 1});
        if (!ops.create(
                {QStringLiteral("bousai"), QStringLiteral("防災 担当"), {Role::DisasterStaff}},
                QStringLiteral("test-pass-1"), staff->admin)) {
            qFatal("bousai");
        }
        if (!ops.create({QStringLiteral("kacho"),
                         QStringLiteral("市民課長"),
                         {Role::Supervisor, Role::DisasterStaff}},
                        QStringLiteral("test-pass-1"), staff->admin)) {
            qFatal("kacho");
        }
        auto bousai = ops.authenticate(QStringLiteral("bousai"), QStringLiteral("test-pass-1"));
        auto chief = ops.authenticate(QStringLiteral("kacho"), QStringLiteral("test-pass-1"));
        if (!bousai || !chief) {
            qFatal("sign-in");
        }
        return {*db, *staff, *bousai, *chief};
    }

    struct Office
    {
        Fixture f;
        Resident hanako; // DV support
        Resident taro;
        Resident gone; // moved out: not in the extract
    };

    Office office(const QString& engine)
    {
        Office o{make(engine), {}, {}, {}};
        RegistryService registry(o.f.db);
        auto hanako = registry.registerResident(test::hanako(), MoveKind::MoveIn, QDate(2020, 4, 1),
                                                {}, o.f.staff.clerk);
        NewResident t = test::hanako();
        t.person.givenName = QStringLiteral("太郎");
        t.person.givenKana = QStringLiteral("タロウ");
        t.person.sex = QStringLiteral("male");
        t.person.birthDate = QDate(1970, 6, 1);
        auto taro =
            registry.registerResident(t, MoveKind::MoveIn, QDate(2020, 4, 1), {}, o.f.staff.clerk);
        NewResident g = test::hanako();
        g.person.givenName = QStringLiteral("次郎");
        g.person.givenKana = QStringLiteral("ジロウ");
        g.person.sex = QStringLiteral("male");
        auto gone =
            registry.registerResident(g, MoveKind::MoveIn, QDate(2020, 4, 1), {}, o.f.staff.clerk);
        if (!hanako || !taro || !gone) {
            qFatal("residents");
        }
        if (!registry.setDvSupport(hanako->id, true, QStringLiteral("支援措置"),
                                   o.f.staff.supervisor) ||
            !registry.moveOut(gone->id, QDate(2026, 10, 1), QStringLiteral("横浜市"),
                              o.f.staff.clerk)) {
            qFatal("register changes");
        }
        o.hanako = *hanako;
        o.taro = *taro;
        o.gone = *gone;
        DisasterService s(o.f.db);
        if (!s.openDisaster(QStringLiteral("鎌倉市地震"), QStringLiteral("earthquake"),
                            QDate(2026, 11, 20), {QStringLiteral("142042")}, o.f.bousai)) {
            qFatal("disaster");
        }
        return o;
    }

    static qint64 stored(const Database& db)
    {
        return db.scalar(QStringLiteral("SELECT COUNT(*) FROM disaster_extract_residents"))
            ->toLongLong();
    }

    static QDateTime jst(int y, int m, int d, int h = 10)
    {
        return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone(9 * 3600));
    }

    const QByteArray passphrase = QByteArrayLiteral("shelter-laptop-2026 腰越");

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }
    void init() { Clock::setInstance(std::make_shared<MockClock>(jst(2026, 11, 26))); }
    void cleanup() { Clock::setInstance(nullptr); }

    void extractAndImport_data() { test::addEngineRows(); }
    void extractAndImport()
    {
        QFETCH(QString, engine);
        Office o = office(engine);
        RegisterExtract extract(o.f.db);
        QCOMPARE(extract.write(passphrase, o.f.bousai).error().code,
                 QStringLiteral("auth.denied")); // disaster staff do not see the register
        QCOMPARE(extract.write(passphrase, o.f.staff.admin).error().code,
                 QStringLiteral("auth.denied")); // nor do administrators by their role
        QCOMPARE(extract.write("short", o.f.chief).error().code,
                 QStringLiteral("disaster.invalid"));
        ExtractSummary written;
        auto file = extract.write(passphrase, o.f.chief, 0, &written);
        QVERIFY2(file, qPrintable(file.errorMessage()));
        QCOMPARE(written.residents, 2);
        QVERIFY(file->startsWith("MADOGUCHI-EXTRACT 1\n"));
        for (const Resident& r : {o.hanako, o.taro}) {
            QVERIFY(!file->contains(r.residentCode.toUtf8()));
            QVERIFY(!file->contains(r.givenName.toUtf8()));
        }
        QVERIFY(!file->contains(QByteArrayLiteral("鎌倉")));
        QCOMPARE(o.f.db
                     .scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'disaster.extract' AND operator = 'kacho'"))
                     ->toLongLong(),
                 1);

        // The shelter laptop: no register, a disaster of its own.
        Fixture laptop = make(engine);
        RegisterExtract there(laptop.db);
        auto r = there.import(*file, "the wrong passphrase", laptop.bousai);
        QVERIFY(!r);
        QCOMPARE(r.error().code, QStringLiteral("extract.auth"));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("passphrase")),
                 qPrintable(r.errorMessage()));
        const qsizetype headerEnd = file->indexOf('\n', 20);
        for (qsizetype at : {qsizetype(25), headerEnd + 5, file->size() - 1}) {
            QByteArray changed = *file;
            changed[at] = char(changed[at] ^ 0x01);
            r = there.import(changed, passphrase, laptop.bousai);
            QVERIFY2(!r, qPrintable(QString::number(at)));
            QVERIFY2(r.error().code == QStringLiteral("extract.auth") ||
                         r.error().code == QStringLiteral("extract.invalid"),
                     qPrintable(r.error().code));
        }
        QCOMPARE(
            there.import(file->left(file->size() - 40), passphrase, laptop.bousai).error().code,
            QStringLiteral("extract.auth"));
        QCOMPARE(there.import("PK\x03\x04 not an extract", passphrase, laptop.bousai).error().code,
                 QStringLiteral("extract.invalid"));
        QCOMPARE(there.import(*file, passphrase, laptop.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(stored(laptop.db), 0);

        r = there.import(*file, passphrase, laptop.bousai);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->residents, 2);
        QCOMPARE(r->added, 2);
        QCOMPARE(r->disasterCode, written.disasterCode);
        QCOMPARE(stored(laptop.db), 2);
        auto sealedText = laptop.db.scalar(
            QStringLiteral("SELECT sealed FROM disaster_extract_residents WHERE resident_code = ?"),
            {o.taro.residentCode});
        QVERIFY(!sealedText->toString().contains(QStringLiteral("太郎")));
        r = there.import(*file, passphrase, laptop.bousai);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->unchanged, 2);
        QCOMPARE(r->added + r->updated, 0);

        // Registration by resident code now works on the laptop.
        DisasterService s(laptop.db);
        QVERIFY(s.openDisaster(QStringLiteral("鎌倉市地震"), QStringLiteral("earthquake"),
                               QDate(2026, 11, 20), {QStringLiteral("142042")}, laptop.bousai));
        auto taro = s.registerResident(o.taro.residentCode, laptop.bousai);
        QVERIFY2(taro, qPrintable(taro.errorMessage()));
        QCOMPARE(taro->fullName(), QStringLiteral("髙橋 太郎"));
        QCOMPARE(taro->fullKana(), QStringLiteral("タカハシ タロウ"));
        QCOMPARE(taro->birthDate, QDate(1970, 6, 1));
        QCOMPARE(taro->sex, QStringLiteral("male"));
        QCOMPARE(taro->registeredAddress, o.taro.addressDisplay);
        QVERIFY(!taro->dvProtected);
        auto hanako = s.registerResident(o.hanako.residentCode, laptop.bousai);
        QVERIFY2(hanako, qPrintable(hanako.errorMessage()));
        QVERIFY(hanako->dvProtected); // DV support travels with the extract
        QCOMPARE(s.registerResident(o.gone.residentCode, laptop.bousai).error().code,
                 QStringLiteral("disaster.resident"));

        // A disaster without affected areas has nobody to extract.
        auto bare = DisasterService(o.f.db).openDisaster(
            QStringLiteral("火災"), QStringLiteral("fire"), QDate(2026, 11, 25), {}, o.f.bousai);
        QVERIFY(bare);
        QCOMPARE(extract.write(passphrase, o.f.chief, bare->id).error().code,
                 QStringLiteral("disaster.invalid"));
    }

    void commandLine()
    {
        Office o = office(QStringLiteral("sqlite"));
        Fixture laptop = make(QStringLiteral("sqlite"));
        Clock::setInstance(nullptr);
        auto cli = [&](const Database& db, const QStringList& args, const QString& login) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        const QString pass = m_dir.filePath(QStringLiteral("pass.txt"));
        const QString wrong = m_dir.filePath(QStringLiteral("wrong.txt"));
        {
            QFile f(pass);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(passphrase + "\n");
            QFile w(wrong);
            QVERIFY(w.open(QIODevice::WriteOnly));
            w.write("not the passphrase at all\n");
        }
        const QString out = m_dir.filePath(QStringLiteral("kamakura.extract"));
        const QString D = QStringLiteral("disaster");
        const QString E = QStringLiteral("extract");
        test::ProcessRun r =
            cli(o.f.db, {D, E, QStringLiteral("--out"), out}, QStringLiteral("admin"));
        QCOMPARE(r.code, 2); // no passphrase file
        r = cli(o.f.db,
                {D, E, QStringLiteral("--out"), out, QStringLiteral("--passphrase-file"), pass},
                QStringLiteral("bousai"));
        QCOMPARE(r.code, 3);
        r = cli(o.f.db,
                {D, E, QStringLiteral("--out"), out, QStringLiteral("--passphrase-file"), pass},
                QStringLiteral("kacho"));
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("2 residents")),
                 qPrintable(r.out + r.err));
        QVERIFY(QFile::exists(out));

        r = cli(laptop.db,
                {D, E, QStringLiteral("import"), out, QStringLiteral("--passphrase-file"), wrong},
                QStringLiteral("bousai"));
        QVERIFY2(r.code == 1 && r.err.contains(QStringLiteral("passphrase")), qPrintable(r.err));
        r = cli(laptop.db,
                {D, E, QStringLiteral("import"), out, QStringLiteral("--passphrase-file"), pass},
                QStringLiteral("bousai"));
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("2 added")),
                 qPrintable(r.out + r.err));
        r = cli(laptop.db,
                {D, QStringLiteral("open"), QStringLiteral("--name"), QStringLiteral("鎌倉市地震"),
                 QStringLiteral("--type"), QStringLiteral("earthquake"), QStringLiteral("--date"),
                 QStringLiteral("2026-11-20")},
                QStringLiteral("bousai"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli(laptop.db,
                {D, QStringLiteral("register"), QStringLiteral("--resident"), o.taro.residentCode},
                QStringLiteral("bousai"));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())
                     .object()
                     .value(QStringLiteral("given_name"))
                     .toString(),
                 QStringLiteral("太郎"));
    }
};

QTEST_GUILESS_MAIN(TestRegisterExtract)
#include "tst_registerextract.moc"
