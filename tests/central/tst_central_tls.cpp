// Central serving TLS itself, as a real process on loopback: a private CA and a server
// certificate (subjectAltName 127.0.0.1 and localhost) made here with core/pki. The CLI enrolls
// over https with --tls-ca and then signs requests and syncs; a client without that CA, or one
// that reaches central by a name its certificate does not carry, is refused with
// sync.tls_untrusted; plain HTTP on the TLS port gets no answer and central keeps serving; the
// command line refuses a non-loopback address without TLS, half a TLS configuration and a key
// that is not the certificate's.
#include "TestSupport.h"
#include "pki/Pki.h"
#include "sync/CentralClient.h"

#include <QFile>
#include <QProcess>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::sync;

class TestCentralTls : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_central;
    QUrl m_url;
    QString m_db;
    QString m_caFile;
    QString m_certFile;
    QString m_keyFile;
    QByteArray m_caKey;
    QByteArray m_caCert;
    QByteArray m_log; // central's stderr

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static bool write(const QString& file, const QByteArray& bytes)
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
    }

    QString code(const QString& terminal)
    {
        const test::ProcessRun r = test::runProcess(
            QStringLiteral(MADOGUCHI_CENTRAL),
            {QStringLiteral("--db"), m_db, QStringLiteral("admin"), QStringLiteral("enroll-code"),
             QStringLiteral("--terminal"), terminal});
        return r.out.trimmed();
    }

    // madoguchi-cli on a workstation database with its own key directory, as its administrator.
    test::ProcessRun cli(const QString& workstation, const QStringList& args,
                         QMap<QString, QString> env = {})
    {
        env.insert(QStringLiteral("MADOGUCHI_KEY_DIR"),
                   path(workstation + QStringLiteral("-keys")));
        env.insert(QStringLiteral("MADOGUCHI_LANG"), QStringLiteral("en"));
        if (!env.contains(QStringLiteral("MADOGUCHI_NEW_PASSWORD"))) {
            env.insert(QStringLiteral("MADOGUCHI_OPERATOR"), QStringLiteral("admin"));
            env.insert(QStringLiteral("MADOGUCHI_PASSWORD"), QStringLiteral("test-pass-1"));
        }
        return test::runProcess(
            QStringLiteral(MADOGUCHI_CLI),
            QStringList{QStringLiteral("--db"), path(workstation + QStringLiteral(".sqlite3"))} +
                args,
            env);
    }

    bool newWorkstation(const QString& workstation)
    {
        const test::ProcessRun r =
            cli(workstation,
                {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("admin"),
                 QStringLiteral("--role"), QStringLiteral("admin")},
                {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), QStringLiteral("test-pass-1")}});
        if (r.code != 0) {
            qWarning("operator add: %s%s", qPrintable(r.out), qPrintable(r.err));
        }
        return r.code == 0;
    }

    // A server key and a certificate from the test CA for these names, written to files.
    bool serverCertificate(const QString& name, const QStringList& dns, const QStringList& ips,
                           QString* certFile, QString* keyFile)
    {
        static qint64 serial = 100;
        auto key = pki::generateEcKey();
        if (!key) {
            return false;
        }
        auto cert =
            pki::issueServerCertificate(m_caKey, m_caCert, *key, name, dns, ips, ++serial, 30);
        if (!cert) {
            qWarning("server certificate: %s", qPrintable(cert.errorMessage()));
            return false;
        }
        *certFile = path(name + QStringLiteral(".crt"));
        *keyFile = path(name + QStringLiteral(".key"));
        return write(*certFile, *cert) && write(*keyFile, *key);
    }

    // Starts central; its URL from the startup line ("" when it did not start).
    static QUrl start(QProcess& central, const QStringList& args)
    {
        central.setProcessChannelMode(QProcess::SeparateChannels);
        central.start(QStringLiteral(MADOGUCHI_CENTRAL), args);
        if (!central.waitForStarted() || !central.waitForReadyRead(30000)) {
            return {};
        }
        const QString line = QString::fromLatin1(central.readLine()).trimmed();
        if (!line.startsWith(QStringLiteral("listening on https://"))) {
            qWarning("central: %s", qPrintable(line));
            return {};
        }
        return QUrl(line.section(u' ', 2, 2));
    }

    // GET /v1/health over TLS trusting the test CA.
    Result<sig::HttpMessage> health(const QUrl& url, bool trustCa = true)
    {
        CentralClient client(url, 5000);
        if (trustCa) {
            if (Status st = client.setTlsCa(m_caCert); !st) {
                return st.error();
            }
        }
        return client.exchange("GET", QStringLiteral("/v1/health"), {}, {});
    }

    bool centralRunning() { return m_central.state() == QProcess::Running; }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(QSslSocket::supportsSsl());
        m_db = path(QStringLiteral("central.sqlite3"));
        auto caKey = pki::generateEcKey();
        QVERIFY(caKey.ok());
        m_caKey = *caKey;
        auto caCert = pki::makeCaCertificate(m_caKey, QStringLiteral("Test TLS CA"), 30);
        QVERIFY2(caCert.ok(), qPrintable(caCert.errorMessage()));
        m_caCert = *caCert;
        m_caFile = path(QStringLiteral("ca.crt"));
        QVERIFY(write(m_caFile, m_caCert));
        QVERIFY(serverCertificate(QStringLiteral("central"), {QStringLiteral("localhost")},
                                  {QStringLiteral("127.0.0.1")}, &m_certFile, &m_keyFile));

        connect(&m_central, &QProcess::readyReadStandardError, this,
                [this] { m_log += m_central.readAllStandardError(); });
        m_url = start(m_central, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                  QStringLiteral("--db"), m_db, QStringLiteral("--tls-cert"),
                                  m_certFile, QStringLiteral("--tls-key"), m_keyFile});
        QVERIFY(m_url.isValid() && m_url.port() > 0);
        QCOMPARE(m_url.scheme(), QStringLiteral("https"));
    }

    void cleanupTestCase()
    {
        if (m_central.state() != QProcess::NotRunning) {
            m_central.terminate();
            m_central.waitForFinished(5000);
        }
    }

    void cliEnrollsAndSyncsOverTls()
    {
        QVERIFY(newWorkstation(QStringLiteral("counter")));
        test::ProcessRun r =
            cli(QStringLiteral("counter"),
                {QStringLiteral("enroll"), QStringLiteral("--central"), m_url.toString(),
                 QStringLiteral("--code"), code(QStringLiteral("counter-tls")),
                 QStringLiteral("--name"), QStringLiteral("counter-tls"),
                 QStringLiteral("--tls-ca"), m_caFile});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        // Later requests trust the CA stored with the enrollment.
        r = cli(QStringLiteral("counter"), {QStringLiteral("central"), QStringLiteral("whoami")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("counter-tls")), qPrintable(r.out));
        r = cli(QStringLiteral("counter"), {QStringLiteral("sync"), QStringLiteral("--once")});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(test::waitFor([&] { return m_log.contains("\"path\":\"/v1/sync/pull"); }, 5000),
                 m_log.constData());

        // The CA is kept with the enrollment.
        qputenv("MADOGUCHI_KEY_DIR", path(QStringLiteral("counter-keys")).toLocal8Bit());
        auto db = Database::open(path(QStringLiteral("counter.sqlite3")));
        QVERIFY(db.ok());
        auto e = loadEnrollment(*db);
        QVERIFY2(e.ok(), qPrintable(e.errorMessage()));
        QCOMPARE(e->tlsCaPem, m_caCert);
        QCOMPARE(e->central, m_url);
    }

    void clientWithoutTheCaIsRefused()
    {
        // A workstation enrolling without --tls-ca: central's certificate is from no CA it knows.
        QVERIFY(newWorkstation(QStringLiteral("stranger")));
        const test::ProcessRun r =
            cli(QStringLiteral("stranger"),
                {QStringLiteral("enroll"), QStringLiteral("--central"), m_url.toString(),
                 QStringLiteral("--code"), code(QStringLiteral("stranger"))});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("central's TLS certificate is not trusted")),
                 qPrintable(r.err));
        // Not enrolled.
        auto db = Database::open(path(QStringLiteral("stranger.sqlite3")));
        QVERIFY(db.ok());
        QCOMPARE(loadEnrollment(*db).error().code, QStringLiteral("sync.not_enrolled"));

        auto untrusted = health(m_url, false);
        QVERIFY(!untrusted.ok());
        QCOMPARE(untrusted.error().code, QStringLiteral("sync.tls_untrusted"));

        // A CA file that holds no certificate is refused before anything is sent.
        const QString notCa = path(QStringLiteral("not-a-ca.pem"));
        QVERIFY(write(notCa, "hello\n"));
        const test::ProcessRun bad =
            cli(QStringLiteral("stranger"),
                {QStringLiteral("enroll"), QStringLiteral("--central"), m_url.toString(),
                 QStringLiteral("--code"), QStringLiteral("whatever"), QStringLiteral("--tls-ca"),
                 notCa});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains(QStringLiteral("not a PEM certificate")), qPrintable(bad.err));

        // Central is still serving, and tells a trusting client.
        QVERIFY(centralRunning());
        auto ok = health(m_url);
        QVERIFY2(ok.ok(), qPrintable(ok.errorMessage()));
        QCOMPARE(ok->status, 200);
    }

    void hostNameIsChecked()
    {
        // A certificate from the trusted CA, but for another name than the one in the URL.
        QString cert, key;
        QVERIFY(serverCertificate(QStringLiteral("elsewhere"), {QStringLiteral("other.example")},
                                  {}, &cert, &key));
        QProcess other;
        const QUrl url =
            start(other, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--db"), path(QStringLiteral("other.sqlite3")),
                          QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key});
        QVERIFY(url.isValid());
        auto r = health(url);
        other.terminate();
        other.waitForFinished(5000);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("sync.tls_untrusted"));
        QVERIFY2(r.errorMessage().contains(QStringLiteral("host name"), Qt::CaseInsensitive),
                 qPrintable(r.errorMessage()));
    }

    void plainHttpOnTheTlsPortGetsNoAnswer()
    {
        // A client that connects and says nothing does not hold the door shut.
        QTcpSocket mute;
        mute.connectToHost(m_url.host(), quint16(m_url.port()));
        QVERIFY(mute.waitForConnected(5000));

        QTcpSocket plain;
        plain.connectToHost(m_url.host(), quint16(m_url.port()));
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY(plain.waitForBytesWritten(5000));
        QByteArray in;
        QVERIFY(test::waitFor(
            [&] {
                in += plain.readAll();
                return plain.state() == QAbstractSocket::UnconnectedState;
            },
            10000));
        in += plain.readAll();
        QVERIFY2(!in.contains("HTTP/"), in.constData());

        // Garbage after a TLS record header: the handshake fails, is logged, the connection
        // dropped.
        const qsizetype before = m_log.count("connection_failed");
        QTcpSocket garbage;
        garbage.connectToHost(m_url.host(), quint16(m_url.port()));
        QVERIFY(garbage.waitForConnected(5000));
        garbage.write(QByteArray("\x16\x03\x01\x00\x10", 5) + QByteArray(16, 'x'));
        QVERIFY(garbage.waitForBytesWritten(5000));
        QVERIFY(test::waitFor(
            [&] {
                garbage.readAll();
                return garbage.state() == QAbstractSocket::UnconnectedState;
            },
            10000));
        QVERIFY(test::waitFor([&] { return m_log.count("connection_failed") > before; }, 5000));

        // The next proper TLS request is answered, with the mute client still connected.
        QVERIFY(centralRunning());
        QCOMPARE(mute.state(), QAbstractSocket::ConnectedState);
        auto ok = health(m_url);
        QVERIFY2(ok.ok(), qPrintable(ok.errorMessage()));
        QCOMPARE(ok->status, 200);
        QVERIFY(health(QUrl(QStringLiteral("https://localhost:%1").arg(m_url.port()))).ok());
    }

    void commandLineRefusals()
    {
        const QString db = path(QStringLiteral("refused.sqlite3"));
        auto central = [&](const QStringList& args) {
            return test::runProcess(QStringLiteral(MADOGUCHI_CENTRAL),
                                    QStringList{QStringLiteral("--db"), db} + args, {}, {}, 30000);
        };
        // Plain HTTP elsewhere than on loopback.
        test::ProcessRun r = central({QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("loopback")), qPrintable(r.err));
        // Half a TLS configuration.
        r = central({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-cert"), m_certFile});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--tls-key")), qPrintable(r.err));
        r = central({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-key"), m_keyFile});
        QCOMPARE(r.code, 2);
        // A key that is not the certificate's.
        const QString otherKey = path(QStringLiteral("other.key"));
        QVERIFY(write(otherKey, *pki::generateEcKey()));
        r = central({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-cert"), m_certFile, QStringLiteral("--tls-key"),
                     otherKey});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("does not belong")), qPrintable(r.err));
        // Files that cannot be read or hold no PEM.
        r = central({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-cert"), path(QStringLiteral("missing.crt")),
                     QStringLiteral("--tls-key"), m_keyFile});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot read")), qPrintable(r.err));
        r = central({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-cert"), m_keyFile, QStringLiteral("--tls-key"),
                     m_keyFile});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no PEM certificate")), qPrintable(r.err));
        r = central({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--tls-cert"), m_certFile, QStringLiteral("--tls-key"),
                     m_certFile});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("private key")), qPrintable(r.err));
        QVERIFY(centralRunning());
    }
};

QTEST_GUILESS_MAIN(TestCentralTls)
#include "tst_central_tls.moc"
