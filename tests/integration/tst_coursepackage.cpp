// Course packages on both engines: a course folder packed and signed with a P-256 key, the key
// trusted, the package imported (course and lesson rows, pages counted); refusals with their
// own code and the entry at fault: unsigned, a changed lesson, an entry the signature does not
// cover, another publisher's key, a revoked key, a zip-slip path, a symbolic link, a duplicate
// name, a zip bomb, too many entries, an older version and the same version twice; nothing
// stored by a refusal and every refusal audited. Then the command line: pack, trust, import,
// courses, and an untrusted package refused with exit 1.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "learning/CoursePackage.h"
#include "storage/Migrations.h"

#include <algorithm>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPdfWriter>
#include <QTest>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace madoguchi;
using namespace madoguchi::learning;

namespace {

struct KeyPair
{
    QByteArray privatePem;
    QByteArray publicPem;
};

KeyPair pemsOf(EVP_PKEY* key)
{
    KeyPair k;
    BIO* priv = BIO_new(BIO_s_mem());
    BIO* pub = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
    PEM_write_bio_PUBKEY(pub, key);
    char* data = nullptr;
    long n = BIO_get_mem_data(priv, &data);
    k.privatePem = QByteArray(data, int(n));
    n = BIO_get_mem_data(pub, &data);
    k.publicPem = QByteArray(data, int(n));
    BIO_free(priv);
    BIO_free(pub);
    EVP_PKEY_free(key);
    return k;
}

KeyPair ecKey()
{
    return pemsOf(EVP_EC_gen("P-256"));
}

KeyPair rsaKey()
{
    return pemsOf(EVP_RSA_gen(2048));
}

// A small PDF lesson made here, `pages` pages long.
QByteArray lessonPdf(const QString& text, int pages)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(text);
        QPainter p(&writer);
        for (int i = 1; i <= pages; ++i) {
            if (i > 1) {
                writer.newPage();
            }
            p.drawText(QPointF(200, 400), QStringLiteral("%1 — %2").arg(text).arg(i));
        }
    }
    return buffer.data();
}

QByteArray manifestFor(int version)
{
    const QJsonObject m{
        {QStringLiteral("format"), QStringLiteral("madoguchi-course/1")},
        {QStringLiteral("id"), QStringLiteral("privacy-basics")},
        {QStringLiteral("version"), version},
        {QStringLiteral("title"), QStringLiteral("個人情報の基本")},
        {QStringLiteral("title_en"), QStringLiteral("Personal data basics")},
        {QStringLiteral("description"), QStringLiteral("窓口で個人情報を扱うときの基本")},
        {QStringLiteral("publisher"), QStringLiteral("鎌倉市 人事課")},
        {QStringLiteral("modules"),
         QJsonArray{QJsonObject{
             {QStringLiteral("id"), QStringLiteral("m1")},
             {QStringLiteral("title"), QStringLiteral("基本")},
             {QStringLiteral("lessons"),
              QJsonArray{
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("l1")},
                              {QStringLiteral("title"), QStringLiteral("個人情報とは")},
                              {QStringLiteral("pdf"), QStringLiteral("lessons/l1.pdf")}},
                  QJsonObject{{QStringLiteral("id"), QStringLiteral("l2")},
                              {QStringLiteral("title"), QStringLiteral("マイナンバー")},
                              {QStringLiteral("pdf"), QStringLiteral("lessons/l2.pdf")}}}}}}},
        {QStringLiteral("quiz"), QStringLiteral("quiz.json")},
        {QStringLiteral("completion"),
         QJsonObject{{QStringLiteral("all_lessons"), true}, {QStringLiteral("quiz"), true}}}};
    return QJsonDocument(m).toJson();
}

QByteArray quizJsonText()
{
    const QJsonObject q{
        {QStringLiteral("id"), QStringLiteral("final")},
        {QStringLiteral("title"), QStringLiteral("確認テスト")},
        {QStringLiteral("pass_mark"), 80},
        {QStringLiteral("max_attempts"), 3},
        {QStringLiteral("shuffle"), true},
        {QStringLiteral("questions"),
         QJsonArray{QJsonObject{
             {QStringLiteral("id"), QStringLiteral("q1")},
             {QStringLiteral("type"), QStringLiteral("truefalse")},
             {QStringLiteral("text"), QStringLiteral("マイナンバーは目的外に利用してよい")},
             {QStringLiteral("answer"), QJsonArray{QStringLiteral("false")}},
             {QStringLiteral("explanation"),
              QStringLiteral("法律で定められた事務にのみ利用できる")}}}}};
    return QJsonDocument(q).toJson();
}

