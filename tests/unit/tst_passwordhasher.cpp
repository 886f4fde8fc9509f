#include "TestSupport.h"
#include "auth/PasswordHasher.h"

#include <QTest>

using namespace madoguchi;

class TestPasswordHasher : public QObject
{
    Q_OBJECT
    const PasswordHasher::Params fast{10, 8, 1};
private slots:
    void initTestCase() { test::initTestEnvironment(); }

    void roundTrip()
    {
        auto h = PasswordHasher::hash(QStringLiteral("correct horse 馬"), fast);
        QVERIFY(h.ok());
        QVERIFY(h->startsWith(QStringLiteral("scrypt$10$8$1$")));
        QVERIFY(PasswordHasher::verify(QStringLiteral("correct horse 馬"), *h));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horse 鹿"), *h));
        QVERIFY(!PasswordHasher::verify(QString(), *h));
    }

    void saltIsPerHash()
    {
        auto a = PasswordHasher::hash(QStringLiteral("same password"), fast);
        auto b = PasswordHasher::hash(QStringLiteral("same password"), fast);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(*a != *b);
    }

    void defaultParametersAreStrong()
    {
        PasswordHasher::Params p;
        QVERIFY(p.log2N >= 15);
        auto h = PasswordHasher::hash(QStringLiteral("password123"));
        QVERIFY(h.ok());
        QVERIFY(h->startsWith(QStringLiteral("scrypt$15$")));
        QVERIFY(!PasswordHasher::needsRehash(*h));
        auto weak = PasswordHasher::hash(QStringLiteral("password123"), fast);
        QVERIFY(PasswordHasher::needsRehash(*weak));
    }

    void malformedStoredHashNeverVerifies()
    {
        QVERIFY(!PasswordHasher::verify(QStringLiteral("x"), QString()));
        QVERIFY(
            !PasswordHasher::verify(QStringLiteral("x"), QStringLiteral("plain-text-password")));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("x"),
                                        QStringLiteral("scrypt$99$8$1$AAAAAAAAAAA=$AAAA")));
        auto h = PasswordHasher::hash(QStringLiteral("x"), fast);
        QString truncated = *h;
        truncated.chop(8);
        QVERIFY(!PasswordHasher::verify(QStringLiteral("x"), truncated));
    }

    void policy()
    {
        QVERIFY(
            !PasswordHasher::checkPolicy(QStringLiteral("short"), QStringLiteral("tanaka")).ok());
        QVERIFY(!PasswordHasher::checkPolicy(QStringLiteral("aaaaaaaaaa"), QStringLiteral("tanaka"))
                     .ok());
        QVERIFY(!PasswordHasher::checkPolicy(QStringLiteral("tanaka.k"), QStringLiteral("tanaka.k"))
                     .ok());
        QVERIFY(PasswordHasher::checkPolicy(QStringLiteral("窓口で使う合言葉です"),
                                            QStringLiteral("tanaka"))
                    .ok());
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
