#include "sync/CentralClient.h"

#include "common/Clock.h"
#include "crypto/KeyStore.h"
#include "crypto/OpenSsl.h"
#include "pki/Pki.h"
#include "settings/InstallationSettings.h"
#include "sig/MessageSignature.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUrlQuery>

#include <algorithm>

namespace madoguchi::sync {

namespace {

Error netError(const QString& why)
{
    return Error(QCoreApplication::translate("Sync", "central: %1").arg(why),
                 QStringLiteral("sync.network"));
}

QString keyFile()
{
    return QDir(KeyStore::keyDirectory()).filePath(QStringLiteral("terminal-key.pem"));
}

QString problemText(const sig::HttpMessage& r)
{
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    if (o.contains(QStringLiteral("detail"))) {
        return QStringLiteral("%1 (%2)").arg(o.value(QStringLiteral("detail")).toString(),
                                             o.value(QStringLiteral("code")).toString());
    }
    return QCoreApplication::translate("Sync", "HTTP status %1").arg(r.status);
}

} // namespace

Result<Enrollment> loadEnrollment(const Database& db)
{
    InstallationSettings s(db);
    Enrollment e;
    e.central = QUrl(s.value(QStringLiteral("central.url")).value());
    if (!e.central.isValid() || e.central.isEmpty()) {
        return Error(QCoreApplication::translate(
                         "Sync", "this workstation is not enrolled with a central service"),
                     QStringLiteral("sync.not_enrolled"));
    }
    e.terminal = s.value(QStringLiteral("central.terminal")).value();
    e.keyid = s.value(QStringLiteral("central.keyid")).value();
    e.certificatePem = s.value(QStringLiteral("central.certificate")).value().toLatin1();
    e.caPem = s.value(QStringLiteral("central.ca")).value().toLatin1();
    e.centralKeyPem = s.value(QStringLiteral("central.key")).value().toLatin1();
    e.tlsCaPem = s.value(QStringLiteral("central.tls_ca")).value().toLatin1();
    QFile f(keyFile());
    if (!f.open(QIODevice::ReadOnly)) {
        return Error(QCoreApplication::translate("Sync", "the terminal key %1 is missing: enroll "
                                                         "again with a new code")
                         .arg(keyFile()),
                     QStringLiteral("sync.no_key"));
    }
    e.keyPem = f.readAll();
    return e;
}

Status saveEnrollment(const Database& db, const Enrollment& e)
{
    QDir().mkpath(KeyStore::keyDirectory());
    QSaveFile f(keyFile());
    if (!f.open(QIODevice::WriteOnly) || f.write(e.keyPem) != e.keyPem.size() || !f.commit()) {
        return Error(QCoreApplication::translate("Sync", "cannot write %1").arg(keyFile()),
                     QStringLiteral("sync.io"));
    }
    QFile::setPermissions(keyFile(), QFile::ReadOwner | QFile::WriteOwner);
    InstallationSettings s(db);
    // All of the enrollment or none of it.
    Transaction tx(db);
    if (!tx.ok()) {
        return tx.error();
    }
    // Central keeps the audit chain per terminal name: under a new name it starts from the
    // first entry (a workstation enrolled again under its old name continues where it was).
    if (auto was = s.value(QStringLiteral("central.terminal")); !was || *was != e.terminal) {
        if (Status st = s.setStateValue(QStringLiteral("sync.audit_cursor"), QStringLiteral("0"));
            !st) {
            return st;
        }
    }
    const std::pair<const char*, QString> values[] = {
        {"central.url", e.central.toString()},
        {"central.terminal", e.terminal},
        {"central.keyid", e.keyid},
        {"central.certificate", QString::fromLatin1(e.certificatePem)},
        {"central.ca", QString::fromLatin1(e.caPem)},
        {"central.key", QString::fromLatin1(e.centralKeyPem)},
        {"central.tls_ca", QString::fromLatin1(e.tlsCaPem)}};
    for (const auto& [key, value] : values) {
        if (Status st = s.setValue(QString::fromLatin1(key), value); !st) {
            return st;
        }
    }
    return tx.commit();
}

CentralClient::CentralClient(QUrl central, int timeoutMs)
    : m_central(std::move(central)), m_timeoutMs(timeoutMs)
{}

CentralClient::CentralClient(const Enrollment& e, int timeoutMs)
    : m_central(e.central), m_timeoutMs(timeoutMs), m_tlsCaPem(e.tlsCaPem)
{}

Status CentralClient::setTlsCa(const QByteArray& pem)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty() ||
        std::any_of(certificates.begin(), certificates.end(),
                    [](const QSslCertificate& c) { return c.isNull(); })) {
        return Error(QCoreApplication::translate("Sync", "the TLS CA is not a PEM certificate"),
                     QStringLiteral("sync.tls_ca"));
    }
    m_tlsCaPem = pem;
    return {};
}

