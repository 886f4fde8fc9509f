// The key that protects My Numbers: outside the database, created once, refusing to guess.
#include "TestSupport.h"
#include "crypto/KeyStore.h"
#include "crypto/OpenSsl.h"
#include "storage/Migrations.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <openssl/err.h>

using namespace madoguchi;

class TestKeyStore : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    Database fresh()
    {
        auto db = test::freshDatabase(QStringLiteral("sqlite"), m_dir);
        if (!db || !Migrator::migrate(*db).ok()) {
            qFatal("no database");
        }
        return *db;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }

    void sealAndUnseal()
    {
        Database db = fresh();
        auto ks = KeyStore::open(db);
        QVERIFY2(ks.ok(), qPrintable(ks.errorMessage()));
        QVERIFY(!ks->keyPath().startsWith(QFileInfo(db.spec().path).absolutePath() +
                                          QStringLiteral("/test-")));
        QVERIFY(QFileInfo(ks->keyPath()).size() == 32);
        QVERIFY((QFileInfo(ks->keyPath()).permissions() & (QFile::ReadGroup | QFile::ReadOther)) ==
                0);
        auto sealed = ks->seal(QStringLiteral("123456789018"), QStringLiteral("12345678903"));
        QVERIFY(sealed.ok());
        QVERIFY(!sealed->contains(QStringLiteral("123456789018")));
        QCOMPARE(*ks->unseal(*sealed, QStringLiteral("12345678903")),
                 QStringLiteral("123456789018"));
        // Two seals of one value differ (random nonce), and the context is bound.
        QVERIFY(*ks->seal(QStringLiteral("123456789018"), QStringLiteral("12345678903")) !=
                *sealed);
        QCOMPARE(ks->unseal(*sealed, QStringLiteral("99999999999")).error().code,
                 QStringLiteral("key.auth_failed"));
        QByteArray raw = QByteArray::fromBase64(sealed->toLatin1());
        raw[14] = char(raw[14] ^ 0x01);
        QCOMPARE(ks->unseal(QString::fromLatin1(raw.toBase64()), QStringLiteral("12345678903"))
                     .error()
                     .code,
                 QStringLiteral("key.auth_failed"));
        QCOMPARE(ks->unseal(QStringLiteral("AAAA"), QStringLiteral("x")).error().code,
                 QStringLiteral("key.damaged_value"));
        // The lookup hash is stable for one key and differs between values.
        QCOMPARE(ks->lookupHash(QStringLiteral("123456789018")),
                 ks->lookupHash(QStringLiteral("123456789018")));
        QVERIFY(ks->lookupHash(QStringLiteral("123456789018")) !=
                ks->lookupHash(QStringLiteral("123456789026")));
        // Opening again finds the same key.
        auto again = KeyStore::open(db);
        QCOMPARE(again->installationId(), ks->installationId());
        QCOMPARE(*again->unseal(*sealed, QStringLiteral("12345678903")),
                 QStringLiteral("123456789018"));
    }

    void missingKeyWithSealedDataIsRefused()
    {
        Database db = fresh();
        auto ks = KeyStore::open(db);
        QVERIFY(ks.ok());
        QVERIFY(db.run(QStringLiteral(
                           "INSERT INTO households (household_no, created_at) VALUES ('1', 'x')"))
                    .ok());
        QVERIFY(
            db.run(QStringLiteral(
                       "INSERT INTO residents (resident_code, household_id, relationship, "
                       "family_name, "
                       "given_name, family_kana, given_kana, birth_date, sex, lg_code, "
                       "postal_code, town, "
                       "banchi, became_resident_on, kana_key, address_key, created_at, updated_at, "
                       "my_number_enc) VALUES ('12345678903', 1, '世帯主', '山田', '一', 'ヤマダ', "
                       "'ハジメ', "
                       "'1980-01-01', 'male', '142042', '2480000', '御成町', '1', '2000-01-01', "
                       "'x', 'x', "
                       "'x', 'x', ?)"),
                   {*ks->seal(QStringLiteral("123456789018"), QStringLiteral("12345678903"))})
                .ok());
        QVERIFY(QFile::remove(ks->keyPath()));
        auto missing = KeyStore::open(db);
        QCOMPARE(missing.error().code, QStringLiteral("key.missing"));
        QVERIFY(missing.errorMessage().contains(ks->keyPath()));
        QVERIFY(!QFile::exists(ks->keyPath())); // no new key is guessed into place
        QFile damaged(ks->keyPath());
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("short");
        damaged.close();
        QCOMPARE(KeyStore::open(db).error().code, QStringLiteral("key.damaged"));
    }

    void eachDatabaseHasItsOwnKey()
    {
        auto a = KeyStore::open(fresh());
        auto b = KeyStore::open(fresh());
        QVERIFY(a->installationId() != b->installationId());
        QVERIFY(a->lookupHash(QStringLiteral("123456789018")) !=
                b->lookupHash(QStringLiteral("123456789018")));
    }

    void openSslErrorsAreNeverSilent()
    {
        ERR_clear_error();
        QVERIFY(ossl::errorString(QStringLiteral("x")).contains(QStringLiteral("no detail")));
        ERR_put_error(ERR_LIB_EVP, 0, ERR_R_MALLOC_FAILURE, __FILE__, __LINE__);
        const QString msg = ossl::errorString(QStringLiteral("AES"));
        QVERIFY(msg.startsWith(QStringLiteral("AES: ")));
        QVERIFY(!msg.contains(QStringLiteral("no detail")));
        QVERIFY(ossl::errorString(QStringLiteral("x"))
                    .contains(QStringLiteral("no detail"))); // drained
    }
};

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