// The zip's own headers rewritten: the entry `name` renamed to `newName` (same length) in its
// local and central headers, and, when unixMode is set, its central external attributes.
QByteArray patchedZip(QByteArray zip, const QByteArray& name, const QByteArray& newName,
                      quint32 unixMode = 0)
{
    auto u16 = [&](qsizetype at) {
        return int(quint8(zip.at(at))) | (int(quint8(zip.at(at + 1))) << 8);
    };
    for (qsizetype at = 0; (at = zip.indexOf("PK", at)) >= 0; ++at) {
        if (zip.mid(at, 4) == QByteArray("PK\x03\x04", 4) &&
            zip.mid(at + 30, u16(at + 26)) == name) {
            zip.replace(at + 30, name.size(), newName);
        } else if (zip.mid(at, 4) == QByteArray("PK\x01\x02", 4) &&
                   zip.mid(at + 46, u16(at + 28)) == name) {
            zip.replace(at + 46, name.size(), newName);
            if (unixMode != 0) {
                const quint32 attributes = unixMode << 16;
                for (int i = 0; i < 4; ++i) {
                    zip[at + 38 + i] = char((attributes >> (8 * i)) & 0xff);
                }
            }
        }
    }
    return zip;
}

} // namespace

class TestCoursePackage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    KeyPair m_key;   // the trusted publisher
    KeyPair m_other; // a publisher nobody trusts
    QByteArray m_l1;
    QByteArray m_l2;

    struct Fixture
    {
        Database db;
        test::Staff staff;
    };

    Fixture make(const QString& engine)
    {
        auto db = test::freshDatabase(engine, m_dir);
        if (!db || !Migrator::migrate(*db)) {
            qFatal("db: %s", qPrintable(db.errorMessage()));
        }
        auto staff = test::makeStaff(*db);
        if (!staff) {
            qFatal("staff: %s", qPrintable(staff.errorMessage()));
        }
        return {*db, *staff};
    }

    // The course folder as committed: manifest, quiz, lesson PDFs and a lesson source that the
    // package must leave out.
    QString courseFolder(int version)
    {
        const QString dir = m_dir.filePath(QStringLiteral("course-v%1").arg(version));
        QDir().mkpath(dir + QStringLiteral("/lessons"));
        auto write = [&](const QString& name, const QByteArray& data) {
            QFile f(dir + QLatin1Char('/') + name);
            if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
                qFatal("cannot write %s", qPrintable(name));
            }
        };
        write(QStringLiteral("manifest.json"), manifestFor(version));
        write(QStringLiteral("quiz.json"), quizJsonText());
        write(QStringLiteral("lessons/l1.pdf"), m_l1);
        write(QStringLiteral("lessons/l2.pdf"), m_l2);
        write(QStringLiteral("lessons/l1.md"), "# 個人情報とは\n");
        return dir;
    }

    QByteArray pack(int version, const KeyPair& key)
    {
        auto p = packCourse(courseFolder(version), key.privatePem);
        if (!p) {
            qFatal("pack: %s", qPrintable(p.errorMessage()));
        }
        return *p;
    }

    static QMap<QString, QByteArray> entries(const QByteArray& zip)
    {
        auto e = readZip(zip);
        if (!e) {
            qFatal("readZip: %s", qPrintable(e.errorMessage()));
        }
        return *e;
    }

    static QByteArray zipOf(const QMap<QString, QByteArray>& files)
    {
        auto z = writeZip(files);
        if (!z) {
            qFatal("writeZip: %s", qPrintable(z.errorMessage()));
        }
        return *z;
    }

    static qint64 count(const Database& db, const QString& sql)
    {
        return db.scalar(sql)->toLongLong();
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        m_key = ecKey();
        m_other = ecKey();
        m_l1 = lessonPdf(QStringLiteral("個人情報とは"), 2);
        m_l2 = lessonPdf(QStringLiteral("マイナンバー"), 1);
    }

    // The starter courses ship inside the application and are installed from it without a
    // signature, once per version; a newer version imported from a package is kept.
    void bundledStarterCourses_data() { test::addEngineRows(); }
    void bundledStarterCourses()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        CoursePackages packages(f.db);
        const QString dir = QStringLiteral(MADOGUCHI_COURSES_DIR);
        auto added = packages.installBundled(dir);
        QVERIFY2(added, qPrintable(added.errorMessage()));
        QStringList ids;
        for (const InstalledCourse& c : *added) {
            ids << c.courseId;
            QCOMPARE(c.source, QStringLiteral("bundled"));
            QCOMPARE(c.version, 1);
            QVERIFY(c.lessonCount >= 1);
            QVERIFY2(c.pageCount >= 10, qPrintable(c.courseId));
        }
        QCOMPARE(ids, (QStringList{QStringLiteral("counter-basics"),
                                   QStringLiteral("evacuation-registration"),
                                   QStringLiteral("personal-data-security")}));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 3);
        QVERIFY(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                           "'learning.import' AND operator = 'madoguchi'")) == 3);

        // Starting again installs nothing more.
        auto again = packages.installBundled(dir);
        QVERIFY(again);
        QVERIFY(again->isEmpty());
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 3);

        // Version 2 of a starter course from a trusted publisher stays the current one.
        QTemporaryDir copy;
        const QString folder = copy.filePath(QStringLiteral("counter-basics"));
        QVERIFY(QDir().mkpath(folder + QStringLiteral("/lessons")));
        const QString from = dir + QStringLiteral("/counter-basics/");
        for (const QString& name : QDir(from).entryList(QDir::Files)) {
            QVERIFY(QFile::copy(from + name, folder + QLatin1Char('/') + name));
        }
        for (const QString& name : QDir(from + QStringLiteral("lessons")).entryList(QDir::Files)) {
            QVERIFY(QFile::copy(from + QStringLiteral("lessons/") + name,
                                folder + QStringLiteral("/lessons/") + name));
        }
        QFile manifest(folder + QStringLiteral("/manifest.json"));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QByteArray text = manifest.readAll();
        manifest.close();
        QVERIFY(text.contains("\"version\": 1"));
        text.replace("\"version\": 1", "\"version\": 2");
        QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
        manifest.write(text);
        manifest.close();
        auto v2 = packCourse(folder, m_key.privatePem);
        QVERIFY2(v2, qPrintable(v2.errorMessage()));
        QVERIFY(packages.trust(m_key.publicPem, QStringLiteral("研修担当"), f.staff.admin));
        QVERIFY(packages.import(*v2, f.staff.admin));
        QVERIFY(packages.installBundled(dir)->isEmpty());
        auto installed = packages.installed();
        QVERIFY(installed);
        QCOMPARE(installed->first().courseId, QStringLiteral("counter-basics"));
        QCOMPARE(installed->first().version, 2);
        QCOMPARE(installed->first().source, QStringLiteral("package"));
    }

    void zipRoundTrip()
    {
        QMap<QString, QByteArray> files{{QStringLiteral("a.txt"), "alpha"},
                                        {QStringLiteral("dir/b.bin"), QByteArray(70000, '\x07')},
                                        {QStringLiteral("日本語.txt"), "名前"}};
        const QByteArray zip = zipOf(files);
        QCOMPARE(entries(zip), files);
        // The same files give the same bytes, so a package can be rebuilt and compared.
        QCOMPARE(zipOf(files), zip);
        QCOMPARE(readZip("not a zip").error().code, QStringLiteral("learning.zip"));
    }

    void pack_data() { test::addEngineRows(); }
    void pack()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        const QByteArray package = pack(1, m_key);
        const QMap<QString, QByteArray> files = entries(package);
        // What the course folder holds for learners, and the signature: not the lesson source.
        QCOMPARE(files.keys(),
                 (QStringList{QStringLiteral("lessons/l1.pdf"), QStringLiteral("lessons/l2.pdf"),
                              QStringLiteral("manifest.json"), QStringLiteral("quiz.json"),
                              QStringLiteral("signature.json")}));
        const QJsonObject sig =
            QJsonDocument::fromJson(files.value(QStringLiteral("signature.json"))).object();
        QCOMPARE(sig.value(QStringLiteral("algorithm")).toString(), QStringLiteral("ecdsa-sha256"));
        auto key = publisherKey(m_key.publicPem);
        QVERIFY(key);
        QCOMPARE(sig.value(QStringLiteral("key_id")).toString(), key->keyId);
        QCOMPARE(key->keyId.size(), 64);
        QVERIFY(sig.value(QStringLiteral("signed"))
                    .toString()
                    .contains(QStringLiteral("  lessons/l1.pdf\n")));

        CoursePackages packages(f.db);
        // Nobody trusts the key yet.
        auto refused = packages.import(package, f.staff.admin);
        QCOMPARE(refused.error().code, QStringLiteral("learning.untrusted"));
        QVERIFY(refused.errorMessage().contains(key->keyId));

        // Only an administrator manages publishers and imports.
        QCOMPARE(packages.trust(m_key.publicPem, QStringLiteral("人事課"), f.staff.supervisor)
                     .error()
                     .code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(packages.import(package, f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));

        auto trusted = packages.trust(m_key.publicPem, QStringLiteral("人事課"), f.staff.admin);
        QVERIFY2(trusted, qPrintable(trusted.errorMessage()));
        QCOMPARE(trusted->keyId, key->keyId);
        QCOMPARE(trusted->name, QStringLiteral("人事課"));
        QVERIFY(!trusted->revoked());
        // Trusting it again changes nothing.
        QCOMPARE(packages.trust(m_key.publicPem, QStringLiteral("別名"), f.staff.admin)->name,
                 QStringLiteral("人事課"));
        QCOMPARE(packages.publishers()->size(), 1);

        auto imported = packages.import(package, f.staff.admin);
        QVERIFY2(imported, qPrintable(imported.errorMessage()));
        QCOMPARE(imported->course.courseId, QStringLiteral("privacy-basics"));
        QCOMPARE(imported->course.version, 1);
        QCOMPARE(imported->course.lessonCount, 2);
        QCOMPARE(imported->course.pageCount, 3);
        QCOMPARE(imported->course.source, QStringLiteral("package"));
        QCOMPARE(imported->course.publisherKeyId, key->keyId);

        auto q = f.db.exec(QStringLiteral("SELECT title, title_en, publisher, manifest, quiz, "
                                          "package, package_sha256 FROM courses"));
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), QStringLiteral("個人情報の基本"));
        QCOMPARE(q->value(1).toString(), QStringLiteral("Personal data basics"));
        QCOMPARE(q->value(2).toString(), QStringLiteral("鎌倉市 人事課"));
        QCOMPARE(parseManifest(q->value(3).toByteArray())->lessons().size(), 2);
        QCOMPARE(parseQuiz(q->value(4).toByteArray())->questions.size(), 1);
        QCOMPARE(q->value(5).toByteArray(), package);
        QCOMPARE(q->value(6).toString(), imported->course.sha256);
        q = f.db.exec(QStringLiteral("SELECT lesson_id, module_id, position, title, pages, pdf "
                                     "FROM course_lessons ORDER BY position"));
        QVERIFY(q && q->next());
        QCOMPARE(q->value(0).toString(), QStringLiteral("l1"));
        QCOMPARE(q->value(1).toString(), QStringLiteral("m1"));
        QCOMPARE(q->value(2).toInt(), 1);
        QCOMPARE(q->value(3).toString(), QStringLiteral("個人情報とは"));
        QCOMPARE(q->value(4).toInt(), 2);
        QCOMPARE(q->value(5).toByteArray(), m_l1);
        QVERIFY(q->next());
        QCOMPARE(q->value(0).toString(), QStringLiteral("l2"));
        QCOMPARE(q->value(4).toInt(), 1);
        QCOMPARE(q->value(5).toByteArray(), m_l2);

        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.trust'")),
                 1);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.import'")),
                 1);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.refused' AND detail LIKE "
                                            "'learning.untrusted:%'")),
                 1);
    }

    void refusals_data() { test::addEngineRows(); }
    void refusals()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        CoursePackages packages(f.db);
        QVERIFY(packages.trust(m_key.publicPem, QStringLiteral("人事課"), f.staff.admin));
        const QByteArray good = pack(1, m_key);
        QMap<QString, QByteArray> files = entries(good);
        int refusedSoFar = 0;
        auto refusal = [&](const QByteArray& package, const QString& code,
                           const QString& names = {}) {
            auto r = packages.import(package, f.staff.admin);
            if (r) {
                return QStringLiteral("imported instead of %1").arg(code);
            }
            if (r.error().code != code) {
                return QStringLiteral("%1 instead of %2: %3")
                    .arg(r.error().code, code, r.errorMessage());
            }
            if (!names.isEmpty() && !r.errorMessage().contains(names)) {
                return QStringLiteral("the reason does not name %1: %2")
                    .arg(names, r.errorMessage());
            }
            ++refusedSoFar;
            return QString();
        };
        auto check = [](const QString& problem) {
            return problem.isEmpty();
        };

        // Unsigned: the same files without signature.json.
        QMap<QString, QByteArray> unsigned_ = files;
        unsigned_.remove(QStringLiteral("signature.json"));
        QString p = refusal(zipOf(unsigned_), QStringLiteral("learning.unsigned"),
                            QStringLiteral("signature.json"));
        QVERIFY2(check(p), qPrintable(p));

        // One byte of a lesson changed.
        QMap<QString, QByteArray> changed = files;
        QByteArray pdf = changed.value(QStringLiteral("lessons/l2.pdf"));
        pdf[pdf.size() / 2] = char(pdf.at(pdf.size() / 2) ^ 0x01);
        changed.insert(QStringLiteral("lessons/l2.pdf"), pdf);
        p = refusal(zipOf(changed), QStringLiteral("learning.tampered"),
                    QStringLiteral("lessons/l2.pdf"));
        QVERIFY2(check(p), qPrintable(p));

        // An entry the signature does not list.
        QMap<QString, QByteArray> extra = files;
        extra.insert(QStringLiteral("lessons/extra.pdf"), m_l1);
        p = refusal(zipOf(extra), QStringLiteral("learning.tampered"),
                    QStringLiteral("lessons/extra.pdf"));
        QVERIFY2(check(p), qPrintable(p));

        // A signed entry taken out.
        QMap<QString, QByteArray> missing = files;
        missing.remove(QStringLiteral("quiz.json"));
        p = refusal(zipOf(missing), QStringLiteral("learning.tampered"),
                    QStringLiteral("quiz.json"));
        QVERIFY2(check(p), qPrintable(p));

        // Someone else's key put in the signature of this list: the signature no longer holds.
        QMap<QString, QByteArray> swapped = files;
        QJsonObject sig =
            QJsonDocument::fromJson(files.value(QStringLiteral("signature.json"))).object();
        sig.insert(QStringLiteral("public_key"), QString::fromLatin1(m_other.publicPem));
        sig.insert(QStringLiteral("key_id"), publisherKey(m_other.publicPem)->keyId);
        swapped.insert(QStringLiteral("signature.json"), QJsonDocument(sig).toJson());
        p = refusal(zipOf(swapped), QStringLiteral("learning.tampered"));
        QVERIFY2(check(p), qPrintable(p));

        // Signed by another publisher, whose key this installation does not trust.
        p = refusal(pack(1, m_other), QStringLiteral("learning.untrusted"),
                    publisherKey(m_other.publicPem)->keyId);
        QVERIFY2(check(p), qPrintable(p));

        // Zip-slip: a path that climbs out of the package.
        QMap<QString, QByteArray> slip = files;
        slip.insert(QStringLiteral("../../evil.pdf"), m_l1);
        p = refusal(zipOf(slip), QStringLiteral("learning.zip"), QStringLiteral("../../evil.pdf"));
        QVERIFY2(check(p), qPrintable(p));
        QMap<QString, QByteArray> absolute = files;
        absolute.insert(QStringLiteral("/etc/evil.pdf"), m_l1);
        p = refusal(zipOf(absolute), QStringLiteral("learning.zip"),
                    QStringLiteral("/etc/evil.pdf"));
        QVERIFY2(check(p), qPrintable(p));

        // A symbolic link, and two entries of the same name.
        p = refusal(patchedZip(good, "lessons/l2.pdf", "lessons/l2.pdf", 0120777),
                    QStringLiteral("learning.zip"), QStringLiteral("symbolic link"));
        QVERIFY2(check(p), qPrintable(p));
        p = refusal(patchedZip(good, "lessons/l2.pdf", "lessons/l1.pdf"),
                    QStringLiteral("learning.zip"), QStringLiteral("same name"));
        QVERIFY2(check(p), qPrintable(p));

        // A zip bomb: a few hundred KiB that inflate to more than 200 MiB.
        QMap<QString, QByteArray> bomb = files;
        bomb.insert(QStringLiteral("lessons/zeros.pdf"), QByteArray(201 * 1024 * 1024, '\0'));
        const QByteArray bombZip = zipOf(bomb);
        bomb.clear();
        QVERIFY(bombZip.size() < 1024 * 1024);
        p = refusal(bombZip, QStringLiteral("learning.zip"), QStringLiteral("200 MiB"));
        QVERIFY2(check(p), qPrintable(p));

        // Too many entries.
        QMap<QString, QByteArray> many = files;
        for (int i = 0; i < kMaxEntries; ++i) {
            many.insert(QStringLiteral("lessons/x%1.pdf").arg(i), "%PDF-1.4");
        }
        p = refusal(zipOf(many), QStringLiteral("learning.zip"), QStringLiteral("500"));
        QVERIFY2(check(p), qPrintable(p));

        // Nothing was stored by any refusal, and each one is in the audit log.
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 0);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM course_lessons")), 0);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.refused'")),
                 refusedSoFar);

        // Versions: 2 then 1 (older: refused), 2 again (installed: nothing changes), 3 (current).
        auto v2 = packages.import(pack(2, m_key), f.staff.admin);
        QVERIFY2(v2, qPrintable(v2.errorMessage()));
        p = refusal(good, QStringLiteral("learning.older"), QStringLiteral("version 2"));
        QVERIFY2(check(p), qPrintable(p));
        p = refusal(pack(2, m_key), QStringLiteral("learning.installed"));
        QVERIFY2(check(p), qPrintable(p));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 1);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM course_lessons")), 2);
        auto v3 = packages.import(pack(3, m_key), f.staff.admin);
        QVERIFY2(v3, qPrintable(v3.errorMessage()));
        auto installed = packages.installed();
        QVERIFY(installed);
        QCOMPARE(installed->size(), 1);
        QCOMPARE(installed->first().version, 3);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 2);

        // A revoked key verifies no more packages, and cannot be trusted again.
        const QString keyId = publisherKey(m_key.publicPem)->keyId;
        QCOMPARE(packages.revoke(QStringLiteral("0000000000"), f.staff.admin).error().code,
                 QStringLiteral("learning.no_publisher"));
        auto revoked = packages.revoke(keyId.left(12), f.staff.admin);
        QVERIFY2(revoked, qPrintable(revoked.errorMessage()));
        QVERIFY(revoked->revoked());
        QCOMPARE(revoked->revokedBy, QStringLiteral("admin"));
        p = refusal(pack(4, m_key), QStringLiteral("learning.revoked"), keyId);
        QVERIFY2(check(p), qPrintable(p));
        QCOMPARE(packages.trust(m_key.publicPem, {}, f.staff.admin).error().code,
                 QStringLiteral("learning.revoked"));
        QCOMPARE(packages.installed()->first().version, 3);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.revoke'")),
                 1);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.refused'")),
                 refusedSoFar);
        QVERIFY(AuditLog(f.db).verify()->intact);
    }

    // A course belongs to the key that signed it: another trusted publisher cannot replace it
    // with a newer version of its own, nor can an unsigned SCORM zip that claims its id, until
    // the first key is revoked (a publisher moving to a new key). Refusals store nothing and
    // are audited.
    void courseStaysWithItsPublisher_data() { test::addEngineRows(); }
    void courseStaysWithItsPublisher()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        CoursePackages packages(f.db);
        QVERIFY(packages.trust(m_key.publicPem, QStringLiteral("人事課"), f.staff.admin));
        QVERIFY(packages.trust(m_other.publicPem, QStringLiteral("防災課"), f.staff.admin));
        auto v1 = packages.import(pack(1, m_key), f.staff.admin);
        QVERIFY2(v1, qPrintable(v1.errorMessage()));
        const QString keyId = publisherKey(m_key.publicPem)->keyId;

        auto hijack = packages.import(pack(2, m_other), f.staff.admin);
        QVERIFY(!hijack);
        QCOMPARE(hijack.error().code, QStringLiteral("learning.publisher"));
        QVERIFY2(hijack.errorMessage().contains(keyId), qPrintable(hijack.errorMessage()));

        const QByteArray scormManifest =
            "<?xml version=\"1.0\"?><manifest identifier=\"privacy-basics\" version=\"9\">"
            "<organizations default=\"o\"><organization identifier=\"o\"><title>偽</title>"
            "<item identifier=\"l1\" identifierref=\"r\"><title>偽の教材</title></item>"
            "</organization></organizations><resources><resource identifier=\"r\" "
            "type=\"webcontent\" href=\"l1.pdf\"/></resources></manifest>";
        const QByteArray scorm = zipOf(
            {{QStringLiteral("imsmanifest.xml"), scormManifest}, {QStringLiteral("l1.pdf"), m_l1}});
        auto unsignedOver = packages.import(scorm, f.staff.admin, QStringLiteral("package"), true);
        QVERIFY(!unsignedOver);
        QCOMPARE(unsignedOver.error().code, QStringLiteral("learning.publisher"));

        QCOMPARE(packages.installed()->first().version, 1);
        QCOMPARE(packages.installed()->first().publisherKeyId, keyId);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 1);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM course_lessons")), 2);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'learning.refused' AND detail LIKE "
                                            "'learning.publisher:%'")),
                 2);

        // The first key revoked: the course passes to the key that now publishes it.
        QVERIFY(packages.revoke(keyId, f.staff.admin));
        auto moved = packages.import(pack(2, m_other), f.staff.admin);
        QVERIFY2(moved, qPrintable(moved.errorMessage()));
        QCOMPARE(moved->course.publisherKeyId, publisherKey(m_other.publicPem)->keyId);
    }

    // Entry names with control characters (a carriage return, a line feed) or
    // invisible direction marks are refused, and the refusal shows them escaped: the reason is
    // printed on the terminal and kept in the audit log, which a hostile name must not rewrite.
    void namesWithControlCharacters_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("shown");
        // (libzip shows the control characters of a name not marked UTF-8 as CP437 symbols, ESC
        // as an arrow, but keeps CR, LF and TAB, and a UTF-8 name keeps its format marks.)
        QTest::newRow("carriage return")
            << QStringLiteral("lessons/l3.pdf\rOK") << QStringLiteral("lessons/l3.pdf\\u000dOK");
        QTest::newRow("line feed")
            << QStringLiteral("lessons/l3.pdf\nOK") << QStringLiteral("lessons/l3.pdf\\u000aOK");
        QTest::newRow("right-to-left override") << QString::fromUtf16(u"lessons/l3\u202Efdp.exe")
                                                << QStringLiteral("lessons/l3\\u202efdp.exe");
    }
    void namesWithControlCharacters()
    {
        QFETCH(QString, name);
        QFETCH(QString, shown);
        // libzip writes no such name: a plain one of the same length is written, then renamed.
        const QByteArray raw = name.toUtf8();
        const QByteArray plain = "lessons/" + QByteArray(raw.size() - 8, 'x');
        const QByteArray zip = patchedZip(zipOf({{QStringLiteral("manifest.json"), manifestFor(1)},
                                                 {QString::fromLatin1(plain), m_l1}}),
                                          plain, raw);
        auto r = readZip(zip);
        QVERIFY2(!r, "a name with a control character was read");
        QCOMPARE(r.error().code, QStringLiteral("learning.zip"));
        QVERIFY2(r.errorMessage().contains(shown), qPrintable(r.errorMessage()));
        for (const QChar c : r.errorMessage()) {
            QVERIFY2(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format,
                     qPrintable(r.errorMessage()));
        }
    }

    // A lesson's pages are what Poppler finds in its page tree: bytes after the end that look
    // like page objects do not make a lesson longer than learners can ever finish, and a lesson
    // that does not open as a PDF is refused before anything is stored.
    void lessonPagesAsPopplerReadsThem_data() { test::addEngineRows(); }
    void lessonPagesAsPopplerReadsThem()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        CoursePackages packages(f.db);
        QVERIFY(packages.trust(m_other.publicPem, QStringLiteral("研修担当"), f.staff.admin));
        const QMap<QString, QByteArray> good = entries(pack(1, m_key));

        QMap<QString, QByteArray> padded = good;
        padded.remove(QStringLiteral("signature.json"));
        padded[QStringLiteral("lessons/l1.pdf")] =
            m_l1 + "\n% 1 0 obj << /Type /Page >> endobj 2 0 obj << /Type /Page >> endobj\n";
        auto paddedPackage = signPackage(padded, m_other.privatePem);
        QVERIFY(paddedPackage);
        auto imported = packages.import(*paddedPackage, f.staff.admin);
        QVERIFY2(imported, qPrintable(imported.errorMessage()));
        QCOMPARE(count(f.db, QStringLiteral("SELECT pages FROM course_lessons WHERE lesson_id = "
                                            "'l1'")),
                 2);

        QMap<QString, QByteArray> damaged = good;
        damaged.remove(QStringLiteral("signature.json"));
        damaged[QStringLiteral("manifest.json")] = manifestFor(2);
        damaged[QStringLiteral("lessons/l2.pdf")] = "%PDF-1.4\nthis is not a PDF at all\n%%EOF\n";
        auto damagedPackage = signPackage(damaged, m_other.privatePem);
        QVERIFY(damagedPackage);
        auto refused = packages.import(*damagedPackage, f.staff.admin);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("learning.pdf"));
        QVERIFY2(refused.errorMessage().contains(QStringLiteral("lessons/l2.pdf")),
                 qPrintable(refused.errorMessage()));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 1);
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM course_lessons")), 2);
    }

    // What a package says is quoted in refusals (an invalid lesson id, a path, a line of the
    // signed list): control characters in it are shown escaped, whoever signed it.
    void refusalsQuoteContentsEscaped()
    {
        auto verify = [&](const QMap<QString, QByteArray>& files) {
            auto signedPackage = signPackage(files, m_other.privatePem);
            if (!signedPackage) {
                return QStringLiteral("not signed: ") + signedPackage.errorMessage();
            }
            auto v = verifyPackage(*signedPackage);
            return v ? QStringLiteral("verified")
                     : v.error().code + QLatin1Char(' ') + v.errorMessage();
        };
        auto hidden = [](const QString& text) {
            return std::any_of(text.cbegin(), text.cend(), [](QChar c) {
                return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format;
            });
        };
        const QMap<QString, QByteArray> good = entries(pack(1, m_key));
        QMap<QString, QByteArray> files = good;
        files.remove(QStringLiteral("signature.json"));

        QMap<QString, QByteArray> badLesson = files;
        badLesson.insert(QStringLiteral("manifest.json"),
                         manifestFor(1).replace("\"l1\"", "\"l1\\u001b[2J\\r\""));
        QString r = verify(badLesson);
        QVERIFY2(r.startsWith(QStringLiteral("learning.manifest ")), qPrintable(r));
        QVERIFY2(r.contains(QStringLiteral("l1\\u001b[2J\\u000d")), qPrintable(r));
        QVERIFY2(!hidden(r), qPrintable(r));

        QMap<QString, QByteArray> badPath = files;
        badPath.insert(QStringLiteral("manifest.json"),
                       manifestFor(1).replace("lessons/l2.pdf", "lessons/\\u202egpj.pdf"));
        r = verify(badPath);
        QVERIFY2(r.startsWith(QStringLiteral("learning.manifest ")), qPrintable(r));
        QVERIFY2(r.contains(QStringLiteral("lessons/\\u202egpj.pdf")), qPrintable(r));
        QVERIFY2(!hidden(r), qPrintable(r));

        QMap<QString, QByteArray> badQuiz = files;
        badQuiz.insert(QStringLiteral("quiz.json"),
                       quizJsonText().replace("\"q1\"", "\"q1\\u001b]0;x\\u0007\""));
        r = verify(badQuiz);
        QVERIFY2(r.startsWith(QStringLiteral("learning.quiz ")), qPrintable(r));
        QVERIFY2(!hidden(r), qPrintable(r));
    }

    // A signature in the raw r‖s form (as JWS writes it) or not base64 at all is a malformed
    // signature.json, said as such: the package was not changed.
    void signatureNotDer()
    {
        const QMap<QString, QByteArray> files = entries(pack(1, m_key));
        QJsonObject sig =
            QJsonDocument::fromJson(files.value(QStringLiteral("signature.json"))).object();
        const QByteArray der =
            QByteArray::fromBase64(sig.value(QStringLiteral("signature")).toString().toLatin1());
        const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
        ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
        QVERIFY(parsed);
        QByteArray raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(parsed), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(parsed), reinterpret_cast<unsigned char*>(raw.data()) + 32,
                     32);
        ECDSA_SIG_free(parsed);

        for (const QString& bad :
             {QString::fromLatin1(raw.toBase64()), QStringLiteral("not base64 at all!")}) {
            QMap<QString, QByteArray> changed = files;
            sig.insert(QStringLiteral("signature"), bad);
            changed.insert(QStringLiteral("signature.json"), QJsonDocument(sig).toJson());
            auto v = verifyPackage(zipOf(changed));
            QVERIFY(!v);
            QCOMPARE(v.error().code, QStringLiteral("learning.signature"));
            QVERIFY2(v.errorMessage().contains(QStringLiteral("DER")),
                     qPrintable(v.errorMessage()));
        }
    }

    void keys()
    {
        const KeyPair rsa = rsaKey();
        QCOMPARE(publisherKey(rsa.publicPem).error().code, QStringLiteral("learning.key"));
        QCOMPARE(packCourse(courseFolder(1), rsa.privatePem).error().code,
                 QStringLiteral("learning.key"));
        QCOMPARE(publisherKey(m_key.privatePem).error().code, QStringLiteral("learning.key"));
        // A folder whose manifest names a lesson that is not there.
        const QString dir = courseFolder(5);
        QFile::remove(dir + QStringLiteral("/lessons/l2.pdf"));
        auto broken = packCourse(dir, m_key.privatePem);
        QCOMPARE(broken.error().code, QStringLiteral("learning.manifest"));
        QVERIFY(broken.errorMessage().contains(QStringLiteral("lessons/l2.pdf")));
    }

    // A file far larger than any package can be is refused by its size before it is read
    // into memory (a hostile or mistaken multi-gigabyte file must not exhaust the memory).
    void oversizedFileRefusedUnread()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        const QString path = m_dir.filePath(QStringLiteral("huge.mdcourse"));
        {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            QVERIFY(out.resize(kMaxPackageBytes + 1)); // sparse: no disk used
        }
        test::ProcessRun r =
            test::runProcess(QStringLiteral(MADOGUCHI_CLI),
                             {QStringLiteral("--db"), f.db.spec().path, QStringLiteral("learning"),
                              QStringLiteral("import"), path},
                             {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("admin")},
                              {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                              {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        QFile::remove(path);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("was not read")), qPrintable(r.err));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 0);
    }

    void commandLine()
    {
        Fixture f = make(QStringLiteral("sqlite"));
        auto cli = [&](const QStringList& args) {
            return test::runProcess(
                QStringLiteral(MADOGUCHI_CLI),
                QStringList{QStringLiteral("--db"), f.db.spec().path} + args,
                {{QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("admin")},
                 {QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1")},
                 {QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en")}});
        };
        auto file = [&](const QString& name, const QByteArray& data) {
            const QString path = m_dir.filePath(name);
            QFile out(path);
            if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size()) {
                qFatal("cannot write %s", qPrintable(path));
            }
            return path;
        };
        const QString L = QStringLiteral("learning");
        const QString key = file(QStringLiteral("cli-key.pem"), m_key.privatePem);
        const QString pub = file(QStringLiteral("cli-pub.pem"), m_key.publicPem);
        const QString pkg = m_dir.filePath(QStringLiteral("cli.mdcourse"));

        test::ProcessRun r = cli({L, QStringLiteral("pack"), courseFolder(1),
                                  QStringLiteral("--key"), key, QStringLiteral("--out"), pkg});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(pkg));

        // Untrusted: exit 1 with the reason, nothing stored.
        r = cli({L, QStringLiteral("import"), pkg});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("does not trust")), qPrintable(r.err));
        QCOMPARE(count(f.db, QStringLiteral("SELECT COUNT(*) FROM courses")), 0);

        r = cli({L, QStringLiteral("trust"), pub, QStringLiteral("--name"),
                 QStringLiteral("Kamakura HR")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString keyId = publisherKey(m_key.publicPem)->keyId;
        QVERIFY(r.out.contains(keyId));
        r = cli({L, QStringLiteral("publishers")});
        QVERIFY(r.code == 0 && r.out.contains(QStringLiteral("Kamakura HR")) &&
                r.out.contains(keyId));

        r = cli({L, QStringLiteral("import"), pkg});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("privacy-basics")));
        r = cli({L, QStringLiteral("import"), pkg});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("already installed")), qPrintable(r.err));

        r = cli({L, QStringLiteral("courses"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray courses = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(courses.size(), 1);
        QCOMPARE(courses.at(0)[QStringLiteral("id")].toString(), QStringLiteral("privacy-basics"));
        QCOMPARE(courses.at(0)[QStringLiteral("version")].toInt(), 1);
        QCOMPARE(courses.at(0)[QStringLiteral("lessons")].toInt(), 2);

        // A changed package names the entry at fault.
        QMap<QString, QByteArray> files = entries(*packCourse(courseFolder(2), m_key.privatePem));
        files.insert(QStringLiteral("manifest.json"),
                     files.value(QStringLiteral("manifest.json")) + ' ');
        r = cli(
            {L, QStringLiteral("import"), file(QStringLiteral("changed.mdcourse"), zipOf(files))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("manifest.json")), qPrintable(r.err));

        r = cli({L, QStringLiteral("revoke"), keyId});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({L, QStringLiteral("import"), m_dir.filePath(QStringLiteral("none.mdcourse"))});
        QCOMPARE(r.code, 1);
    }
};

QTEST_MAIN(TestCoursePackage)
#include "tst_coursepackage.moc"
