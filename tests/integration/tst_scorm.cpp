// SCORM 1.2 packages: malformed manifests refused with the reason (not XML, no organizations,
// an item naming a missing resource, a resource whose file is not in the zip, no manifest at
// all); a package with a PDF SCO and an HTML SCO imports the PDF as a lesson and reports the
// HTML; one with nothing playable is refused with that report; an unsigned SCORM import needs
// the explicit permission (both engines), and the command line says the same.
#include "TestSupport.h"
#include "learning/CoursePackage.h"
#include "learning/Scorm.h"
#include "storage/Migrations.h"

#include <QBuffer>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

QByteArray pdf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        QPainter p(&writer);
        p.drawText(QPointF(200, 400), QStringLiteral("避難所の受付"));
    }
    return buffer.data();
}

QByteArray manifest(const QString& organizations, const QString& resources)
{
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<manifest identifier=\"Shelter_Intake\" version=\"1.0\"\n"
                          "    xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"\n"
                          "    xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">\n"
                          "  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>"
                          "</metadata>\n"
                          "  %1\n"
                          "  <resources>%2</resources>\n"
                          "</manifest>\n")
        .arg(organizations, resources)
        .toUtf8();
}

const char* const kOrganizations =
    "<organizations default=\"org1\">"
    "<organization identifier=\"org1\"><title>避難所受付の基本</title>"
    "<item identifier=\"intro\" identifierref=\"res-pdf\"><title>受付の流れ</title></item>"
    "<item identifier=\"sim\" identifierref=\"res-html\"><title>受付シミュレーション</title>"
    "</item>"
    "</organization></organizations>";

const char* const kResources =
    "<resource identifier=\"res-pdf\" type=\"webcontent\" adlcp:scormtype=\"sco\" "
    "href=\"content/intro.pdf\"><file href=\"content/intro.pdf\"/></resource>"
    "<resource identifier=\"res-html\" type=\"webcontent\" adlcp:scormtype=\"sco\" "
    "href=\"sim/index.html\"><file href=\"sim/index.html\"/></resource>";

} // namespace