Result<sig::HttpMessage> CentralClient::exchange(const QByteArray& method,
                                                 const QString& pathAndQuery,
                                                 const QByteArray& contentType,
                                                 const QByteArray& body,
                                                 const QList<QPair<QByteArray, QByteArray>>& fields)
{
    const bool tls = m_central.scheme() == QStringLiteral("https");
    std::unique_ptr<QTcpSocket> socket(tls ? new QSslSocket : new QTcpSocket);
    const int port = m_central.port(tls ? 443 : 80);
    if (tls) {
        auto* ssl = static_cast<QSslSocket*>(socket.get());
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setProtocol(QSsl::TlsV1_2OrLater);
        if (!m_tlsCaPem.isEmpty()) {
            // Setting the CA list replaces the system's: keep them and add the private CA.
            // Read once: parsing the system's CA bundle for every request of a sync is slow.
            static const QList<QSslCertificate> system = QSslConfiguration::systemCaCertificates();
            QList<QSslCertificate> cas = system;
            cas += QSslCertificate::fromData(m_tlsCaPem, QSsl::Pem);
            conf.setCaCertificates(cas);
        }
        ssl->setSslConfiguration(conf);
        ssl->setPeerVerifyMode(QSslSocket::VerifyPeer); // and the host name, against the URL's
        QList<QSslError> certificateErrors;
        QObject::connect(
            ssl, &QSslSocket::sslErrors,
            [&certificateErrors](const QList<QSslError>& errors) { certificateErrors = errors; });
        ssl->connectToHostEncrypted(m_central.host(), quint16(port));
        if (!ssl->waitForEncrypted(m_timeoutMs)) {
            if (!certificateErrors.isEmpty()) {
                QStringList why;
                for (const QSslError& e : std::as_const(certificateErrors)) {
                    why << e.errorString();
                }
                return Error(QCoreApplication::translate(
                                 "Sync", "central's TLS certificate is not trusted: %1")
                                 .arg(why.join(QStringLiteral("; "))),
                             QStringLiteral("sync.tls_untrusted"));
            }
            return netError(socket->errorString());
        }
    } else {
        socket->connectToHost(m_central.host(), quint16(port));
        if (!socket->waitForConnected(m_timeoutMs)) {
            return netError(socket->errorString());
        }
    }
    QByteArray host = m_central.host().toLatin1();
    if (m_central.port() > 0) {
        host += ':' + QByteArray::number(m_central.port());
    }
    QByteArray out = method + ' ' + pathAndQuery.toLatin1() + " HTTP/1.1\r\nHost: " + host +
                     "\r\nConnection: close\r\n";
    if (!contentType.isEmpty()) {
        out += "Content-Type: " + contentType + "\r\n";
    }
    if (!body.isEmpty() || method == "POST") {
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    for (const auto& [name, value] : fields) {
        out += name + ": " + value + "\r\n";
    }
    out += "\r\n" + body;
    socket->write(out);
    QByteArray in;
    QElapsedTimer t;
    t.start();
    while (socket->state() == QAbstractSocket::ConnectedState || socket->bytesAvailable() > 0) {
        if (t.elapsed() > m_timeoutMs) {
            return netError(QCoreApplication::translate("Sync", "no answer within %1 s")
                                .arg(m_timeoutMs / 1000));
        }
        if (socket->bytesAvailable() == 0 && !socket->waitForReadyRead(250)) {
            if (socket->state() != QAbstractSocket::ConnectedState) {
                break;
            }
            continue;
        }
        in += socket->readAll();
    }
    in += socket->readAll();
    if (in.isEmpty()) {
        return netError(QCoreApplication::translate("Sync", "the connection closed without an "
                                                            "answer"));
    }
    auto response = sig::HttpMessage::parse(in);
    if (!response) {
        return netError(response.errorMessage());
    }
    if (auto date = response->field("date")) {
        const QDateTime theirs = QLocale::c().toDateTime(
            QString::fromLatin1(*date), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
        if (theirs.isValid()) {
            QDateTime utc = theirs;
            utc.setTimeSpec(Qt::UTC);
            m_offset = utc.toSecsSinceEpoch() - Clock::now().toSecsSinceEpoch();
            m_clockKnown = true;
        }
    }
    return response;
}

Result<Enrollment> CentralClient::enroll(const QString& code, const QString& terminalName)
{
    auto key = pki::generateEcKey();
    if (!key) {
        return key.error();
    }
    auto csr = pki::makeCsr(*key, terminalName);
    if (!csr) {
        return csr.error();
    }
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("code"), code},
                                  {QStringLiteral("csr"), QString::fromLatin1(*csr)}})
            .toJson(QJsonDocument::Compact);
    auto r = exchange("POST", QStringLiteral("/v1/enroll"), "application/json", body);
    if (!r) {
        return r.error();
    }
    if (r->status != 201) {
        return Error(QCoreApplication::translate("Sync", "central refused the enrollment: %1")
                         .arg(problemText(*r)),
                     QStringLiteral("sync.refused"));
    }
    const QJsonObject o = QJsonDocument::fromJson(r->body).object();
    Enrollment e;
    e.central = m_central;
    e.tlsCaPem = m_tlsCaPem;
    e.terminal = o.value(QStringLiteral("terminal")).toString();
    e.keyid = o.value(QStringLiteral("keyid")).toString();
    e.keyPem = *key;
    e.certificatePem = o.value(QStringLiteral("certificate")).toString().toLatin1();
    e.caPem = o.value(QStringLiteral("ca")).toString().toLatin1();
    e.centralKeyPem = o.value(QStringLiteral("central_key")).toString().toLatin1();
    if (Status st = pki::verifyCertificate(e.certificatePem, e.caPem, Clock::now()); !st) {
        return st.error();
    }
    auto fp = pki::fingerprint(e.certificatePem);
    if (!fp || *fp != e.keyid) {
        return Error(QCoreApplication::translate("Sync", "central's answer is inconsistent"),
                     QStringLiteral("sync.refused"));
    }
    return e;
}

