// Disaster recovery on both engines: house damage surveys (a building, its owner and residents,
// the first survey with its photos copied and hashed, the grade from the loss share, a re-survey
// on request that keeps the history), bad input refused with the reason, the certificate
// workflow (application by the victim or a proxy with a power of attorney → decision from the
// survey → a numbered 罹災証明書 PDF; the 被災証明書 without a grade for non-residential
// property) with the PDF's text read back; the command line.
#include "PdfReader.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Clock.h"
#include "disaster/Disaster.h"
#include "recovery/DamageSurvey.h"
#include "settings/InstallationSettings.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

using namespace madoguchi;
using namespace madoguchi::recovery;

class TestRecovery : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        Session bousai;
        disaster::Disaster quake;
        disaster::Person taro;
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
        auto bousai = ops.authenticate(QStringLiteral("bousai"), QStringLiteral("test-pass-1"));
        if (!bousai) {
            qFatal("bousai");
        }
        disaster::DisasterService s(*db);
        auto quake = s.openDisaster(QStringLiteral("鎌倉市地震"), QStringLiteral("earthquake"),
                                    QDate(2026, 11, 20), {QStringLiteral("142042")}, *bousai);
        disaster::Person p;
        p.familyName = QStringLiteral("鎌倉");
        p.givenName = QStringLiteral("太郎");
        p.familyKana = QStringLiteral("カマクラ");
        p.givenKana = QStringLiteral("タロウ");
        p.birthDate = QDate(1970, 5, 1);
        p.sex = QStringLiteral("male");
        auto taro = quake ? s.registerPerson(p, *bousai) : Result<disaster::Person>(quake.error());
        if (!taro) {
            qFatal("ledger: %s", qPrintable(taro.errorMessage()));
        }
        return {*db, *staff, *bousai, *quake, *taro};
    }

    static QDateTime jst(int y, int m, int d, int h = 10)
    {
        return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone(9 * 3600));
    }

    static SurveyInput survey(double loss, const QDate& on = QDate(2026, 11, 24), int round = 1)
    {
        SurveyInput s;
        s.surveyedOn = on;
        s.surveyor = QStringLiteral("調査 一郎");
        s.round = round;
        s.lossPercent = loss;
        return s;
    }

    static Building house(const QString& address, bool residential = true)
    {
        Building b;
        b.address = address;
        b.owner = QStringLiteral("大家 花子");
        b.residential = residential;
        return b;
    }

    static qint64 count(const Database& db, const QString& sql)
    {
        return db.scalar(sql)->toLongLong();
    }

    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
            qFatal("write %s", qPrintable(path));
        }
        return path;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }
    void init() { Clock::setInstance(std::make_shared<MockClock>(jst(2026, 11, 26))); }
    void cleanup() { Clock::setInstance(nullptr); }

    void surveys_data() { test::addEngineRows(); }
    void surveys()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RecoveryService r(f.db);
        const QByteArray jpeg = QByteArray("\xff\xd8\xff\xe0 roof photo ") + engine.toUtf8();
        const QString photo = writeFile(QStringLiteral("roof-%1.jpg").arg(engine), jpeg);

        Building b = house(QStringLiteral("鎌倉市御成町2-3"));
        b.residents = {Occupant{f.taro.id, {}}, Occupant{0, QStringLiteral("山田 次郎")}};
        SurveyInput first = survey(35.5);
        first.notes = QStringLiteral("屋根瓦の落下、外壁のひび割れ");
        first.photoFiles = {photo};

        // Refused with the reason.
        struct Bad
        {
            Building b;
            SurveyInput s;
            QString words;
        };
        Building noAddress = b;
        noAddress.address = QStringLiteral("  ");
        Building stranger = b;
        stranger.residents = {Occupant{9999, {}}};
        SurveyInput noSurveyor = first;
        noSurveyor.surveyor.clear();
        SurveyInput missingPhoto = first;
        missingPhoto.photoFiles = {m_dir.filePath(QStringLiteral("none.jpg"))};
        const QList<Bad> bad = {
            {noAddress, first, QStringLiteral("address")},
            {b, noSurveyor, QStringLiteral("surveyor")},
            {b, survey(35, QDate(2026, 11, 27)), QStringLiteral("future")},
            {b, survey(100.5), QStringLiteral("100")},
            {b, survey(35, QDate(2026, 11, 24), 3), QStringLiteral("3")},
            {stranger, first, QStringLiteral("9999")},
            {b, missingPhoto, QStringLiteral("none.jpg")},
        };
        for (const Bad& x : bad) {
            auto added = r.addBuilding(x.b, x.s, f.bousai);
            QVERIFY(!added);
            QCOMPARE(added.error().code, QStringLiteral("recovery.invalid"));
            QVERIFY2(added.errorMessage().contains(x.words), qPrintable(added.errorMessage()));
        }
        QCOMPARE(r.addBuilding(b, first, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM recovery_buildings")), 0);

        auto added = r.addBuilding(b, first, f.bousai);
        QVERIFY2(added, qPrintable(added.errorMessage()));
        QCOMPARE(added->disasterId, f.quake.id);
        QCOMPARE(added->owner, QStringLiteral("大家 花子"));
        QCOMPARE(added->residents.size(), 2);
        QCOMPARE(added->residents[0].personId, f.taro.id);
        QCOMPARE(added->residents[0].name, QStringLiteral("鎌倉 太郎")); // from the ledger
        QCOMPARE(added->residents[1].name, QStringLiteral("山田 次郎"));
        QCOMPARE(added->surveys.size(), 1);
        const Survey s1 = added->surveys[0];
        QCOMPARE(s1.grade, QStringLiteral("chukibo_hankai"));
        QCOMPARE(s1.lossPercent, 35.5);
        QCOMPARE(s1.round, 1);
        QCOMPARE(s1.surveyedOn, QDate(2026, 11, 24));
        QCOMPARE(s1.notes, first.notes);
        // The photo is a copy in the photo folder, with its SHA-256.
        QCOMPARE(s1.photos.size(), 1);
        QVERIFY(s1.photos[0].path != photo);
        QVERIFY2(s1.photos[0].path.startsWith(r.photoDir()), qPrintable(s1.photos[0].path));
        QFile copy(s1.photos[0].path);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), jpeg);
        QCOMPARE(s1.photos[0].sha256,
                 QString::fromLatin1(
                     QCryptographicHash::hash(jpeg, QCryptographicHash::Sha256).toHex()));

        // A re-survey on request: a second survey, the first one kept as it was.
        SurveyInput again = survey(45, QDate(2026, 11, 26), 2);
        again.requestReason = QStringLiteral("内部の損傷が未調査");
        QCOMPARE(r.resurvey(added->id, survey(45, QDate(2026, 11, 23), 2), f.bousai).error().code,
                 QStringLiteral("recovery.invalid")); // before the first survey
        QCOMPARE(r.resurvey(424242, again, f.bousai).error().code,
                 QStringLiteral("recovery.not_found"));
        auto resurveyed = r.resurvey(added->id, again, f.bousai);
        QVERIFY2(resurveyed, qPrintable(resurveyed.errorMessage()));
        QCOMPARE(resurveyed->surveys.size(), 2);
        QCOMPARE(resurveyed->surveys[0].grade, QStringLiteral("chukibo_hankai"));
        QCOMPARE(resurveyed->surveys[0].lossPercent, 35.5);
        QCOMPARE(resurveyed->surveys[0].photos.size(), 1);
        QCOMPARE(resurveyed->latest()->grade, QStringLiteral("daikibo_hankai"));
        QCOMPARE(resurveyed->latest()->round, 2);
        QCOMPARE(resurveyed->latest()->requestReason, again.requestReason);

        // Non-residential property: surveyed, but no grade.
        auto shed = r.addBuilding(house(QStringLiteral("鎌倉市御成町2-4 倉庫"), false), survey(60),
                                  f.bousai);
        QVERIFY2(shed, qPrintable(shed.errorMessage()));
        QVERIFY(shed->latest()->grade.isEmpty());

        QCOMPARE(r.buildings()->size(), 2);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action LIKE "
                                            "'recovery.survey.%'")),
                 3);
    }

    void certificates_data() { test::addEngineRows(); }
    void certificates()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        InstallationSettings settings(f.db);
        QVERIFY(settings.setMunicipalityCode(QStringLiteral("142042"), QStringLiteral("admin")));
        QVERIFY(settings.setMayorName(QStringLiteral("松尾 崇"), QStringLiteral("admin")));
        RecoveryService r(f.db);
        Building b = house(QStringLiteral("鎌倉市由比ガ浜1-2-3"));
        b.residents = {Occupant{f.taro.id, {}}};
        auto home = r.addBuilding(b, survey(52), f.bousai);
        QVERIFY2(home, qPrintable(home.errorMessage()));

        // A proxy needs a power of attorney; an applicant needs a name.
        auto noPoa = r.apply(home->id, QStringLiteral("代理 三郎"), true, false, f.bousai);
        QCOMPARE(noPoa.error().code, QStringLiteral("recovery.invalid"));
        QVERIFY2(noPoa.errorMessage().contains(QStringLiteral("power of attorney")),
                 qPrintable(noPoa.errorMessage()));
        QCOMPARE(r.apply(home->id, QString(), false, false, f.bousai).error().code,
                 QStringLiteral("recovery.invalid"));
        QCOMPARE(r.apply(home->id, QStringLiteral("x"), false, false, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));

        auto app = r.apply(home->id, QStringLiteral("代理 三郎"), true, true, f.bousai);
        QVERIFY2(app, qPrintable(app.errorMessage()));
        QCOMPARE(app->kind, QStringLiteral("risai"));
        QCOMPARE(app->state, QStringLiteral("applied"));
        QVERIFY(app->number.isEmpty());
        auto decided = r.decide(app->id, f.bousai);
        QVERIFY2(decided, qPrintable(decided.errorMessage()));
        QCOMPARE(decided->state, QStringLiteral("decided"));
        QCOMPARE(decided->grade, QStringLiteral("zenkai"));
        QCOMPARE(r.decide(app->id, f.bousai).error().code, QStringLiteral("recovery.state"));

        const QString pdf = m_dir.filePath(QStringLiteral("risai-%1.pdf").arg(engine));
        auto issued = r.issue(app->id, pdf, f.bousai);
        QVERIFY2(issued, qPrintable(issued.errorMessage()));
        QCOMPARE(issued->state, QStringLiteral("issued"));
        QCOMPARE(issued->number, QStringLiteral("2026-000001"));
        auto pages = test::pdfPageTexts(pdf);
        QVERIFY2(pages, qPrintable(pages.errorMessage()));
        QCOMPARE(pages->size(), 1);
        const QString text = pages->first();
        for (const QString& expected :
             {QStringLiteral("罹災証明書"), QStringLiteral("第2026-000001号"),
              QStringLiteral("令和8年11月26日"),
              QStringLiteral("代理 三郎（代理人・委任状確認済）"), QStringLiteral("鎌倉市地震"),
              QStringLiteral("令和8年11月20日"), QStringLiteral("鎌倉市由比ガ浜1-2-3"),
              QStringLiteral("大家 花子"), QStringLiteral("鎌倉 太郎"), QStringLiteral("全壊"),
              QStringLiteral("第1次調査（令和8年11月24日）"), QStringLiteral("松尾 崇"),
              QStringLiteral("上記のとおり、住家の被害を受けたことを証明します。")}) {
            QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral("\n") + text));
        }
        if (engine == QStringLiteral("sqlite")) {
            auto image = test::renderPdfPage(pdf, 0, 60);
            QVERIFY2(image, qPrintable(image.errorMessage()));
            QVERIFY(image->save(m_dir.filePath(QStringLiteral("risai.png"))));
            QVERIFY(image->save(QStringLiteral("/tmp/survey-risai.png")));
        }

        // A re-survey on request after issuing; a new application is decided on it and gets
        // the next number. The first certificate keeps its grade (a reprint says 全壊 still).
        QVERIFY(r.resurvey(home->id, survey(42, QDate(2026, 11, 26), 2), f.bousai));
        auto second = r.apply(home->id, QStringLiteral("鎌倉 太郎"), false, false, f.bousai);
        QVERIFY(second);
        const QString pdf2 = m_dir.filePath(QStringLiteral("risai2-%1.pdf").arg(engine));
        auto issued2 = r.issue(second->id, pdf2, f.bousai); // decided on issuing
        QVERIFY2(issued2, qPrintable(issued2.errorMessage()));
        QCOMPARE(issued2->grade, QStringLiteral("daikibo_hankai"));
        QCOMPARE(issued2->number, QStringLiteral("2026-000002"));
        const QString text2 = test::pdfPageTexts(pdf2)->first();
        QVERIFY(text2.contains(QStringLiteral("大規模半壊")));
        QVERIFY(text2.contains(QStringLiteral("第2次調査（令和8年11月26日）")));
        QVERIFY(!text2.contains(QStringLiteral("代理人")));
        const QString reprint = m_dir.filePath(QStringLiteral("reprint-%1.pdf").arg(engine));
        auto again = r.issue(app->id, reprint, f.bousai);
        QVERIFY2(again, qPrintable(again.errorMessage()));
        QCOMPARE(again->number, QStringLiteral("2026-000001"));
        const QString text3 = test::pdfPageTexts(reprint)->first();
        QVERIFY(text3.contains(QStringLiteral("全壊")));
        QVERIFY(!text3.contains(QStringLiteral("大規模半壊")));

        // Non-residential property: the 被災証明書, no grade.
        auto shop = r.addBuilding(house(QStringLiteral("鎌倉市由比ガ浜1-2-5 店舗"), false),
                                  survey(70), f.bousai);
        QVERIFY(shop);
        auto hisai = r.apply(shop->id, QStringLiteral("大家 花子"), false, false, f.bousai);
        QVERIFY(hisai);
        QCOMPARE(hisai->kind, QStringLiteral("hisai"));
        const QString pdf4 = m_dir.filePath(QStringLiteral("hisai-%1.pdf").arg(engine));
        auto issued4 = r.issue(hisai->id, pdf4, f.bousai);
        QVERIFY2(issued4, qPrintable(issued4.errorMessage()));
        QCOMPARE(issued4->number, QStringLiteral("2026-000003"));
        const QString text4 = test::pdfPageTexts(pdf4)->first();
        QVERIFY2(text4.contains(QStringLiteral("被災証明書")), qPrintable(text4));
        QVERIFY(text4.contains(QStringLiteral("被害の届出があったことを証明します")));
        QVERIFY(!text4.contains(QStringLiteral("認定の根拠"))); // no grade row, no survey cited
        QVERIFY(!text4.contains(QStringLiteral("全壊")));

        // An unwritable path: nothing issued.
        auto third = r.apply(home->id, QStringLiteral("鎌倉 太郎"), false, false, f.bousai);
        QVERIFY(third);
        QVERIFY(!r.issue(third->id, m_dir.filePath(QStringLiteral("no/such/dir/x.pdf")), f.bousai));
        QCOMPARE(r.certificate(third->id)->state, QStringLiteral("decided"));
        QVERIFY(r.certificate(third->id)->number.isEmpty());

        QCOMPARE(r.certificates()->size(), 4);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'recovery.certificate.issue'")),
                 3);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'recovery.certificate.reprint'")),
                 1);
    }

    void commandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        auto cli = [&](const QStringList& args, const QString& login = QStringLiteral("bousai")) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), f.db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        auto object = [](const test::ProcessRun& r) {
            return QJsonDocument::fromJson(r.out.toUtf8()).object();
        };
        const QString D = QStringLiteral("disaster");
        const QString G = QStringLiteral("grade");
        // The grade needs no database.
        auto grade = [&](const QString& percent) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                {QStringLiteral("--db"), m_dir.filePath(QStringLiteral("none")), D, G, percent},
                {{QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        test::ProcessRun r = grade(QStringLiteral("9.99"));
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("準半壊に至らない（一部損壊）"));
        QCOMPARE(grade(QStringLiteral("50")).out.trimmed(), QStringLiteral("全壊"));
        QCOMPARE(grade(QStringLiteral("39.99")).out.trimmed(), QStringLiteral("中規模半壊"));
        for (const QString& no : {QStringLiteral("abc"), QStringLiteral("100.01"),
                                  QStringLiteral("1e1"), QStringLiteral("nan")}) {
            r = grade(no);
            QCOMPARE(r.code, 1);
            QVERIFY(r.out.isEmpty());
            QVERIFY2(!r.err.trimmed().isEmpty(), qPrintable(no));
        }
        // A negative share reads as an option: refused as a usage error.
        r = grade(QStringLiteral("-1"));
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("none"))));

        const QString photo = writeFile(QStringLiteral("cli.jpg"), QByteArray("\xff\xd8 cli"));
        QStringList add = {D,
                           QStringLiteral("survey"),
                           QStringLiteral("add"),
                           QStringLiteral("--address"),
                           QStringLiteral("鎌倉市腰越3-4"),
                           QStringLiteral("--owner"),
                           QStringLiteral("腰越 一"),
                           QStringLiteral("--residents"),
                           QString::number(f.taro.id) + QStringLiteral(",腰越 二"),
                           QStringLiteral("--date"),
                           QStringLiteral("2026-11-25"),
                           QStringLiteral("--surveyor"),
                           QStringLiteral("調査 一郎"),
                           QStringLiteral("--loss"),
                           QStringLiteral("25"),
                           QStringLiteral("--photos"),
                           photo};
        r = cli(add, QStringLiteral("clerk"));
        QCOMPARE(r.code, 3);
        r = cli(add.mid(0, add.size() - 4) +
                QStringList{QStringLiteral("--loss"), QStringLiteral("x")});
        QCOMPARE(r.code, 1);
        r = cli(add);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject building = object(r);
        const QString id = QString::number(building.value(QStringLiteral("id")).toInteger());
        const QJsonArray surveys = building.value(QStringLiteral("surveys")).toArray();
        QCOMPARE(surveys.size(), 1);
        QCOMPARE(surveys[0].toObject().value(QStringLiteral("grade_name")).toString(),
                 QStringLiteral("半壊"));
        QCOMPARE(surveys[0].toObject().value(QStringLiteral("photos")).toArray().size(), 1);
        QCOMPARE(building.value(QStringLiteral("residents"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
                 QStringLiteral("鎌倉 太郎"));

        r = cli({D, QStringLiteral("survey"), QStringLiteral("resurvey"), id,
                 QStringLiteral("--date"), QStringLiteral("2026-11-26"),
                 QStringLiteral("--surveyor"), QStringLiteral("調査 二郎"),
                 QStringLiteral("--loss"), QStringLiteral("31"), QStringLiteral("--second"),
                 QStringLiteral("--reason"), QStringLiteral("再調査依頼")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(object(r).value(QStringLiteral("surveys")).toArray().size(), 2);
        r = cli({D, QStringLiteral("survey"), QStringLiteral("list")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("中規模半壊")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("2 surveys")));

        r = cli({D, QStringLiteral("certificate"), QStringLiteral("apply"),
                 QStringLiteral("--building"), id, QStringLiteral("--applicant"),
                 QStringLiteral("代理 人"), QStringLiteral("--proxy")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("power of attorney")));
        r = cli({D, QStringLiteral("certificate"), QStringLiteral("apply"),
                 QStringLiteral("--building"), id, QStringLiteral("--applicant"),
                 QStringLiteral("腰越 一")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString cert = QString::number(object(r).value(QStringLiteral("id")).toInteger());
        const QString pdf = m_dir.filePath(QStringLiteral("cli.pdf"));
        r = cli({D, QStringLiteral("certificate"), QStringLiteral("issue"), cert});
        QCOMPARE(r.code, 2); // --out missing
        r = cli({D, QStringLiteral("certificate"), QStringLiteral("issue"), cert,
                 QStringLiteral("--out"), pdf});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(object(r).value(QStringLiteral("number")).toString(),
                 QStringLiteral("2026-000001"));
        QVERIFY(test::pdfPageTexts(pdf)->first().contains(QStringLiteral("中規模半壊")));
        r = cli({D, QStringLiteral("certificate"), QStringLiteral("list")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("罹災証明書")));
        QVERIFY(r.out.contains(QStringLiteral("issued")));
    }
};

QTEST_GUILESS_MAIN(TestRecovery)
#include "tst_recovery.moc"
