// 住民票の写し at the counter: requester rules, the DV support measure, issuance numbers, the PDF
// read back with Poppler, against SQLite and PostgreSQL.
#include "PdfReader.h"
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "documents/CertificateService.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"
#include "text/Wareki.h"

#include <QImage>
#include <QTest>

using namespace madoguchi;

class TestCertificates : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
        qint64 hanako = 0;
        qint64 ichiro = 0;
    };

    Fixture make(const QString& engine)
    {
        auto db = test::registerDatabase(engine, m_dir);
        auto staff = db ? test::makeStaff(*db) : Result<test::Staff>(db.error());
        if (!db || !staff) {
            qFatal("fixture: %s", qPrintable(db ? staff.errorMessage() : db.errorMessage()));
        }
        InstallationSettings settings(*db);
        QImage seal(80, 80, QImage::Format_ARGB32);
        seal.fill(Qt::transparent);
        for (int y = 0; y < 80; ++y) {
            for (int x = 0; x < 80; ++x) {
                const int d = (x - 40) * (x - 40) + (y - 40) * (y - 40);
                if (d < 1600 && d > 1100) {
                    seal.setPixelColor(x, y, QColor(200, 0, 0));
                }
            }
        }
        const QString sealPath = m_dir.filePath(QStringLiteral("seal.png"));
        if (!seal.save(sealPath) ||
            !settings.setMunicipalityCode(QStringLiteral("142042"), QStringLiteral("admin")) ||
            !settings.setMayorName(QStringLiteral("鎌倉 太郎"), QStringLiteral("admin")) ||
            !settings.setSealImagePath(sealPath, QStringLiteral("admin"))) {
            qFatal("settings");
        }
        RegistryService reg(*db);
        NewResident n = test::hanako();
        n.person.honseki = QStringLiteral("神奈川県鎌倉市御成町1番");
        n.person.hittousha = QStringLiteral("髙橋　一郎");
        n.myNumber = QStringLiteral("123456789018");
        auto hanako =
            reg.registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {}, staff->clerk);
        n.person.givenName = QStringLiteral("一郎");
        n.person.givenKana = QStringLiteral("イチロウ");
        n.person.sex = QStringLiteral("male");
        n.person.birthDate = QDate(1972, 7, 7);
        n.person.relationship = QStringLiteral("夫");
        n.householdId = hanako ? hanako->householdId : 0;
        n.myNumber.clear();
        auto ichiro =
            reg.registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {}, staff->clerk);
        if (!hanako || !ichiro) {
            qFatal("residents");
        }
        return {*db, *staff, hanako->id, ichiro->id};
    }

    static CertificateRequest selfRequest(qint64 id)
    {
        CertificateRequest r;
        r.residentId = id;
        r.requesterName = QStringLiteral("髙橋 花子");
        r.idDocument = QStringLiteral("運転免許証");
        r.purpose = QStringLiteral("勤務先への提出");
        r.receiptNo = QStringLiteral("R-0001");
        return r;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }

    void householdCopyReadsBackExactly_data() { test::addEngineRows(); }
    void householdCopyReadsBackExactly()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        CertificateService certs(f.db, &reg);
        CertificateRequest r = selfRequest(f.hanako);
        r.wholeHousehold = true;
        r.withRelationship = true;
        r.withHonseki = true;
        r.withMyNumber = true;
        const QString pdf = m_dir.filePath(engine + QStringLiteral("-household.pdf"));
        // A clerk may not print the My Number; a supervisor may.
        QCOMPARE(certs.issue(r, pdf, f.staff.clerk).error().code, QStringLiteral("auth.denied"));
        QVERIFY(!QFile::exists(pdf));
        auto issued = certs.issue(r, pdf, f.staff.supervisor);
        QVERIFY2(issued.ok(), qPrintable(issued.errorMessage()));
        QCOMPARE(issued->persons, 2);
        QCOMPARE(issued->issuanceNumber,
                 QStringLiteral("第%1-000001号").arg(QDate::currentDate().year()));
        auto pages = test::pdfPageTexts(pdf);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        const QString text = pages->join(u'\n');
        for (const QString& expected :
             {QStringLiteral("住民票の写し"), QStringLiteral("髙橋"), QStringLiteral("花子"),
              QStringLiteral("一郎"), QStringLiteral("神奈川県鎌倉市御成町1丁目2番3号"),
              QStringLiteral("昭和50年3月1日"), text::Wareki::format(QDate::currentDate()),
              issued->issuanceNumber, QStringLiteral("123456789018"),
              QStringLiteral("神奈川県鎌倉市御成町1番"), QStringLiteral("鎌倉 太郎"),
              QStringLiteral("神奈川県鎌倉市長"), QStringLiteral("世帯主")}) {
            QVERIFY2(text.contains(expected),
                     qPrintable(expected + QStringLiteral(" missing in:\n") + text));
        }
        QVERIFY(!text.contains(QStringLiteral("高橋"))); // the registered 髙 is printed, not folded
        // Each person's copy is in the audit log with its purpose.
        auto log = AuditLog(f.db).query(AuditFilter::of(QStringLiteral("certificate.issue")));
        QCOMPARE(log->size(), 2);
        QCOMPARE(log->first().purpose, QStringLiteral("勤務先への提出"));

        // The next copy takes the next number; without options nothing optional is printed.
        const QString single = m_dir.filePath(engine + QStringLiteral("-single.pdf"));
        auto second = certs.issue(selfRequest(f.ichiro), single, f.staff.clerk);
        QVERIFY2(second.ok(), qPrintable(second.errorMessage()));
        QCOMPARE(second->issuanceNumber,
                 QStringLiteral("第%1-000002号").arg(QDate::currentDate().year()));
        const QString singleText = test::pdfPageTexts(single)->join(u'\n');
        QVERIFY(singleText.contains(QStringLiteral("一郎")));
        QVERIFY(singleText.contains(QStringLiteral("昭和47年7月7日")));
        QVERIFY(
            !singleText.contains(QStringLiteral("昭和50年3月1日"))); // 花子 appears only as 世帯主
        QVERIFY(!singleText.contains(QStringLiteral("本籍")));
        QVERIFY(!singleText.contains(QStringLiteral("123456789018")));
    }

    void requesterRules()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        RegistryService reg(f.db);
        CertificateService certs(f.db, &reg);
        const QString pdf = m_dir.filePath(QStringLiteral("rules.pdf"));
        CertificateRequest proxy = selfRequest(f.hanako);
        proxy.requester = RequesterType::Proxy;
        QVERIFY(!certs.issue(proxy, pdf, f.staff.clerk).ok()); // no power of attorney
        proxy.powerOfAttorney = true;
        QVERIFY(certs.issue(proxy, pdf, f.staff.clerk).ok());
        CertificateRequest third = selfRequest(f.hanako);
        third.requester = RequesterType::ThirdParty;
        QVERIFY(!certs.issue(third, pdf, f.staff.clerk).ok()); // no legitimate reason
        third.legitimateReason = QStringLiteral("債権回収のため");
        third.withResidentCode = true;
        QVERIFY(!certs.issue(third, pdf, f.staff.clerk).ok()); // codes only for the person
        third.withResidentCode = false;
        QVERIFY(certs.issue(third, pdf, f.staff.clerk).ok());
        CertificateRequest nothing = selfRequest(f.hanako);
        nothing.purpose.clear();
        QVERIFY(!certs.issue(nothing, pdf, f.staff.clerk).ok());
        nothing = selfRequest(f.hanako);
        nothing.receiptNo.clear();
        QVERIFY(!certs.issue(nothing, pdf, f.staff.clerk).ok());
        QCOMPARE(certs.issue(selfRequest(f.hanako), pdf, f.staff.trainee).error().code,
                 QStringLiteral("auth.denied"));

        // Under the DV support measure: the person yes, a third party or a proxy never.
        QVERIFY(
            reg.setDvSupport(f.hanako, true, QStringLiteral("支援措置"), f.staff.supervisor).ok());
        QCOMPARE(certs.issue(third, pdf, f.staff.clerk).error().code,
                 QStringLiteral("certificate.dv_blocked"));
        QCOMPARE(certs.issue(proxy, pdf, f.staff.clerk).error().code,
                 QStringLiteral("certificate.dv_blocked"));
        CertificateRequest household = selfRequest(f.ichiro);
        household.requester = RequesterType::ThirdParty;
        household.legitimateReason = QStringLiteral("相続手続");
        household.wholeHousehold = true; // includes 花子
        QCOMPARE(certs.issue(household, pdf, f.staff.clerk).error().code,
                 QStringLiteral("certificate.dv_blocked"));
        QVERIFY(certs.issue(selfRequest(f.hanako), pdf, f.staff.clerk).ok());
        QVERIFY(
            AuditLog(f.db).query(AuditFilter::of(QStringLiteral("certificate.refused")))->size() >=
            3);
    }

    void removedResidentGetsAJokyo()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        RegistryService reg(f.db);
        QVERIFY(reg.moveOut(f.ichiro, QDate(2024, 3, 31), QStringLiteral("東京都千代田区"),
                            f.staff.clerk)
                    .ok());
        CertificateService certs(f.db, &reg);
        const QString pdf = m_dir.filePath(QStringLiteral("jokyo.pdf"));
        auto issued = certs.issue(selfRequest(f.ichiro), pdf, f.staff.clerk);
        QVERIFY2(issued.ok(), qPrintable(issued.errorMessage()));
        QCOMPARE(issued->title, QStringLiteral("除票の写し"));
        const QString text = test::pdfPageTexts(pdf)->join(u'\n');
        QVERIFY(text.contains(QStringLiteral("除票の写し")));
        QVERIFY(text.contains(QStringLiteral("令和6年3月31日")));
        QVERIFY(text.contains(QStringLiteral("転出")));
    }
};

QTEST_GUILESS_MAIN(TestCertificates)
#include "tst_certificates.moc"