Result<sig::HttpMessage> CentralClient::buildSigned(const Enrollment& e, const QByteArray& method,
                                                    const QString& pathAndQuery,
                                                    const QByteArray& body,
                                                    const QString& operatorLogin,
                                                    qint64 createdEpoch, const QString& nonce)
{
    sig::HttpMessage m;
    m.method = method;
    QString base = e.central.toString();
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    m.target = (base + pathAndQuery).toLatin1(); // absolute form while signing
    m.setField("content-type", "application/json");
    m.setField("content-digest", sig::contentDigest(body));
    m.setField("madoguchi-operator", operatorLogin.toUtf8());
    m.body = body;
    auto key = sig::loadKey(e.keyPem);
    if (!key) {
        return key.error();
    }
    sf::Parameters params{
        {QStringLiteral("created"), sf::Item::integer(createdEpoch)},
        {QStringLiteral("expires"), sf::Item::integer(createdEpoch + 300)},
        {QStringLiteral("nonce"), sf::Item::string(nonce)},
        {QStringLiteral("keyid"), sf::Item::string(e.keyid)},
        {QStringLiteral("alg"), sf::Item::string(QStringLiteral("ecdsa-p256-sha256"))}};
    if (Status st =
            sig::signMessage(m, QStringLiteral("sig1"),
                             {QStringLiteral("@method"), QStringLiteral("@target-uri"),
                              QStringLiteral("content-digest"), QStringLiteral("content-type"),
                              QStringLiteral("madoguchi-operator")},
                             params, sig::Algorithm::EcdsaP256Sha256, *key);
        !st) {
        return st.error();
    }
    m.target = pathAndQuery.toLatin1();
    return m;
}

