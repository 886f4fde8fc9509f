// Central's training catalogue, against a running central: a signed course package published
// with `admin publish` (a changed one refused there), listed by GET /v1/learning/catalogue and
// fetched by a workstation (learning catalogue / learning fetch) that imports it through the
// same checks as a file: refused while its publisher is not trusted, imported once it is; a
// package altered in central's database is refused on the workstation as tampered.
#include "CentralProcess.h"
#include "TestSupport.h"
#include "learning/CoursePackage.h"
#include "storage/Migrations.h"
#include "sync/CentralClient.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPdfWriter>
#include <QTest>

#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

QByteArray bioText(BIO* bio)
{
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(n));
}

QByteArray lessonPdf()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        QPainter p(&writer);
        p.drawText(QPointF(200, 400), QStringLiteral("窓口の基本"));
    }
    return buffer.data();
}

} // namespace

class TestLearningCatalogue : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<test::CentralProcess> m_central;
    Database m_db;
    test::Staff m_staff;
    sync::Enrollment m_enrollment;
    QByteArray m_private;
    QByteArray m_public;
    QByteArray m_pdf;
    QByteArray m_v1; // as published (a signature differs each time a package is signed)

    QString path(const QString& name) const { return m_dir.filePath(name); }

    QByteArray package(int version)
    {
        const QJsonObject manifest{
            {QStringLiteral("format"), QStringLiteral("madoguchi-course/1")},
            {QStringLiteral("id"), QStringLiteral("counter-intro")},
            {QStringLiteral("version"), version},
            {QStringLiteral("title"), QStringLiteral("窓口の基本")},
            {QStringLiteral("title_en"), QStringLiteral("Counter basics")},
            {QStringLiteral("publisher"), QStringLiteral("鎌倉市")},
            {QStringLiteral("modules"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("id"), QStringLiteral("m1")},
                             {QStringLiteral("title"), QStringLiteral("受付")},
                             {QStringLiteral("lessons"),
                              QJsonArray{QJsonObject{
                                  {QStringLiteral("id"), QStringLiteral("l1")},
                                  {QStringLiteral("title"), QStringLiteral("受付")},
                                  {QStringLiteral("pdf"), QStringLiteral("lessons/l1.pdf")}}}}}}}};
        const QJsonObject quiz{
            {QStringLiteral("id"), QStringLiteral("final")},
            {QStringLiteral("title"), QStringLiteral("確認")},
            {QStringLiteral("pass_mark"), 100},
            {QStringLiteral("max_attempts"), 0},
            {QStringLiteral("questions"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("id"), QStringLiteral("q1")},
                             {QStringLiteral("type"), QStringLiteral("truefalse")},
                             {QStringLiteral("text"), QStringLiteral("本人確認は必要")},
                             {QStringLiteral("answer"), QJsonArray{QStringLiteral("true")}}}}}};
        auto p = signPackage({{QStringLiteral("manifest.json"), QJsonDocument(manifest).toJson()},
                              {QStringLiteral("quiz.json"), QJsonDocument(quiz).toJson()},
                              {QStringLiteral("lessons/l1.pdf"), m_pdf}},
                             m_private);
        if (!p) {
            qFatal("sign: %s", qPrintable(p.errorMessage()));
        }
        return *p;
    }

    QString file(const QString& name, const QByteArray& data)
    {
        QFile f(path(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
            qFatal("cannot write %s", qPrintable(name));
        }
        return f.fileName();
    }

    test::ProcessRun cli(const QStringList& args)
    {
        return test::runProcess(
            QStringLiteral(MADOGUCHI_CLI),
            QStringList{QStringLiteral("--db"), m_db.spec().path} + args,
            {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("admin")},
             {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
             {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", path(QStringLiteral("keys")).toUtf8());
        EVP_PKEY* key = EVP_EC_gen("P-256");
        BIO* priv = BIO_new(BIO_s_mem());
        BIO* pub = BIO_new(BIO_s_mem());
        PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
        PEM_write_bio_PUBKEY(pub, key);
        m_private = bioText(priv);
        m_public = bioText(pub);
        BIO_free(priv);
        BIO_free(pub);
        EVP_PKEY_free(key);
        m_pdf = lessonPdf();

        QVERIFY(QDir().mkpath(path(QStringLiteral("central"))));
        // Central's database: SQLite, or PostgreSQL for the tst_learningcatalogue_postgres entry.
        QString centralDb;
        if (qEnvironmentVariable("MADOGUCHI_CENTRAL_ENGINE") == QStringLiteral("postgres")) {
            auto spec = test::freshDatabaseSpec(QStringLiteral("postgres"), m_dir);
            QVERIFY2(spec, qPrintable(spec.errorMessage()));
            centralDb = *spec;
        }
        m_central = std::make_unique<test::CentralProcess>(
            QStringLiteral(MADOGUCHI_CENTRAL), path(QStringLiteral("central")), centralDb);
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db, qPrintable(db.errorMessage()));
        QVERIFY(Migrator::migrate(*db));
        auto staff = test::makeStaff(*db);
        QVERIFY2(staff, qPrintable(staff.errorMessage()));
        auto e = m_central->enroll(QStringLiteral("kensyu-1"));
        QVERIFY2(e, qPrintable(e.errorMessage()));
        QVERIFY(sync::saveEnrollment(*db, *e));
        m_db = *db;
        m_staff = *staff;
        m_enrollment = *e;
    }

    void publishAtCentral()
    {
        m_v1 = package(1);
        const QString v1 = file(QStringLiteral("v1.mdcourse"), m_v1);
        test::ProcessRun r =
            m_central->run({QStringLiteral("admin"), QStringLiteral("publish"), v1});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("id")).toString(), QStringLiteral("counter-intro"));
        QCOMPARE(o.value(QStringLiteral("version")).toInt(), 1);
        // The same package again changes nothing; a changed one is refused with the reason.
        r = m_central->run({QStringLiteral("admin"), QStringLiteral("publish"), v1});
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("already_published")),
                 qPrintable(r.out + r.err));
        auto files = readZip(package(1));
        QVERIFY(files);
        files->insert(QStringLiteral("lessons/l1.pdf"), m_pdf + "%%");
        r = m_central->run({QStringLiteral("admin"), QStringLiteral("publish"),
                            file(QStringLiteral("changed.mdcourse"), *writeZip(*files))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("learning.tampered")) &&
                     r.err.contains(QStringLiteral("lessons/l1.pdf")),
                 qPrintable(r.err));
    }

    void catalogueOverSignedRequests()
    {
        sync::CentralClient client(m_enrollment);
        auto list = client.learningCatalogue(m_enrollment, QStringLiteral("admin"));
        QVERIFY2(list, qPrintable(list.errorMessage()));
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().courseId, QStringLiteral("counter-intro"));
        QCOMPARE(list->first().version, 1);
        QCOMPARE(list->first().title, QStringLiteral("窓口の基本"));
        const QByteArray v1 = m_v1;
        QCOMPARE(
            list->first().sha256,
            QString::fromLatin1(QCryptographicHash::hash(v1, QCryptographicHash::Sha256).toHex()));
        auto bytes = client.learningPackage(m_enrollment, QStringLiteral("counter-intro"), 1,
                                            QStringLiteral("admin"));
        QVERIFY2(bytes, qPrintable(bytes.errorMessage()));
        QCOMPARE(*bytes, v1);
        auto none = client.learningPackage(m_enrollment, QStringLiteral("counter-intro"), 9,
                                           QStringLiteral("admin"));
        QVERIFY(!none);
        QVERIFY(none.errorMessage().contains(QStringLiteral("learning.not_found")));

        test::ProcessRun r = cli({QStringLiteral("learning"), QStringLiteral("catalogue")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("counter-intro")));
    }

    void fetchAndImport()
    {
        // Not trusted yet: refused exactly as a file would be.
        test::ProcessRun r = cli(
            {QStringLiteral("learning"), QStringLiteral("fetch"), QStringLiteral("counter-intro")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("does not trust")), qPrintable(r.err));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM courses"))->toInt(), 0);

        r = cli({QStringLiteral("learning"), QStringLiteral("trust"),
                 file(QStringLiteral("publisher.pem"), m_public)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli(
            {QStringLiteral("learning"), QStringLiteral("fetch"), QStringLiteral("counter-intro")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        auto q = m_db.exec(QStringLiteral("SELECT course_id, version, source FROM courses"));
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), QStringLiteral("counter-intro"));
        QCOMPARE(q->value(1).toInt(), 1);
        QCOMPARE(q->value(2).toString(), QStringLiteral("catalogue"));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT pdf FROM course_lessons"))->toByteArray(),
                 m_pdf);
    }

    void tamperedAtCentral()
    {
        QVERIFY2(m_central
                         ->run({QStringLiteral("admin"), QStringLiteral("publish"),
                                file(QStringLiteral("v2.mdcourse"), package(2))})
                         .code == 0,
                 "publish v2");
        // Someone with access to central's database swaps a lesson of version 2 (and its
        // catalogue hash, so that only the signature can tell).
        auto files = readZip(package(2));
        QVERIFY(files);
        files->insert(QStringLiteral("lessons/l1.pdf"), m_pdf + "% altered");
        const QByteArray altered = *writeZip(*files);
        {
            auto central = Database::open(m_central->databasePath());
            QVERIFY2(central, qPrintable(central.errorMessage()));
            QVERIFY(central->run(
                QStringLiteral("UPDATE learning_packages SET package = ?, sha256 "
                               "= ? WHERE course_id = ? AND version = 2"),
                {altered,
                 QString::fromLatin1(
                     QCryptographicHash::hash(altered, QCryptographicHash::Sha256).toHex()),
                 QStringLiteral("counter-intro")}));
        }
        test::ProcessRun r = cli(
            {QStringLiteral("learning"), QStringLiteral("fetch"), QStringLiteral("counter-intro")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("lessons/l1.pdf")), qPrintable(r.err));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT MAX(version) FROM courses"))->toInt(), 1);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.refused' AND detail LIKE "
                                            "'learning.tampered:%'"))
                     ->toInt(),
                 1);
    }

    void swappedAtCentral()
    {
        QVERIFY2(m_central
                         ->run({QStringLiteral("admin"), QStringLiteral("publish"),
                                file(QStringLiteral("v3.mdcourse"), package(3))})
                         .code == 0,
                 "publish v3");
        // Central answers the request for version 3 with another package the publisher signed
        // (version 4, never published), its catalogue hash made to match: what arrives must be
        // what was asked for.
        const QByteArray other = package(4);
        {
            auto central = Database::open(m_central->databasePath());
            QVERIFY2(central, qPrintable(central.errorMessage()));
            QVERIFY(central->run(
                QStringLiteral("UPDATE learning_packages SET package = ?, sha256 "
                               "= ? WHERE course_id = ? AND version = 3"),
                {other,
                 QString::fromLatin1(
                     QCryptographicHash::hash(other, QCryptographicHash::Sha256).toHex()),
                 QStringLiteral("counter-intro")}));
        }
        test::ProcessRun r = cli(
            {QStringLiteral("learning"), QStringLiteral("fetch"), QStringLiteral("counter-intro")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("version 4")), qPrintable(r.err));
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT MAX(version) FROM courses"))->toInt(), 1);
        QCOMPARE(m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.refused' AND detail LIKE "
                                            "'learning.catalogue:%'"))
                     ->toInt(),
                 1);
    }
};

QTEST_MAIN(TestLearningCatalogue)
#include "tst_learningcatalogue.moc"
