// madoguchi-cli as an administrator scripts it: exit codes, messages, no display needed.
#include "PdfReader.h"
#include "TestPki.h"
#include "TestSupport.h"

#include "ids/Identifiers.h"
#include "registry/ResidentCsv.h"
#include "storage/Database.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

namespace {
// The import header with the columns these rows fill, in the rows' order.
QString ResidentCsvHeader()
{
    return QStringLiteral(
        "resident_code,household_key,relationship,family_name,given_name,family_kana,given_kana,"
        "birth_date,sex,lg_code,postal_code,town,banchi");
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_db;

    using Run = madoguchi::test::ProcessRun;

    Run cli(const QStringList& args, const QMap<QString, QString>& env = {})
    {
        // No display, no operator from the caller's shell, and data folders of the test's own.
        QMap<QString, QString> e{
            {QStringLiteral("DISPLAY"), QString()},
            {QStringLiteral("WAYLAND_DISPLAY"), QString()},
            {QStringLiteral("QT_QPA_PLATFORM"), QString()},
            {QStringLiteral("MADOGUCHI_OPERATOR"), QString()},
            {QStringLiteral("MADOGUCHI_PASSWORD"), QString()},
            {QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data"))},
            {QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config"))}};
        e.insert(env);
        return madoguchi::test::runProcess(QStringLiteral(MADOGUCHI_CLI), args, e);
    }

    QMap<QString, QString> as(const QString& login, const QString& password)
    {
        return {{QStringLiteral("MADOGUCHI_OPERATOR"), login},
                {QStringLiteral("MADOGUCHI_PASSWORD"), password}};
    }

private slots:
    void initTestCase()
    {
        madoguchi::test::initTestEnvironment();
        m_db = m_dir.filePath(QStringLiteral("cli.sqlite3"));
    }

    void idsCheck_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        const QString ids = QStringLiteral("ids"), check = QStringLiteral("check");
        QTest::newRow("my number")
            << QStringList{ids, check, QStringLiteral("mynumber"), QStringLiteral("123456789018")}
            << 0 << QStringLiteral("123456789018");
        QTest::newRow("full-width") << QStringList{ids, check, QStringLiteral("mynumber"),
                                                   QStringLiteral("１２３４　５６７８－９０１８")}
                                    << 0 << QStringLiteral("123456789018");
        QTest::newRow("bad check digit")
            << QStringList{ids, check, QStringLiteral("mynumber"), QStringLiteral("123456789017")}
            << 1 << QStringLiteral("8");
        QTest::newRow("lg code") << QStringList{ids, check, QStringLiteral("lg-code"),
                                                QStringLiteral("131016")}
                                 << 0 << QStringLiteral("131016");
        QTest::newRow("lg code bad")
            << QStringList{ids, check, QStringLiteral("lg-code"), QStringLiteral("131017")} << 1
            << QStringLiteral("6");
        QTest::newRow("resident code length")
            << QStringList{ids, check, QStringLiteral("resident-code"), QStringLiteral("123")} << 1
            << QStringLiteral("11");
        QTest::newRow("unknown kind")
            << QStringList{ids, check, QStringLiteral("passport"), QStringLiteral("1")} << 2
            << QString();
        QTest::newRow("missing value")
            << QStringList{ids, check, QStringLiteral("mynumber")} << 2 << QString();
        QTest::newRow("unknown option")
            << QStringList{ids, check, QStringLiteral("--bogus")} << 2 << QString();
    }
    void idsCheck()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, says);
        // These commands need no database and ignore the operator variables.
        const Run r = cli(args, as(QStringLiteral("nobody"), QStringLiteral("nothing")));
        QCOMPARE(r.code, code);
        if (!says.isEmpty()) {
            QVERIFY2(r.out.contains(says), qPrintable(r.out + r.err));
        }
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("xdg-data"))));
    }

    void japaneseByDefaultEnglishOnRequest()
    {
        const QStringList args = {QStringLiteral("ids"), QStringLiteral("check"),
                                  QStringLiteral("mynumber"), QStringLiteral("12345")};
        const Run ja = cli(args);
        QVERIFY2(ja.out.contains(QStringLiteral("個人番号")), qPrintable(ja.out));
        const Run en = cli(QStringList{QStringLiteral("--lang"), QStringLiteral("en")} + args);
        QVERIFY2(en.out.contains(QStringLiteral("My Number")), qPrintable(en.out));
    }

    void demoSeedThenOperators()
    {
        const QString db = m_db;
        Run seed = cli({QStringLiteral("--db"), db, QStringLiteral("demo"), QStringLiteral("seed"),
                        QStringLiteral("--residents"), QStringLiteral("200"),
                        QStringLiteral("--seed"), QStringLiteral("3")});
        QVERIFY2(seed.code == 0, qPrintable(seed.out + seed.err));
        QVERIFY(seed.out.contains(QStringLiteral("200")));

        // Listing needs a signed-in operator.
        Run noOp =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("list")});
        QCOMPARE(noOp.code, 3);
        Run wrong =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("list")},
                as(QStringLiteral("demo"), QStringLiteral("nope")));
        QCOMPARE(wrong.code, 3);
        Run list =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("list")},
                as(QStringLiteral("demo"), QStringLiteral("demo")));
        QVERIFY2(list.code == 0, qPrintable(list.err));
        QVERIFY(list.out.startsWith(QStringLiteral("demo\t")));

        // demo creates a clerk; the clerk locks themselves out; a supervisor unlocks.
        auto env = as(QStringLiteral("demo"), QStringLiteral("demo"));
        env.insert(QStringLiteral("MADOGUCHI_NEW_PASSWORD"), QStringLiteral("counter-pass-1"));
        Run add =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("add"),
                 QStringLiteral("suzuki"), QStringLiteral("--role"), QStringLiteral("clerk"),
                 QStringLiteral("--name"), QStringLiteral("鈴木 一郎")},
                env);
        QVERIFY2(add.code == 0, qPrintable(add.err));
        Run badRole =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("add"),
                 QStringLiteral("sato"), QStringLiteral("--role"), QStringLiteral("king")},
                env);
        QCOMPARE(badRole.code, 2);
        for (int i = 0; i < 5; ++i) {
            cli({QStringLiteral("--db"), db, QStringLiteral("refdata"), QStringLiteral("status")},
                as(QStringLiteral("suzuki"), QStringLiteral("wrong")));
        }
        Run locked =
            cli({QStringLiteral("--db"), db, QStringLiteral("refdata"), QStringLiteral("status")},
                as(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")));
        QCOMPARE(locked.code, 3);
        Run listed = cli(
            {QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("list")}, env);
        QVERIFY(listed.out.contains(QStringLiteral("suzuki\t鈴木 一郎\tclerk\tlocked")));
        // demo holds the supervisor role and unlocks.
        Run unlock = cli({QStringLiteral("--db"), db, QStringLiteral("operator"),
                          QStringLiteral("unlock"), QStringLiteral("suzuki")},
                         env);
        QVERIFY2(unlock.code == 0, qPrintable(unlock.err));
        Run ok = cli({QStringLiteral("--db"), db, QStringLiteral("refdata"),
                      QStringLiteral("postal"), QStringLiteral("〒248-0005")},
                     as(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")));
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        QVERIFY(ok.out.contains(QStringLiteral("142042")));
        QVERIFY(ok.out.contains(QStringLiteral("神奈川県鎌倉市")));
        Run clerkUnlock = cli({QStringLiteral("--db"), db, QStringLiteral("operator"),
                               QStringLiteral("unlock"), QStringLiteral("demo")},
                              as(QStringLiteral("suzuki"), QStringLiteral("counter-pass-1")));
        QCOMPARE(clerkUnlock.code, 3);
    }

    void residentsCommands()
    {
        const QString db = m_dir.filePath(QStringLiteral("register.sqlite3"));
        QVERIFY(cli({QStringLiteral("--db"), db, QStringLiteral("demo"), QStringLiteral("seed"),
                     QStringLiteral("--residents"), QStringLiteral("50")})
                    .code == 0);
        const auto demo = as(QStringLiteral("demo"), QStringLiteral("demo"));
        auto run = [&](const QStringList& args) {
            return cli(QStringList{QStringLiteral("--db"), db} + args, demo);
        };

        // Import: a file with a bad row is refused whole, every bad row named with its line.
        const QString header = ResidentCsvHeader();
        QFile bad(m_dir.filePath(QStringLiteral("bad.csv")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(
            (header +
             QStringLiteral(
                 "\n"
                 ",H1,世帯主,髙橋,花子,タカハシ,ハナコ,1975-03-01,female,142042,248-0012,御成町,"
                 "1丁目2番3号\n"
                 ",H1,夫,髙橋,一郎,タカハシ,イチロウ,S47.7.7,男,142042,2480012,御成町,1丁目2番3号\n"
                 ",H2,世帯主,山田,太郎,やまだ,たろう,2月30日,male,142042,2480012,小町,1番\n"
                 ",H3,世帯主,鈴木,次郎,スズキ,ジロウ,1980-01-01,male,142042,24800,小町,1番\n"))
                .toUtf8());
        bad.close();
        Run refused = run({QStringLiteral("residents"), QStringLiteral("import"), bad.fileName()});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("4")) &&
                     refused.err.contains(QStringLiteral("5")),
                 qPrintable(refused.err));
        Run none = run({QStringLiteral("residents"), QStringLiteral("search"),
                        QStringLiteral("高橋花子"), QStringLiteral("--json")});
        QCOMPARE(none.code, 0);
        QVERIFY2(!none.out.contains(QStringLiteral("髙橋")), qPrintable(none.out));
        Run skipped = run({QStringLiteral("residents"), QStringLiteral("import"), bad.fileName(),
                           QStringLiteral("--skip-bad")});
        QCOMPARE(skipped.code, 0);
        QVERIFY(skipped.out.contains(QStringLiteral("2")));

        // Search as a script reads it: JSON, best first, the registered spelling.
        Run found =
            run({QStringLiteral("residents"), QStringLiteral("search"), QStringLiteral("高橋 花子"),
                 QStringLiteral("--json"), QStringLiteral("--limit"), QStringLiteral("5")});
        QCOMPARE(found.code, 0);
        const QJsonArray hits = QJsonDocument::fromJson(found.out.toUtf8()).array();
        QVERIFY2(!hits.isEmpty(), qPrintable(found.out));
        const QJsonObject best = hits.first().toObject();
        QCOMPARE(best.value(QStringLiteral("name")).toString(), QStringLiteral("髙橋　花子"));
        QCOMPARE(best.value(QStringLiteral("birth_date")).toString(), QStringLiteral("1975-03-01"));
        QCOMPARE(best.value(QStringLiteral("sex")).toString(), QStringLiteral("female"));
        QCOMPARE(best.value(QStringLiteral("status")).toString(), QStringLiteral("current"));
        QVERIFY(best.value(QStringLiteral("address"))
                    .toString()
                    .startsWith(QStringLiteral("神奈川県鎌倉市御成町")));
        QVERIFY(!best.value(QStringLiteral("household_id")).toString().isEmpty());
        QVERIFY(madoguchi::ids::check(madoguchi::ids::Kind::ResidentCode,
                                      best.value(QStringLiteral("resident_code")).toString())
                    .valid);
        Run empty = run({QStringLiteral("residents"), QStringLiteral("search"),
                         QStringLiteral("該当者なし"), QStringLiteral("--json")});
        QCOMPARE(empty.code, 0);
        QCOMPARE(empty.out.trimmed(), QStringLiteral("[]"));

        // Export: every resident, no My Number.
        const QString exported = m_dir.filePath(QStringLiteral("out.csv"));
        Run ex = run({QStringLiteral("residents"), QStringLiteral("export"), exported});
        QCOMPARE(ex.code, 0);
        QFile csv(exported);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(csv.readAll());
        QCOMPARE(content.count(u'\n'), 53); // header + 50 + 2 imported
        QVERIFY(content.contains(QStringLiteral("髙橋,花子")));
        QVERIFY(!content.contains(QStringLiteral("my_number")));

        // The audit chain is intact, and a changed row is found.
        Run ok = run({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(ok.code, 0);
        {
            auto handle = madoguchi::Database::open(db);
            QVERIFY(handle.ok());
            QVERIFY(
                handle->run(QStringLiteral("UPDATE audit_log SET operator = 'nobody' WHERE id = 3"))
                    .ok());
        }
        Run broken = run({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(broken.code, 1);
        QVERIFY2(broken.out.contains(QStringLiteral("3")), qPrintable(broken.out));
    }

    void certificateFromTheCommandLine()
    {
        const QString db = m_dir.filePath(QStringLiteral("cert.sqlite3"));
        QVERIFY(cli({QStringLiteral("--db"), db, QStringLiteral("demo"), QStringLiteral("seed"),
                     QStringLiteral("--residents"), QStringLiteral("20")})
                    .code == 0);
        const auto demo = as(QStringLiteral("demo"), QStringLiteral("demo"));
        auto run = [&](const QStringList& args) {
            return cli(QStringList{QStringLiteral("--db"), db} + args, demo);
        };
        QCOMPARE(
            run({QStringLiteral("settings"), QStringLiteral("mayor"), QStringLiteral("鎌倉 太郎")})
                .code,
            0);
        QVERIFY(run({QStringLiteral("settings"), QStringLiteral("seal"),
                     m_dir.filePath(QStringLiteral("none.png"))})
                    .code != 0);
        // Someone of the register: the first resident of the export, then found by code.
        const QString exported = m_dir.filePath(QStringLiteral("cert.csv"));
        QCOMPARE(run({QStringLiteral("residents"), QStringLiteral("export"), exported}).code, 0);
        QFile csv(exported);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        csv.readLine();
        const QString code = QString::fromUtf8(csv.readLine()).section(u',', 0, 0);
        Run found = run({QStringLiteral("residents"), QStringLiteral("search"), code,
                         QStringLiteral("--json")});
        const QJsonObject someone =
            QJsonDocument::fromJson(found.out.toUtf8()).array().first().toObject();
        QCOMPARE(someone.value(QStringLiteral("resident_code")).toString(), code);
        const QString pdf = m_dir.filePath(QStringLiteral("copy.pdf"));
        const QStringList base = {QStringLiteral("certificates"),
                                  QStringLiteral("issue"),
                                  code,
                                  QStringLiteral("--requester-name"),
                                  QStringLiteral("請求者"),
                                  QStringLiteral("--id-document"),
                                  QStringLiteral("運転免許証"),
                                  QStringLiteral("--purpose"),
                                  QStringLiteral("提出用"),
                                  QStringLiteral("--receipt"),
                                  QStringLiteral("R-1"),
                                  QStringLiteral("--out"),
                                  pdf};
        Run third =
            run(base + QStringList{QStringLiteral("--requester"), QStringLiteral("third_party")});
        QCOMPARE(third.code, 1); // no legitimate reason
        QVERIFY(!QFile::exists(pdf));
        Run issued = run(base + QStringList{QStringLiteral("--requester"), QStringLiteral("self"),
                                            QStringLiteral("--household"), QStringLiteral("--with"),
                                            QStringLiteral("relationship")});
        QVERIFY2(issued.code == 0, qPrintable(issued.err));
        QVERIFY(issued.out.contains(QStringLiteral("第")));
        auto pages = madoguchi::test::pdfPageTexts(pdf);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        const QString text = pages->join(u'\n');
        QVERIFY(text.contains(QStringLiteral("住民票の写し")));
        QVERIFY(text.contains(QStringLiteral("鎌倉 太郎")));
        const QString name = someone.value(QStringLiteral("name")).toString();
        QVERIFY2(text.contains(name.section(QChar(0x3000), 0, 0)),
                 qPrintable(name + QStringLiteral("\n") + text));
    }

    void firstAdminOnANewDatabase()
    {
        const QString db = m_dir.filePath(QStringLiteral("new.sqlite3"));
        Run add =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("add"),
                 QStringLiteral("admin"), QStringLiteral("--role"), QStringLiteral("admin")},
                {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), QStringLiteral("admin-pass-1")}});
        QVERIFY2(add.code == 0, qPrintable(add.err));
        // The second account needs the administrator.
        Run second =
            cli({QStringLiteral("--db"), db, QStringLiteral("operator"), QStringLiteral("add"),
                 QStringLiteral("x1"), QStringLiteral("--role"), QStringLiteral("admin")},
                {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), QStringLiteral("admin-pass-2")}});
        QCOMPARE(second.code, 3);
        Run set = cli({QStringLiteral("--db"), db, QStringLiteral("settings"),
                       QStringLiteral("municipality"), QStringLiteral("131016")},
                      as(QStringLiteral("admin"), QStringLiteral("admin-pass-1")));
        QVERIFY2(set.code == 0, qPrintable(set.err));
        Run show =
            cli({QStringLiteral("--db"), db, QStringLiteral("settings"), QStringLiteral("show")},
                as(QStringLiteral("admin"), QStringLiteral("admin-pass-1")));
        QVERIFY(show.out.contains(QStringLiteral("municipality\t131016\t東京都千代田区")));
        QVERIFY(show.out.contains(QStringLiteral("demo\t0")));
    }

    void badDatabaseIsAClearError()
    {
        Run r = cli({QStringLiteral("--db"), QStringLiteral("mysql://x/y"),
                     QStringLiteral("operator"), QStringLiteral("list")});
        QCOMPARE(r.code, 1);
        QVERIFY(!r.err.isEmpty());
        Run seed = cli({QStringLiteral("--db"), m_dir.filePath(QStringLiteral("s.sqlite3")),
                        QStringLiteral("demo"), QStringLiteral("seed"),
                        QStringLiteral("--residents"), QStringLiteral("many")});
        QCOMPARE(seed.code, 2);
    }

    void textCommands()
    {
        Run key = cli({QStringLiteral("text"), QStringLiteral("key"), QStringLiteral("saitou")});
        Run key2 = cli({QStringLiteral("text"), QStringLiteral("key"), QStringLiteral("ｻｲﾄｰ")});
        QCOMPARE(key.code, 0);
        QCOMPARE(key.out, key2.out);
        Run era = cli(
            {QStringLiteral("text"), QStringLiteral("wareki"), QStringLiteral("平成31年5月1日")});
        QCOMPARE(era.code, 1);
        QVERIFY2(era.out.contains(QStringLiteral("令和元年5月1日")), qPrintable(era.out));
    }

    void sigCommands()
    {
        // An administrator looks at why a request was refused: the base byte for byte, then
        // the verdict, for RFC 9421's own ed25519 example.
        const QString dir = QStringLiteral(MADOGUCHI_RFC9421_DIR);
        const QString msg = dir + QStringLiteral("/b26/message.http");
        Run r =
            cli({QStringLiteral("sig"), QStringLiteral("base"), QStringLiteral("--message"), msg});
        QCOMPARE(r.code, 0);
        QFile base(dir + QStringLiteral("/b26/base.txt"));
        QVERIFY(base.open(QIODevice::ReadOnly));
        QCOMPARE(r.out.toUtf8(), base.readAll() + '\n');
        const QString pub = dir + QStringLiteral("/keys/test-key-ed25519.public.pem");
        r = cli({QStringLiteral("sig"), QStringLiteral("verify"), QStringLiteral("--message"), msg,
                 QStringLiteral("--key"), pub});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // With a time window, the 2021 signature is refused as too old.
        r = cli({QStringLiteral("sig"), QStringLiteral("verify"), QStringLiteral("--message"), msg,
                 QStringLiteral("--key"), pub, QStringLiteral("--max-age"), QStringLiteral("300")});
        QCOMPARE(r.code, 1);
        // A signed request made here verifies with the matching public key.
        const QString signedPath = m_dir.filePath(QStringLiteral("signed.http"));
        r = cli({QStringLiteral("sig"), QStringLiteral("sign"), QStringLiteral("--message"),
                 dir + QStringLiteral("/messages/request.http"), QStringLiteral("--key"),
                 dir + QStringLiteral("/keys/test-key-ecc-p256.private.pem")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile out(signedPath);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(r.out.toUtf8());
        out.close();
        r = cli({QStringLiteral("sig"), QStringLiteral("verify"), QStringLiteral("--message"),
                 signedPath, QStringLiteral("--key"),
                 dir + QStringLiteral("/keys/test-key-ecc-p256.public.pem"),
                 QStringLiteral("--max-age"), QStringLiteral("300")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = cli({QStringLiteral("sig"), QStringLiteral("verify"), QStringLiteral("--message"),
                 signedPath, QStringLiteral("--key"), pub});
        QCOMPARE(r.code, 1);
    }
    void pkiVerify()
    {
        // A JPKI hierarchy valid now (the CLI and openssl read the system clock), a valid and a
        // revoked certificate of the signing CA, and the signing CA's current CRL, as files.
        using namespace madoguchi::test;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const TestCa root = makeTestCa(QStringLiteral("JPKI ルートCA"), nullptr, now.addYears(-1),
                                       now.addYears(10), 1);
        const TestCa sign = makeTestCa(QStringLiteral("JPKI 署名用CA"), &root, now.addYears(-1),
                                       now.addYears(9), 2);
        const TestCa auth = makeTestCa(QStringLiteral("JPKI 利用者証明用CA"), &root,
                                       now.addYears(-1), now.addYears(9), 3);
        const QByteArray leaf =
            makeTestLeaf(QStringLiteral("髙橋 花子"), sign, now.addDays(-30), now.addDays(365), 11);
        const QByteArray revokedLeaf =
            makeTestLeaf(QStringLiteral("山田 太郎"), sign, now.addDays(-30), now.addDays(365), 12);
        const QDateTime revokedAt(now.addDays(-2).date(), QTime(12, 0), Qt::UTC);
        const QByteArray crl =
            makeTestCrl(sign, now.addSecs(-3600), now.addDays(7), {{12, revokedAt, 1}});
        const QDir dir(m_dir.filePath(QStringLiteral("pki")));
        QVERIFY(dir.mkpath(QStringLiteral(".")));
        const auto write = [&dir](const QString& name, const QByteArray& data) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size()) {
                qFatal("cannot write %s", qPrintable(name));
            }
            return f.fileName();
        };
        const QString bundlePem =
            write(QStringLiteral("bundle.pem"), root.certPem + sign.certPem + auth.certPem);
        const QString rootPem = write(QStringLiteral("root.pem"), root.certPem);
        const QString signPem = write(QStringLiteral("signca.pem"), sign.certPem);
        const QString signCrl = write(QStringLiteral("sign.crl"), crl);
        const QString leafPem = write(QStringLiteral("leaf.pem"), leaf);
        const QString revokedPem = write(QStringLiteral("revoked.pem"), revokedLeaf);
        const QString pki = QStringLiteral("pki"), verify = QStringLiteral("verify");
        const QString ca = QStringLiteral("--ca"), crlOpt = QStringLiteral("--crl");
        const QString en = QStringLiteral("--lang=en");

        // Files only: no database, no operator (the variables are ignored), no data folder.
        const QString dataHome = m_dir.filePath(QStringLiteral("pki-data"));
        QMap<QString, QString> env = as(QStringLiteral("nobody"), QStringLiteral("nothing"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome);
        Run r = cli({en, pki, verify, leafPem, ca, bundlePem, crlOpt, signCrl}, env);
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("CN=髙橋 花子")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("JPKI 署名用CA")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("serial: 0B")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\nvalid")), qPrintable(r.out));
        QVERIFY(!QFile::exists(dataHome));
        r = cli({pki, verify, leafPem, ca, bundlePem, crlOpt, signCrl});
        QVERIFY2(r.code == 0 && r.out.contains(QStringLiteral("有効")), qPrintable(r.out));

        r = cli({en, pki, verify, revokedPem, ca, bundlePem, crlOpt, signCrl});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("revoked on %1 UTC (keyCompromise)")
                                    .arg(revokedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")))),
                 qPrintable(r.out));
        r = cli({pki, verify, revokedPem, ca, bundlePem, crlOpt, signCrl});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("keyCompromise")), qPrintable(r.out));

        // Without the CRL of the certificate's issuer there is no verdict of validity.
        const QString authCrl = write(QStringLiteral("auth.crl"),
                                      makeTestCrl(auth, now.addSecs(-3600), now.addDays(7), {}));
        r = cli({en, pki, verify, leafPem, ca, bundlePem, crlOpt, authCrl});
        QCOMPARE(r.code, 1);
        r = cli({en, pki, verify, leafPem, ca, bundlePem, crlOpt, authCrl, crlOpt, signCrl});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        // A chain to another root.
        r = cli({en, pki, verify, leafPem, ca,
                 write(QStringLiteral("other.pem"), makeTestCa(QStringLiteral("other"), nullptr,
                                                               now.addYears(-1), now.addYears(1), 9)
                                                        .certPem),
                 crlOpt, signCrl});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QStringLiteral("not trusted")), qPrintable(r.out));

        // Usage errors.
        for (const QStringList& args :
             {QStringList{pki, verify}, QStringList{pki, verify, leafPem, ca, bundlePem},
              QStringList{pki, verify, leafPem, crlOpt, signCrl},
              QStringList{pki, verify, leafPem, ca, bundlePem, crlOpt, signCrl,
                          QStringLiteral("--central"), QStringLiteral("http://127.0.0.1:1")},
              QStringList{pki, QStringLiteral("check"), leafPem}}) {
            r = cli(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(u' ') + u'\n' + r.err));
        }
        // A missing file is a refusal, not a usage error.
        r = cli({pki, verify, dir.filePath(QStringLiteral("none.pem")), ca, bundlePem, crlOpt,
                 signCrl});
        QCOMPARE(r.code, 1);

        // The installation's own source: a database not enrolled with central says so.
        r = cli({en, QStringLiteral("--db"), m_dir.filePath(QStringLiteral("pki.sqlite3")), pki,
                 verify, leafPem});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("not enrolled")), qPrintable(r.err));

        // OpenSSL's own tool agrees.
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY2(!openssl.isEmpty(), "openssl is missing: run scripts/install-deps.sh");
        const auto opensslVerify = [&](const QString& cert) {
            return madoguchi::test::runProcess(
                openssl,
                {verify, QStringLiteral("-crl_check"), QStringLiteral("-CAfile"), rootPem,
                 QStringLiteral("-untrusted"), signPem, QStringLiteral("-CRLfile"), signCrl, cert});
        };
        Run o = opensslVerify(leafPem);
        QVERIFY2(o.code == 0, qPrintable(o.out + o.err));
        o = opensslVerify(revokedPem);
        QVERIFY2(o.code != 0, qPrintable(o.out + o.err));
        QVERIFY2((o.out + o.err).contains(QStringLiteral("revoked")), qPrintable(o.out + o.err));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