Result<sig::HttpMessage> CentralClient::signedRequest(const Enrollment& e, const QByteArray& method,
                                                      const QString& pathAndQuery,
                                                      const QByteArray& body,
                                                      const QString& operatorLogin)
{
    if (!m_clockKnown) {
        // Learn central's clock first (its Date header), so that `created` is in its window.
        exchange("GET", QStringLiteral("/v1/health"), {}, {}).ok();
    }
    const QString nonce = QString::fromLatin1(ossl::randomBytes(18).toBase64(
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    auto request = buildSigned(e, method, pathAndQuery, body, operatorLogin,
                               Clock::now().toSecsSinceEpoch() + m_offset, nonce);
    if (!request) {
        return request.error();
    }
    QList<QPair<QByteArray, QByteArray>> fields;
    for (const auto& f : std::as_const(request->fields)) {
        if (f.first != "content-type") {
            fields << f;
        }
    }
    auto r = exchange(method, pathAndQuery, "application/json", body, fields);
    if (!r) {
        return r;
    }
    // The answer must be central's, for this request.
    sig::HttpMessage sent = *request;
    QString base = e.central.toString();
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    sent.target = (base + pathAndQuery).toLatin1();
    if (r->field("signature")) {
        auto centralKey = sig::loadKey(e.centralKeyPem);
        if (!centralKey) {
            return centralKey.error();
        }
        sig::VerifyOptions o;
        o.algorithm = sig::Algorithm::EcdsaP256Sha256;
        o.requiredComponents = {QStringLiteral("@status"), QStringLiteral("content-digest")};
        auto v = sig::verifyMessage(*r, *centralKey, o, &sent);
        if (!v) {
            return Error(QCoreApplication::translate("Sync", "central's answer is not signed by "
                                                             "central: %1")
                             .arg(v.errorMessage()),
                         QStringLiteral("sync.untrusted"));
        }
        const sf::Item* echoed = sf::param(v->params.params, QStringLiteral("nonce"));
        if (!echoed || echoed->value.string != nonce) {
            return Error(QCoreApplication::translate("Sync", "central's answer is for another "
                                                             "request"),
                         QStringLiteral("sync.untrusted"));
        }
        if (Status st = sig::checkContentDigest(*r); !st) {
            return st.error();
        }
    } else if (r->status < 400) {
        return Error(QCoreApplication::translate("Sync", "central's answer is not signed"),
                     QStringLiteral("sync.untrusted"));
    }
    if (r->status >= 400) {
        return Error(
            QCoreApplication::translate("Sync", "central refused: %1").arg(problemText(*r)),
            QStringLiteral("sync.refused"));
    }
    return r;
}

Result<QList<CatalogueEntry>> CentralClient::learningCatalogue(const Enrollment& e,
                                                               const QString& operatorLogin)
{
    auto r = signedRequest(e, "GET", QStringLiteral("/v1/learning/catalogue"), {}, operatorLogin);
    if (!r) {
        return r.error();
    }
    QList<CatalogueEntry> out;
    const QJsonArray courses =
        QJsonDocument::fromJson(r->body).object().value(QStringLiteral("courses")).toArray();
    for (const QJsonValue& v : courses) {
        const QJsonObject o = v.toObject();
        CatalogueEntry c;
        c.courseId = o.value(QStringLiteral("id")).toString();
        c.version = o.value(QStringLiteral("version")).toInt();
        c.title = o.value(QStringLiteral("title")).toString();
        c.titleEn = o.value(QStringLiteral("title_en")).toString();
        c.publisher = o.value(QStringLiteral("publisher")).toString();
        c.sha256 = o.value(QStringLiteral("sha256")).toString();
        c.size = o.value(QStringLiteral("size")).toInteger();
        out.append(c);
    }
    return out;
}

Result<QByteArray> CentralClient::learningPackage(const Enrollment& e, const QString& courseId,
                                                  int version, const QString& operatorLogin)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("id"), courseId);
    query.addQueryItem(QStringLiteral("version"), QString::number(version));
    auto r = signedRequest(
        e, "GET", QStringLiteral("/v1/learning/package?") + query.toString(QUrl::FullyEncoded), {},
        operatorLogin);
    if (!r) {
        return r.error();
    }
    return r->body;
}

} // namespace madoguchi::sync
