// The JPKI certificate authority at scale, against a real madoguchi-central process and in
// process (PkiService on the same database):
//   1. issuance: certificates per second through pki::jpki::issue (CSR checked, certificate
//      signed; CSRs made beforehand), through PkiService's issue route in process (index check,
//      database writes), and end to end (a signed POST /v1/pki/issue to central);
//   2. a CRL with N revoked entries (1,000,000 by default): the rows written in one
//      transaction, PkiService::crl regenerating it (the SELECT and makeCrl) and serving the
//      stored copy, its DER size, GET /v1/pki/crl from central, and `openssl crl` parsing it;
//   3. OCSP at that size: answers per second about random serials (half revoked, half never
//      issued) in process (ocspRespond alone, and PkiService's route with its lookup) and over
//      HTTP from central (one connection per request, and keep-alive), and the `openssl ocsp`
//      command line as the client against an offline baseline of the same command.
//
//   bench_pki --central PATH/madoguchi-central [--revoked 1000000] [--issue 2000]
//             [--issue-e2e 500] [--ocsp 5000] [--ocsp-http 2000] [--openssl-runs 100]
//             [--central-db postgresql://…]   (default: a SQLite file in a temporary folder;
//                                              a PostgreSQL database must be empty)
#include "PkiService.h"
#include "common/Clock.h"
#include "pki/Jpki.h"
#include "pki/Pki.h"
#include "storage/BatchInsert.h"
#include "storage/Transaction.h"
#include "sync/CentralClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimeZone>

#include <openssl/bn.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::pki::jpki;
using madoguchi::central::HttpRequest;
using madoguchi::central::HttpResponse;

namespace {

using Serial = std::array<quint8, 16>;

double since(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

void progress(const char* what)
{
    std::fprintf(stderr, "[bench_pki] %s\n", what);
    std::fflush(stderr);
}

QString hexOf(const Serial& s)
{
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(s.data()), 16).toHex())
        .toUpper();
}

// Like central's serials: 128 random bits, positive, the first byte 01..7F.
Serial randomSerial(std::mt19937_64& rng)
{
    Serial s;
    for (int i = 0; i < 16; i += 8) {
        const quint64 v = rng();
        for (int b = 0; b < 8; ++b) {
            s[size_t(i + b)] = quint8(v >> (8 * b));
        }
    }
    s[0] = quint8((s[0] & 0x7f) | 0x01);
    return s;
}

struct Run
{
    int code = -1;
    QByteArray out; // standard output
    QByteArray all; // and standard error
    double seconds = 0;
};

Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env = {})
{
    QProcess p;
    if (!env.isEmpty()) {
        p.setProcessEnvironment(env);
    }

    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(600000);
    Run r;
    r.seconds = since(t);
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.all = r.out + p.readAllStandardError();
    return r;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// A DER OCSP request for one serial of the CA, as `openssl ocsp` builds it: a SHA-1 CertID and
// a nonce.
QByteArray ocspRequest(X509* issuer, const Serial& serial)
{
    ASN1_INTEGER* n = ASN1_INTEGER_new();
    BIGNUM* bn = BN_bin2bn(serial.data(), 16, nullptr);
    BN_to_ASN1_INTEGER(bn, n);
    BN_free(bn);
    OCSP_CERTID* id = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(issuer),
                                       X509_get0_pubkey_bitstr(issuer), n);
    ASN1_INTEGER_free(n);
    OCSP_REQUEST* req = OCSP_REQUEST_new();
    OCSP_request_add0_id(req, id);
    OCSP_request_add1_nonce(req, nullptr, -1);
    unsigned char* der = nullptr;
    const int len = i2d_OCSP_REQUEST(req, &der);
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    OCSP_REQUEST_free(req);
    return out;
}

// The status in a DER OCSP answer: V_OCSP_CERTSTATUS_*, or -1 when it is not a successful one.
int ocspStatus(const QByteArray& der)
{
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.constData());
    OCSP_RESPONSE* r = d2i_OCSP_RESPONSE(nullptr, &p, long(der.size()));
    int status = -1;
    if (r && OCSP_response_status(r) == OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        if (OCSP_BASICRESP* b = OCSP_response_get1_basic(r)) {
            if (OCSP_SINGLERESP* s = OCSP_resp_get0(b, 0)) {
                status = OCSP_single_get0_status(s, nullptr, nullptr, nullptr, nullptr);
            }
            OCSP_BASICRESP_free(b);
        }
    }
    OCSP_RESPONSE_free(r);
    return status;
}