class TestScorm : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QByteArray m_pdf;

    QMap<QString, QByteArray> mixed() const
    {
        return {{QStringLiteral("imsmanifest.xml"),
                 manifest(QString::fromUtf8(kOrganizations), QString::fromUtf8(kResources))},
                {QStringLiteral("content/intro.pdf"), m_pdf},
                {QStringLiteral("sim/index.html"), "<html><body>SCO</body></html>"}};
    }

    static QString refusal(const QMap<QString, QByteArray>& files)
    {
        auto r = parseScorm(files);
        if (r) {
            return QStringLiteral("(parsed)");
        }
        return r.error().code + QLatin1Char(' ') + r.errorMessage();
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        m_pdf = pdf();
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("reason");
        const QString orgs = QString::fromUtf8(kOrganizations);
        const QString res = QString::fromUtf8(kResources);
        QTest::newRow("not XML") << QStringLiteral("imsmanifest.xml")
                                 << QByteArray("<manifest><organizations></manifest>")
                                 << QStringLiteral("not XML");
        QTest::newRow("no organizations")
            << QStringLiteral("imsmanifest.xml") << manifest(QString(), res)
            << QStringLiteral("no organization");
        QTest::newRow("empty organizations")
            << QStringLiteral("imsmanifest.xml")
            << manifest(QStringLiteral("<organizations default=\"x\"/>"), res)
            << QStringLiteral("no organization");
        QTest::newRow("missing resource")
            << QStringLiteral("imsmanifest.xml")
            << manifest(
                   QString(orgs).replace(QStringLiteral("res-html"), QStringLiteral("res-gone")),
                   res)
            << QStringLiteral("\"res-gone\"");
        QTest::newRow("file not in zip")
            << QStringLiteral("imsmanifest.xml")
            << manifest(orgs, QString(res).replace(QStringLiteral("content/intro.pdf"),
                                                   QStringLiteral("content/missing.pdf")))
            << QStringLiteral("content/missing.pdf");
        QTest::newRow("no manifest") << QStringLiteral("manifest.xml") << manifest(orgs, res)
                                     << QStringLiteral("imsmanifest.xml");
    }
    void malformed()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, xml);
        QFETCH(QString, reason);
        QMap<QString, QByteArray> files = mixed();
        files.remove(QStringLiteral("imsmanifest.xml"));
        files.insert(name, xml);
        const QString r = refusal(files);
        QVERIFY2(r.startsWith(QStringLiteral("learning.scorm ")), qPrintable(r));
        QVERIFY2(r.contains(reason), qPrintable(r));
    }

    // A hostile manifest nests items hundreds of thousands deep: refused with the reason, not
    // a crash of the importing program.
    void deeplyNestedItems()
    {
        const int depth = 300000;
        QByteArray items;
        items.reserve(depth * 32);
        for (int i = 0; i < depth; ++i) {
            items += "<item identifier=\"i\">";
        }
        for (int i = 0; i < depth; ++i) {
            items += "</item>";
        }
        QMap<QString, QByteArray> files = mixed();
        files.insert(QStringLiteral("imsmanifest.xml"),
                     manifest(QStringLiteral("<organizations default=\"org1\"><organization "
                                             "identifier=\"org1\">%1</organization>"
                                             "</organizations>")
                                  .arg(QString::fromLatin1(items)),
                              QString::fromUtf8(kResources)));
        const QString r = refusal(files);
        QVERIFY2(r.startsWith(QStringLiteral("learning.scorm ")), qPrintable(r.left(200)));
        QVERIFY2(r.contains(QStringLiteral("levels deep")), qPrintable(r.left(200)));
    }

    void pdfAndHtml()
    {
        auto r = parseScorm(mixed());
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->course.id, QStringLiteral("shelter-intake"));
        QCOMPARE(r->course.version, 1);
        QCOMPARE(r->course.title, QStringLiteral("避難所受付の基本"));
        QVERIFY(!r->course.requireQuiz);
        const QList<Lesson> lessons = r->course.lessons();
        QCOMPARE(lessons.size(), 1);
        QCOMPARE(lessons.first().id, QStringLiteral("intro"));
        QCOMPARE(lessons.first().title, QStringLiteral("受付の流れ"));
        QCOMPARE(lessons.first().pdf, QStringLiteral("content/intro.pdf"));
        QCOMPARE(r->lessons.value(QStringLiteral("content/intro.pdf")), m_pdf);
        QCOMPARE(r->unplayable.size(), 1);
        QVERIFY(r->unplayable.first().contains(QStringLiteral("sim/index.html")));
        QVERIFY(r->unplayable.first().contains(QStringLiteral("SCO")));
    }

    void nestedItemsMakeModules()
    {
        QMap<QString, QByteArray> files = mixed();
        files.insert(QStringLiteral("content/second.pdf"), m_pdf);
        files.insert(
            QStringLiteral("imsmanifest.xml"),
            manifest(
                QStringLiteral(
                    "<organizations default=\"org1\"><organization identifier=\"org1\">"
                    "<title>T</title>"
                    "<item identifier=\"intro\" identifierref=\"res-pdf\"><title>A</title>"
                    "</item>"
                    "<item identifier=\"part2\"><title>第2部</title>"
                    "<item identifier=\"second\" identifierref=\"res-2\"><title>B</title>"
                    "</item></item>"
                    "</organization></organizations>"),
                QString::fromUtf8(kResources) +
                    QStringLiteral("<resource identifier=\"res-2\" type=\"webcontent\" "
                                   "adlcp:scormtype=\"asset\" href=\"content/second.pdf\"/>")));
        auto r = parseScorm(files);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->course.modules.size(), 2);
        QCOMPARE(r->course.modules.at(0).lessons.size(), 1);
        QCOMPARE(r->course.modules.at(1).title, QStringLiteral("第2部"));
        QCOMPARE(r->course.modules.at(1).lessons.first().id, QStringLiteral("second"));
        QVERIFY(r->unplayable.isEmpty());
    }

    void nothingPlayable()
    {
        QMap<QString, QByteArray> files = mixed();
        files.remove(QStringLiteral("content/intro.pdf"));
        files.insert(QStringLiteral("content/intro.pdf"), "<html>not a pdf</html>");
        const QString r = refusal(files);
        QVERIFY2(r.startsWith(QStringLiteral("learning.scorm ")), qPrintable(r));
        QVERIFY2(r.contains(QStringLiteral("sim/index.html")), qPrintable(r));
        QVERIFY2(r.contains(QStringLiteral("content/intro.pdf")), qPrintable(r));
    }

    void import_data() { test::addEngineRows(); }
    void import()
    {
        QFETCH(QString, engine);
        auto db = test::freshDatabase(engine, m_dir);
        QVERIFY2(db, qPrintable(db.errorMessage()));
        QVERIFY(Migrator::migrate(*db));
        auto staff = test::makeStaff(*db);
        QVERIFY2(staff, qPrintable(staff.errorMessage()));
        QMap<QString, QByteArray> files = mixed();
        files.insert(QStringLiteral("content/"), {}); // a directory entry, as zip tools write
        auto zip = writeZip(files);
        QVERIFY(zip);
        CoursePackages packages(*db);

        auto refused = packages.import(*zip, staff->admin);
        QCOMPARE(refused.error().code, QStringLiteral("learning.unsigned"));
        QVERIFY(refused.errorMessage().contains(QStringLiteral("--allow-unsigned-scorm")));
        QCOMPARE(
            packages.import(*zip, staff->supervisor, QStringLiteral("package"), true).error().code,
            QStringLiteral("auth.denied"));
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM courses"))->toInt(), 0);

        auto r = packages.import(*zip, staff->admin, QStringLiteral("package"), true);
        QVERIFY2(r, qPrintable(r.errorMessage()));
        QCOMPARE(r->course.courseId, QStringLiteral("shelter-intake"));
        QCOMPARE(r->course.source, QStringLiteral("scorm"));
        QCOMPARE(r->course.lessonCount, 1);
        QCOMPARE(r->course.pageCount, 1);
        QCOMPARE(r->unplayable.size(), 1);
        auto pdfBytes = db->scalar(QStringLiteral("SELECT pdf FROM course_lessons"));
        QCOMPARE(pdfBytes->toByteArray(), m_pdf);
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                           "'learning.import' AND detail LIKE 'source=scorm%'"))
                     ->toInt(),
                 1);
        QCOMPARE(db->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                           "'learning.refused'"))
                     ->toInt(),
                 1);
    }

    void commandLine()
    {
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db && Migrator::migrate(*db) && test::makeStaff(*db));
        const QString path = m_dir.filePath(QStringLiteral("scorm.zip"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(*writeZip(mixed()));
        f.close();
        auto cli = [&](const QStringList& args) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), db->spec().path, QStringLiteral("learning"),
                            QStringLiteral("import"), path} +
                    args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("admin")},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        test::ProcessRun r = cli({});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("--allow-unsigned-scorm")), qPrintable(r.err));
        r = cli({QStringLiteral("--allow-unsigned-scorm")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("shelter-intake")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("sim/index.html")), qPrintable(r.out));
    }
};

QTEST_MAIN(TestScorm)
#include "tst_scorm.moc"