// One HTTP/1.1 connection reused for every request (central keeps connections alive).
class KeepAlive
{
public:
    KeepAlive(const QString& host, quint16 port) : m_host(host.toLatin1())
    {
        m_socket.connectToHost(host, port);
        m_socket.waitForConnected(5000);
        m_host += ':' + QByteArray::number(port);
    }
    // The body of the answer; empty on failure.
    QByteArray post(const QByteArray& path, const QByteArray& type, const QByteArray& body)
    {
        m_socket.write(
            "POST " + path + " HTTP/1.1\r\nHost: " + m_host + "\r\nContent-Type: " + type +
            "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        qsizetype headEnd = -1;
        qint64 length = -1;
        while (true) {
            if (headEnd < 0) {
                headEnd = m_buffer.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    const QByteArray head = m_buffer.left(headEnd).toLower();
                    const qsizetype at = head.indexOf("content-length:");
                    if (at < 0) {
                        return {};
                    }
                    const qsizetype eol = head.indexOf("\r\n", at);
                    length = head.mid(at + 15, eol < 0 ? -1 : eol - at - 15).trimmed().toLongLong();
                }
            }
            if (headEnd >= 0 && m_buffer.size() >= headEnd + 4 + length) {
                QByteArray out = m_buffer.mid(headEnd + 4, length);
                m_buffer.remove(0, headEnd + 4 + length);
                return out;
            }
            if (!m_socket.waitForReadyRead(15000)) {
                return {};
            }
            m_buffer += m_socket.readAll();
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_host;
    QByteArray m_buffer;
};

const char* engineName(const Database& db)
{
    return db.isSQLite() ? "SQLite" : "PostgreSQL";
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QStringList args = app.arguments();
    auto arg = [&](const QString& name, const QString& fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    auto number = [&](const char* name, int fallback) {
        return arg(QString::fromLatin1(name), QString::number(fallback)).toInt();
    };
    const QString centralBin = arg(QStringLiteral("--central"), QString());
    const int revokedCount = number("--revoked", 1000000);
    const int issueCount = number("--issue", 2000);
    const int e2eCount = number("--issue-e2e", 500);
    const int ocspCount = number("--ocsp", 5000);
    const int ocspHttpCount = number("--ocsp-http", 2000);
    const int opensslRuns = number("--openssl-runs", 100);
    if (centralBin.isEmpty()) {
        std::fprintf(stderr, "use: bench_pki --central PATH/madoguchi-central [--revoked N] "
                             "[--central-db postgresql://…]\n");
        return 2;
    }
    QTemporaryDir dir;
    qputenv("MADOGUCHI_KEY_DIR", dir.filePath(QStringLiteral("keys")).toLocal8Bit());
    const QString centralDb =
        arg(QStringLiteral("--central-db"), dir.filePath(QStringLiteral("central.sqlite3")));
    const QString pkiDir = dir.filePath(QStringLiteral("pki"));
    const QStringList dbArgs{QStringLiteral("--db"), centralDb, QStringLiteral("--pki-dir"),
                             pkiDir};

    // Central's database, its CA hierarchy and a card issuer (the first admin command makes
    // them), then central itself and an enrolled terminal.
    progress("central: operator, enrollment");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MADOGUCHI_NEW_PASSWORD"), QStringLiteral("bench-issuer-pass"));
    Run added = run(centralBin,
                    dbArgs + QStringList{QStringLiteral("admin"), QStringLiteral("operator-add"),
                                         QStringLiteral("--login"), QStringLiteral("issuer"),
                                         QStringLiteral("--name"), QStringLiteral("Bench"),
                                         QStringLiteral("--role"), QStringLiteral("card_issuer")},
                    env);
    if (added.code != 0) {
        std::fprintf(stderr, "operator-add: %s\n", added.all.constData());
        return 1;
    }
    Run code = run(centralBin,
                   dbArgs + QStringList{QStringLiteral("admin"), QStringLiteral("enroll-code"),
                                        QStringLiteral("--terminal"), QStringLiteral("bench")});
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    QProcess centralProcess;
    centralProcess.setStandardErrorFile(QProcess::nullDevice()); // one log line per request
    centralProcess.start(
        centralBin,
        dbArgs + QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)});
    if (!centralProcess.waitForStarted() || !centralProcess.waitForReadyRead(30000)) {
        std::fprintf(stderr, "central does not start\n");
        return 1;
    }
    centralProcess.readLine();
    auto stopCentral = qScopeGuard([&] {
        centralProcess.terminate();
        if (!centralProcess.waitForFinished(10000)) {
            centralProcess.kill();
            centralProcess.waitForFinished();
        }
    });
    sync::CentralClient client{QUrl(base)};
    auto enrollment =
        client.enroll(QString::fromLatin1(code.out).trimmed(), QStringLiteral("bench"));
    if (!enrollment) {
        std::fprintf(stderr, "enroll: %s\n", qPrintable(enrollment.errorMessage()));
        return 1;
    }

    auto opened = Database::open(centralDb);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.errorMessage()));
        return 1;
    }
    Database db = *opened;
    central::PkiService service(db, pkiDir);
    service.setPublicUrl(base);
    if (Status st = service.init(Clock::now()); !st) {
        std::fprintf(stderr, "PkiService: %s\n", qPrintable(st.errorMessage()));
        return 1;
    }
    auto setting = [&](const QString& key) {
        return db.scalar(QStringLiteral("SELECT value FROM central_settings WHERE key = ?"), {key})
            ->toString();
    };
    const QByteArray signCert = setting(QStringLiteral("pki_sign_cert")).toLatin1();
    const QByteArray rootCert = setting(QStringLiteral("pki_root_cert")).toLatin1();
    QByteArray signKey;
    {
        QFile f(setting(QStringLiteral("pki_sign_key_file")));
        f.open(QIODevice::ReadOnly);
        signKey = f.readAll();
    }
    const QString signCertPath = dir.filePath(QStringLiteral("sign-ca.pem"));
    const QString rootCertPath = dir.filePath(QStringLiteral("root.pem"));
    writeFile(signCertPath, signCert);
    writeFile(rootCertPath, rootCert);

    // ---- 1. Issuance ----
    // Residents in central's index (as pushed register moves would leave them), one per
    // certificate issued through PkiService or central, so that none supersedes another.
    progress("issuance: residents in central's index, CSRs");
    const int residents = issueCount + e2eCount;
    auto residentCode = [](int i) {
        return QStringLiteral("9%1").arg(i, 10, 10, QLatin1Char('0'));
    };
    auto banchi = [](int i) {
        return QStringLiteral("%1番%2号").arg(1 + i / 50).arg(1 + i % 50);
    };
    {
        Transaction tx(db);
        BatchInsert ins(db, QStringLiteral("central_residents"),
                        {QStringLiteral("resident_code"), QStringLiteral("fields"),
                         QStringLiteral("updated_at")});
        const QString now = Clock::isoNow();
        for (int i = 0; i < residents; ++i) {
            const QJsonObject fields{{QStringLiteral("family_name"), QStringLiteral("鎌倉")},
                                     {QStringLiteral("given_name"), QStringLiteral("花子")},
                                     {QStringLiteral("birth_date"), QStringLiteral("1975-03-01")},
                                     {QStringLiteral("sex"), QStringLiteral("female")},
                                     {QStringLiteral("town"), QStringLiteral("御成町")},
                                     {QStringLiteral("banchi"), banchi(i)},
                                     {QStringLiteral("building"), QString()}};
            ins.add({residentCode(i),
                     QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)), now})
                .ok();
        }
        ins.flush().ok();
        tx.commit().ok();
    }
    auto issueBody = [&](int i, const QByteArray& csr) {
        return QJsonDocument(
                   QJsonObject{
                       {QStringLiteral("kind"), QStringLiteral("sign")},
                       {QStringLiteral("resident_code"), residentCode(i)},
                       {QStringLiteral("card_id"), QStringLiteral("card-%1").arg(i)},
                       {QStringLiteral("csr"), QString::fromLatin1(csr)},
                       {QStringLiteral("place"), QStringLiteral("神奈川県鎌倉市")},
                       {QStringLiteral("holder"),
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("鎌倉　花子")},
                                    {QStringLiteral("birth_date"), QStringLiteral("1975-03-01")},
                                    {QStringLiteral("sex"), QStringLiteral("2")},
                                    {QStringLiteral("address"),
                                     QStringLiteral("神奈川県鎌倉市御成町") + banchi(i)}}}})
            .toJson(QJsonDocument::Compact);
    };
    const int csrCount = std::max(issueCount, e2eCount);
    QList<QByteArray> csrs;
    csrs.reserve(csrCount);
    for (int i = 0; i < csrCount; ++i) {
        csrs << *pki::makeCsr(*pki::generateEcKey(), QStringLiteral("card"));
    }
    Holder holder{QStringLiteral("鎌倉　花子"), QDate(1975, 3, 1), QStringLiteral("2"),
                  QStringLiteral("神奈川県鎌倉市御成町1番1号")};

    progress("issuance: core");
    // The CSR check alone (parse, signature), as issue() does it first.
    QElapsedTimer t;
    t.start();
    int csrOk = 0;
    for (int i = 0; i < issueCount; ++i) {
        const QByteArray& pem = csrs.at(i);
        BIO* bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
        X509_REQ* req = PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr);
        EVP_PKEY* key = req ? X509_REQ_get_pubkey(req) : nullptr;
        csrOk += key && X509_REQ_verify(req, key) == 1 ? 1 : 0;
        EVP_PKEY_free(key);
        X509_REQ_free(req);
        BIO_free(bio);
    }
    const double csrSeconds = since(t);
    double coreSeconds[2] = {0, 0};
    int coreOk[2] = {0, 0};
    for (Kind kind : {Kind::Sign, Kind::Auth}) {
        const int k = kind == Kind::Sign ? 0 : 1;
        const QByteArray caKey = kind == Kind::Sign ? signKey : [&] {
            QFile f(setting(QStringLiteral("pki_auth_key_file")));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        const QByteArray caCert =
            kind == Kind::Sign ? signCert : setting(QStringLiteral("pki_auth_cert")).toLatin1();
        t.restart();
        for (int i = 0; i < issueCount; ++i) {
            IssueRequest r;
            r.kind = kind;
            r.csrPem = csrs.at(i);
            r.holder = holder;
            r.place = QStringLiteral("神奈川県鎌倉市");
            r.publicBase = base;
            r.now = Clock::now();
            coreOk[k] += issue(caKey, caCert, r).ok() ? 1 : 0;
        }
        coreSeconds[k] = since(t);
    }

    progress("issuance: PkiService in process");
    t.restart();
    int serviceOk = 0;
    for (int i = 0; i < issueCount; ++i) {
        HttpRequest request;
        request.message.method = "POST";
        request.message.target = "/v1/pki/issue";
        request.message.body = issueBody(i, csrs.at(i));
        serviceOk += service.signedRoute(request, QStringLiteral("issuer"), QStringLiteral("bench"))
                                 .status == 201
                         ? 1
                         : 0;
    }
    const double serviceSeconds = since(t);

    progress("issuance: end to end");
    QList<double> e2eLatency;
    t.restart();
    int e2eOk = 0;
    QString e2eError;
    for (int i = 0; i < e2eCount; ++i) {
        QElapsedTimer one;
        one.start();
        auto r =
            client.signedRequest(*enrollment, "POST", QStringLiteral("/v1/pki/issue"),
                                 issueBody(issueCount + i, csrs.at(i)), QStringLiteral("issuer"));
        e2eLatency << double(one.nsecsElapsed()) / 1e6;
        if (r && r->status == 201) {
            ++e2eOk;
        } else if (e2eError.isEmpty()) {
            e2eError = r ? QString::fromUtf8(r->body) : r.errorMessage();
        }
    }
    const double e2eSeconds = since(t);
    std::sort(e2eLatency.begin(), e2eLatency.end());

    // ---- 2. A CRL with revokedCount entries ----
    progress("CRL: writing the revoked certificates");
    std::mt19937_64 rng(20261126);
    std::vector<Serial> revokedSerials(static_cast<size_t>(revokedCount));
    for (Serial& s : revokedSerials) {
        s = randomSerial(rng);
    }
    // Written in serial order (the primary key's); revocation times are random, so the CRL's
    // SELECT (by the (ca, revoked_at) index) still hands makeCrl unsorted serials.
    std::sort(revokedSerials.begin(), revokedSerials.end());
    static const char* const reasons[] = {
        "affiliationChanged", "affiliationChanged",   "affiliationChanged", "superseded",
        "superseded",         "cessationOfOperation", "keyCompromise",      "unspecified"};
    const QDateTime fillNow = Clock::now();
    t.restart();
    {
        Transaction tx(db);
        BatchInsert ins(db, QStringLiteral("pki_certificates"),
                        {QStringLiteral("serial"), QStringLiteral("ca"), QStringLiteral("kind"),
                         QStringLiteral("resident_code"), QStringLiteral("card_id"),
                         QStringLiteral("not_before"), QStringLiteral("not_after"),
                         QStringLiteral("pem"), QStringLiteral("issued_at"),
                         QStringLiteral("terminal"), QStringLiteral("operator"),
                         QStringLiteral("revoked_at"), QStringLiteral("reason")});
        const QString sign = QStringLiteral("sign");
        const QString pem = QStringLiteral("(not kept by the benchmark)");
        const QString terminal = QStringLiteral("bench");
        const QString op = QStringLiteral("issuer");
        for (int i = 0; i < revokedCount; ++i) {
            // Revoked within the last five years, issued up to a year before that.
            const QDateTime at = fillNow.addSecs(-qint64(rng() % (5 * 365 * 86400ULL)));
            const QDateTime issued = at.addSecs(-qint64(rng() % (365 * 86400ULL)));
            Status st =
                ins.add({hexOf(revokedSerials[size_t(i)]), sign, sign,
                         QStringLiteral("8%1").arg(i, 10, 10, QLatin1Char('0')),
                         QStringLiteral("bench-card-%1").arg(i), issued.toString(Qt::ISODate),
                         issued.addYears(5).toString(Qt::ISODate), pem,
                         issued.toString(Qt::ISODateWithMs), terminal, op,
                         at.toString(Qt::ISODateWithMs), QString::fromLatin1(reasons[rng() % 8])});
            if (!st) {
                std::fprintf(stderr, "insert: %s\n", qPrintable(st.errorMessage()));
                return 1;
            }
        }
        if (Status st = ins.flush(); !st) {
            std::fprintf(stderr, "insert: %s\n", qPrintable(st.errorMessage()));
            return 1;
        }
        if (Status st = tx.commit(); !st) {
            std::fprintf(stderr, "commit: %s\n", qPrintable(st.errorMessage()));
            return 1;
        }
    }
    const double fillSeconds = since(t);
    if (db.isSQLite()) {
        db.run(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok();
    } else {
        db.run(QStringLiteral("ANALYZE pki_certificates")).ok();
    }

    progress("CRL: PkiService::crl (regeneration)");
    db.run(QStringLiteral("UPDATE pki_crls SET dirty = 1")).ok();
    const QDateTime now = Clock::now();
    t.restart();
    auto crl = service.crl(Kind::Sign, now);
    const double crlSeconds = since(t);
    if (!crl) {
        std::fprintf(stderr, "crl: %s\n", qPrintable(crl.errorMessage()));
        return 1;
    }
    progress("CRL: served again from the stored copy");
    t.restart();
    auto again = service.crl(Kind::Sign, now.addSecs(60));
    const double storedSeconds = since(t);
    const bool sameCopy = again && *again == *crl;

    // Where regeneration's time goes: the same SELECT into the same list, then makeCrl alone.
    progress("CRL: breakdown (SELECT, makeCrl)");
    t.restart();
    qint64 textBytes = 0;
    {
        // The rows as text only: what reading them costs before the dates are parsed.
        auto q = db.exec(QStringLiteral("SELECT serial, revoked_at, reason FROM pki_certificates "
                                        "WHERE ca = ? AND revoked_at IS NOT NULL"),
                         {QStringLiteral("sign")});
        while (q && q->next()) {
            textBytes += q->value(0).toString().size() + q->value(1).toString().size() +
                         q->value(2).toString().size();
        }
    }
    const double rowsSeconds = since(t);
    t.restart();
    QList<Revoked> revoked;
    {
        auto q = db.exec(QStringLiteral("SELECT serial, revoked_at, reason FROM pki_certificates "
                                        "WHERE ca = ? AND revoked_at IS NOT NULL"),
                         {QStringLiteral("sign")});
        while (q && q->next()) {
            revoked.append({q->value(0).toString(),
                            QDateTime::fromString(q->value(1).toString(), Qt::ISODateWithMs),
                            reasonFromId(q->value(2).toString()).value_or(Reason::Unspecified)});
        }
    }
    const double selectSeconds = since(t);
    t.restart();
    auto made = makeCrl(signKey, signCert, revoked, 1, now, now.addSecs(24 * 3600));
    const double makeSeconds = since(t);
    revoked.clear();
    revoked.squeeze();

    progress("CRL: relying party (d2i, openssl crl)");
    t.restart();
    int entries = -1;
    {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(crl->constData());
        X509_CRL* parsed = d2i_X509_CRL(nullptr, &p, long(crl->size()));
        entries = parsed ? sk_X509_REVOKED_num(X509_CRL_get_REVOKED(parsed)) : -1;
        X509_CRL_free(parsed);
    }
    const double d2iSeconds = since(t);
    const QString crlPath = dir.filePath(QStringLiteral("sign.crl"));
    writeFile(crlPath, *crl);
    Run parse = run(QStringLiteral("openssl"),
                    {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                     QStringLiteral("-in"), crlPath, QStringLiteral("-noout")});
    Run verify = run(QStringLiteral("openssl"),
                     {QStringLiteral("crl"), QStringLiteral("-inform"), QStringLiteral("DER"),
                      QStringLiteral("-in"), crlPath, QStringLiteral("-noout"),
                      QStringLiteral("-CAfile"), signCertPath});
    progress("CRL: GET /v1/pki/crl from central");
    QList<double> httpCrl;
    qsizetype httpCrlSize = 0;
    for (int i = 0; i < 3; ++i) {
        t.restart();
        auto r = client.exchange("GET", QStringLiteral("/v1/pki/crl?ca=sign"), {}, {});
        httpCrl << since(t);
        httpCrlSize = r && r->status == 200 ? r->body.size() : -1;
    }
    std::sort(httpCrl.begin(), httpCrl.end());

    // ---- 3. OCSP at that size ----
    progress("OCSP: requests");
    X509* issuerCert = nullptr;
    {
        BIO* bio = BIO_new_mem_buf(signCert.constData(), int(signCert.size()));
        issuerCert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
        BIO_free(bio);
    }
    const int requestCount = std::max(ocspCount, ocspHttpCount);
    QList<QByteArray> requests;
    QList<bool> expectRevoked;
    QList<Serial> asked;
    for (int i = 0; i < requestCount; ++i) {
        const bool rev = i % 2 == 0;
        const Serial s =
            rev ? revokedSerials[size_t(rng() % revokedSerials.size())] : randomSerial(rng);
        asked << s;
        expectRevoked << rev;
        requests << ocspRequest(issuerCert, s);
    }
    X509_free(issuerCert);
    auto checkAnswer = [&](int i, const QByteArray& der) {
        const int st = ocspStatus(der);
        return expectRevoked.at(i) ? st == V_OCSP_CERTSTATUS_REVOKED
                                   : st == V_OCSP_CERTSTATUS_UNKNOWN;
    };

    progress("OCSP: in process");
    // ocspRespond alone, the lookup answering from memory at no cost.
    const QList<Ca> cas{{signKey, signCert}};
    t.restart();
    int bareOk = 0;
    for (int i = 0; i < ocspCount; ++i) {
        auto answer = ocspRespond(
            requests.at(i), cas,
            [&](int, const QString&) {
                CertState s;
                s.known = s.revoked = expectRevoked.at(i);
                s.revokedAt = now;
                return s;
            },
            now, 60);
        bareOk += answer && checkAnswer(i, *answer) ? 1 : 0;
    }
    const double bareSeconds = since(t);
    // PkiService's route: its lookup by serial in the table of revokedCount + rows.
    t.restart();
    int routeOk = 0;
    for (int i = 0; i < ocspCount; ++i) {
        HttpRequest request;
        request.message.method = "POST";
        request.message.target = "/v1/pki/ocsp";
        request.message.body = requests.at(i);
        const HttpResponse r = service.publicRoute(request);
        routeOk += r.status == 200 && checkAnswer(i, r.body) ? 1 : 0;
    }
    const double routeSeconds = since(t);
    // The lookup alone.
    t.restart();
    int lookupHits = 0;
    for (int i = 0; i < ocspCount; ++i) {
        auto q = db.exec(QStringLiteral("SELECT revoked_at, reason FROM pki_certificates WHERE "
                                        "serial = ? AND ca = ?"),
                         {hexOf(asked.at(i)), QStringLiteral("sign")});
        lookupHits += q && q->next() ? 1 : 0;
    }
    const double lookupSeconds = since(t);

    progress("OCSP: over HTTP from central");
    t.restart();
    int closeOk = 0;
    for (int i = 0; i < ocspHttpCount; ++i) {
        auto r = client.exchange("POST", QStringLiteral("/v1/pki/ocsp"), "application/ocsp-request",
                                 requests.at(i));
        closeOk += r && r->status == 200 && checkAnswer(i, r->body) ? 1 : 0;
    }
    const double closeSeconds = since(t);
    t.restart();
    int keepOk = 0;
    {
        KeepAlive conn(QStringLiteral("127.0.0.1"), port);
        for (int i = 0; i < ocspHttpCount; ++i) {
            keepOk += checkAnswer(
                          i, conn.post("/v1/pki/ocsp", "application/ocsp-request", requests.at(i)))
                          ? 1
                          : 0;
        }
    }
    const double keepSeconds = since(t);

    progress("OCSP: the openssl command line as the client");
    // `openssl ocsp` asking central, and the same command reading a stored answer (-respin):
    // the difference is the request, the round trip and central's answer.
    const QString url = base + QStringLiteral("/v1/pki/ocsp");
    const QString respPath = dir.filePath(QStringLiteral("answer.der"));
    int cliOk = 0;
    int cliVerified = 0;
    t.restart();
    for (int i = 0; i < opensslRuns; ++i) {
        const QString serial = QStringLiteral("0x") + hexOf(asked.at(i));
        Run r = run(
            QStringLiteral("openssl"),
            QStringList{QStringLiteral("ocsp"), QStringLiteral("-issuer"), signCertPath,
                        QStringLiteral("-serial"), serial, QStringLiteral("-url"), url,
                        QStringLiteral("-CAfile"), rootCertPath}
                << (i == 0 ? QStringList{QStringLiteral("-respout"), respPath} : QStringList()));
        const QByteArray expect = expectRevoked.at(i) ? ": revoked" : ": unknown";
        cliOk += r.code == 0 && r.all.contains(expect) ? 1 : 0;
        cliVerified += r.all.contains("Response verify OK") ? 1 : 0;
    }
    const double cliSeconds = since(t);
    t.restart();
    int baselineOk = 0;
    for (int i = 0; i < opensslRuns; ++i) {
        Run r = run(QStringLiteral("openssl"),
                    {QStringLiteral("ocsp"), QStringLiteral("-issuer"), signCertPath,
                     QStringLiteral("-serial"), QStringLiteral("0x") + hexOf(asked.at(0)),
                     QStringLiteral("-respin"), respPath, QStringLiteral("-no_nonce"),
                     QStringLiteral("-CAfile"), rootCertPath});
        baselineOk += r.code == 0 && r.all.contains("Response verify OK") ? 1 : 0;
    }
    const double baselineSeconds = since(t);

    // ---- Summary ----
    auto rate = [](int n, double s) {
        return s > 0 ? double(n) / s : 0.0;
    };
    std::printf("central database: %s; machine threads: %d\n", engineName(db),
                QThread::idealThreadCount());
    std::printf("\n1. issuance (signing certificates unless said; EC P-256 CSRs made "
                "beforehand)\n");
    std::printf("  CSR parse + signature check alone:       %8.0f /s  (%.3f ms each, %d/%d)\n",
                rate(issueCount, csrSeconds), 1000 * csrSeconds / issueCount, csrOk, issueCount);
    std::printf("  jpki::issue, signing certificate:        %8.0f /s  (%.3f ms each, %d/%d)\n",
                rate(issueCount, coreSeconds[0]), 1000 * coreSeconds[0] / issueCount, coreOk[0],
                issueCount);
    std::printf("  jpki::issue, authentication certificate: %8.0f /s  (%.3f ms each, %d/%d)\n",
                rate(issueCount, coreSeconds[1]), 1000 * coreSeconds[1] / issueCount, coreOk[1],
                issueCount);
    std::printf("  PkiService issue route, in process:      %8.0f /s  (%.3f ms each, %d/%d; "
                "index check, supersede, insert, commit)\n",
                rate(issueCount, serviceSeconds), 1000 * serviceSeconds / issueCount, serviceOk,
                issueCount);
    std::printf("  central end to end, signed POST /v1/pki/issue, one connection each: %.0f /s "
                "(p50 %.2f ms, p99 %.2f ms, %d/%d)\n",
                rate(e2eCount, e2eSeconds),
                e2eLatency.isEmpty() ? 0.0 : e2eLatency.at(e2eLatency.size() / 2),
                e2eLatency.isEmpty() ? 0.0 : e2eLatency.at(e2eLatency.size() * 99 / 100), e2eOk,
                e2eCount);
    if (!e2eError.isEmpty()) {
        std::printf("  (first refusal: %s)\n", qPrintable(e2eError.left(300)));
    }
    std::printf("\n2. CRL with %d revoked entries\n", revokedCount);
    std::printf("  writing the rows (one transaction):      %.1f s (%.0f rows/s)\n", fillSeconds,
                rate(revokedCount, fillSeconds));
    std::printf("  PkiService::crl, regenerated:            %.2f s\n", crlSeconds);
    std::printf("    of which (measured apart) SELECT + list %.2f s (the rows as text alone %.2f "
                "s), makeCrl %.2f s%s; the rest (storing the copy) ~%.2f s\n",
                selectSeconds, rowsSeconds, makeSeconds, made ? "" : " (makeCrl FAILED)",
                crlSeconds - selectSeconds - makeSeconds);
    Q_UNUSED(textBytes);
    std::printf("  DER size:                                %lld bytes (%.1f MiB, %.1f bytes an "
                "entry); %d entries parsed back\n",
                static_cast<long long>(crl->size()), double(crl->size()) / (1024.0 * 1024.0),
                double(crl->size()) / std::max(1, revokedCount), entries);
    std::printf("  PkiService::crl, stored copy:            %.3f s%s\n", storedSeconds,
                sameCopy ? "" : " (NOT the same bytes)");
    std::printf("  GET /v1/pki/crl from central (stored):   best %.3f s of 3 (%lld bytes)\n",
                httpCrl.value(0), static_cast<long long>(httpCrlSize));
    std::printf("  relying party: d2i_X509_CRL %.2f s; openssl crl -noout %.2f s (rc %d); with "
                "signature check (-CAfile) %.2f s (%s)\n",
                d2iSeconds, parse.seconds, parse.code, verify.seconds,
                verify.all.contains("verify OK") ? "verify OK" : verify.all.trimmed().constData());
    std::printf("\n3. OCSP, table of %d revoked + %d issued; requests half revoked, half never "
                "issued\n",
                revokedCount, issueCount + e2eCount);
    std::printf("  ocspRespond alone (lookup from memory):  %8.0f /s  (%.3f ms, %d/%d right)\n",
                rate(ocspCount, bareSeconds), 1000 * bareSeconds / ocspCount, bareOk, ocspCount);
    std::printf("  PkiService route with its lookup:        %8.0f /s  (%.3f ms, %d/%d right)\n",
                rate(ocspCount, routeSeconds), 1000 * routeSeconds / ocspCount, routeOk, ocspCount);
    std::printf("  the lookup alone (%s):                %8.0f /s  (%.3f ms, %d hits)\n",
                engineName(db), rate(ocspCount, lookupSeconds), 1000 * lookupSeconds / ocspCount,
                lookupHits);
    std::printf("  central over HTTP, one connection each:  %8.0f /s  (%.3f ms, %d/%d right)\n",
                rate(ocspHttpCount, closeSeconds), 1000 * closeSeconds / ocspHttpCount, closeOk,
                ocspHttpCount);
    std::printf("  central over HTTP, keep-alive:           %8.0f /s  (%.3f ms, %d/%d right)\n",
                rate(ocspHttpCount, keepSeconds), 1000 * keepSeconds / ocspHttpCount, keepOk,
                ocspHttpCount);
    const double cliMs = 1000 * cliSeconds / std::max(1, opensslRuns);
    const double baseMs = 1000 * baselineSeconds / std::max(1, opensslRuns);
    std::printf("  openssl ocsp -url (a process each):      %8.1f /s  (%.2f ms, %d/%d right, %d "
                "verified)\n",
                rate(opensslRuns, cliSeconds), cliMs, cliOk, opensslRuns, cliVerified);
    std::printf("  openssl ocsp -respin (same, no network): %8.1f /s  (%.2f ms, %d verified); "
                "difference %.2f ms a question\n",
                rate(opensslRuns, baselineSeconds), baseMs, baselineOk, cliMs - baseMs);
    return 0;
}
