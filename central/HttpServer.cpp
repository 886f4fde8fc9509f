#include "HttpServer.h"

#include "pki/Pki.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace madoguchi::central {

struct HttpServer::Connection
{
    QPointer<QTcpSocket> socket;
    QByteArray buffer;
    bool haveHead = false;
    qint64 bodyLength = 0;
    sig::HttpMessage message;
    QTimer* timer = nullptr;
    QElapsedTimer started;
    bool closing = false;
};

namespace {

constexpr char kPeer[] = "madoguchi.peer";

bool isTokenChar(char c)
{
    return std::isalnum(uchar(c)) || QByteArray("!#$%&'*+-.^_`|~").contains(c);
}

} // namespace

QByteArray HttpRequest::path() const
{
    const qsizetype q = message.target.indexOf('?');
    return q < 0 ? message.target : message.target.left(q);
}

QByteArray HttpRequest::query() const
{
    const qsizetype q = message.target.indexOf('?');
    return q < 0 ? QByteArray() : message.target.mid(q + 1);
}

HttpResponse HttpResponse::json(int status, const QJsonObject& body)
{
    HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

HttpResponse HttpResponse::problem(int status, const QString& code, const QString& title,
                                   const QString& detail)
{
    HttpResponse r = json(status, {{QStringLiteral("type"),
                                    QStringLiteral("https://madoguchi.invalid/problems/") + code},
                                   {QStringLiteral("title"), title},
                                   {QStringLiteral("status"), status},
                                   {QStringLiteral("detail"), detail.isEmpty() ? title : detail},
                                   {QStringLiteral("code"), code}});
    r.contentType = "application/problem+json";
    return r;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

QByteArray httpDate(const QDateTime& when)
{
    return QLocale::c()
        .toString(when.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
        .toLatin1();
}

Result<QSslConfiguration> loadTlsConfiguration(const QString& certificateFile,
                                               const QString& keyFile)
{
    if (!QSslSocket::supportsSsl()) {
        return Error(QStringLiteral("this build of Qt has no TLS backend (OpenSSL 3 is needed)"));
    }
    auto readAll = [](const QString& file) -> Result<QByteArray> {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            return Error(QStringLiteral("cannot read %1: %2").arg(file, f.errorString()));
        }
        return f.readAll();
    };
    auto certPem = readAll(certificateFile);
    if (!certPem) {
        return certPem.error();
    }
    auto keyPem = readAll(keyFile);
    if (!keyPem) {
        return keyPem.error();
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        return Error(QStringLiteral("%1 holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
                         .arg(certificateFile));
    }
    QSslKey key(*keyPem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull()) {
        key = QSslKey(*keyPem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
    }
    if (key.isNull()) {
        return Error(
            QStringLiteral("%1 holds no unencrypted PEM EC or RSA private key").arg(keyFile));
    }
    if (Status st = pki::checkKeyMatches(chain.first().toPem(), *keyPem); !st) {
        return Error(QStringLiteral("the key %1 does not belong to the certificate %2 (%3)")
                         .arg(keyFile, certificateFile, st.errorMessage()));
    }
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves by signatures
    return conf;
}

HttpServer::HttpServer(Handler handler, HttpLimits limits, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_limits(limits),
      m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpServer::onNewConnection);
}

HttpServer::~HttpServer() = default;

void HttpServer::setTls(const QSslConfiguration& configuration)
{
    delete m_server;
    auto* server = new QSslServer(this);
    server->setSslConfiguration(configuration);
    // The handshake counts against the request deadline (QSslServer starts the clock on
    // connect and again at the ClientHello).
    server->setHandshakeTimeout(m_limits.requestTimeoutMs);
    // Connections still in their handshake count as pending: leave room for many, so that
    // clients that never finish one do not hold the door shut until they time out.
    server->setMaxPendingConnections(256);
    // Note each new socket's peer: QSslServer closes a socket whose handshake timed out before
    // it says so, and a closed socket has forgotten its peer.
    connect(server, &QTcpServer::newConnection, this, [server] {
        const QObjectList& children = server->children();
        for (auto it = children.rbegin(); it != children.rend(); ++it) {
            auto* socket = qobject_cast<QSslSocket*>(*it);
            if (!socket) {
                continue;
            }
            if (socket->property(kPeer).isValid()) {
                break;
            }
            socket->setProperty(kPeer, socket->peerAddress().toString());
        }
    });
    connect(server, &QSslServer::errorOccurred, this,
            [this](QSslSocket* socket, QAbstractSocket::SocketError error) {
                const QString reason =
                    error == QAbstractSocket::SocketTimeoutError
                        ? QStringLiteral("the TLS handshake did not finish within %1 ms")
                              .arg(m_limits.requestTimeoutMs)
                        : QStringLiteral("TLS handshake: %1").arg(socket->errorString());
                const QString peer = socket->property(kPeer).isValid()
                                         ? socket->property(kPeer).toString()
                                         : socket->peerAddress().toString();
                emit connectionFailed(peer, reason);
            });
    // A TLS connection is pending only once its handshake is done, which newConnection (emitted
    // on accept) does not say.
    connect(server, &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onNewConnection);
    m_server = server;
    m_tls = true;
}

bool HttpServer::listen(const QHostAddress& address, quint16 port)
{
    return m_server->listen(address, port);
}

quint16 HttpServer::port() const
{
    return m_server->serverPort();
}

QString HttpServer::errorString() const
{
    return m_server->errorString();
}

void HttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto* c = new Connection;
        c->socket = socket;
        c->timer = new QTimer(socket);
        c->timer->setSingleShot(true);
        c->timer->start(m_limits.idleTimeoutMs);
        connect(c->timer, &QTimer::timeout, socket, [this, c] {
            if (c->buffer.isEmpty() && !c->haveHead) {
                c->socket->disconnectFromHost(); // idle keep-alive connection
            } else {
                fail(c, 408, QStringLiteral("http.timeout"),
                     QStringLiteral("the request did not arrive in time"));
            }
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, c] { read(c); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [c] { delete c; });
        if (socket->bytesAvailable() > 0) {
            read(c); // a TLS client's request that came with the end of its handshake
        }
    }
}

void HttpServer::read(Connection* c)
{
    if (c->closing) {
        c->socket->readAll();
        return;
    }
    if (c->buffer.isEmpty() && !c->haveHead) {
        c->started.start();
        c->timer->start(m_limits.requestTimeoutMs);
    }
    c->buffer += c->socket->readAll();
    process(c);
}

void HttpServer::fail(Connection* c, int status, const QString& code, const QString& why)
{
    HttpResponse r =
        HttpResponse::problem(status, code, QString::fromLatin1(reasonPhrase(status)), why);
    send(c, r, true);
}

void HttpServer::send(Connection* c, const HttpResponse& r, bool close)
{
    if (!c->socket) {
        return;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonPhrase(r.status) +
                     "\r\nDate: " + httpDate(QDateTime::currentDateTimeUtc()) +
                     "\r\nContent-Type: " + r.contentType +
                     "\r\nContent-Length: " + QByteArray::number(r.body.size()) + "\r\n";
    for (const auto& [name, value] : r.fields) {
        out += name + ": " + value + "\r\n";
    }
    out += close ? "Connection: close\r\n\r\n" : "\r\n";
    out += r.body;
    c->socket->write(out);
    const qint64 ms = c->started.isValid() ? c->started.elapsed() : 0;
    emit served(QString::fromLatin1(c->message.method), QString::fromLatin1(c->message.target),
                r.status, ms, r.terminal, r.operatorLogin);
    if (close) {
        c->closing = true;
        c->buffer.clear();
        c->socket->disconnectFromHost();
    }
}

void HttpServer::process(Connection* c)
{
    while (c->socket && !c->closing) {
        if (!c->haveHead) {
            // The request line first: it has its own limit.
            const qsizetype firstNl = c->buffer.indexOf('\n');
            if (firstNl < 0 && c->buffer.size() > m_limits.maxRequestLine) {
                fail(c, 414, QStringLiteral("http.uri_too_long"),
                     QStringLiteral("the request line is longer than %1 bytes")
                         .arg(m_limits.maxRequestLine));
                return;
            }
            qsizetype end = c->buffer.indexOf("\r\n\r\n");
            qsizetype sep = 4;
            if (const qsizetype lf = c->buffer.indexOf("\n\n"); lf >= 0 && (end < 0 || lf < end)) {
                end = lf;
                sep = 2;
            }
            if (end < 0) {
                if (c->buffer.size() > m_limits.maxHeaderBytes) {
                    fail(c, 431, QStringLiteral("http.headers_too_large"),
                         QStringLiteral("the header is larger than %1 bytes")
                             .arg(m_limits.maxHeaderBytes));
                    return;
                }
                if (firstNl >= 0) {
                    // Refuse a garbage request line as soon as it is complete.
                    QByteArray line = c->buffer.left(firstNl);
                    if (line.endsWith('\r')) {
                        line.chop(1);
                    }
                    const QList<QByteArray> parts = line.split(' ');
                    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/")) {
                        fail(c, 400, QStringLiteral("http.bad_request_line"),
                             QStringLiteral("the request line is not METHOD TARGET HTTP/1.1"));
                    }
                }
                return;
            }
            if (end > m_limits.maxHeaderBytes) {
                fail(c, 431, QStringLiteral("http.headers_too_large"),
                     QStringLiteral("the header is larger than %1 bytes")
                         .arg(m_limits.maxHeaderBytes));
                return;
            }
            const QByteArray head = c->buffer.left(end);
            c->buffer.remove(0, end + sep);
            const qsizetype lineEnd = head.indexOf('\n');
            QByteArray requestLine = lineEnd < 0 ? head : head.left(lineEnd);
            if (requestLine.endsWith('\r')) {
                requestLine.chop(1);
            }
            if (requestLine.size() > m_limits.maxRequestLine) {
                fail(c, 414, QStringLiteral("http.uri_too_long"),
                     QStringLiteral("the request line is too long"));
                return;
            }
            const QList<QByteArray> parts = requestLine.split(' ');
            if (parts.size() != 3 || parts.at(0).isEmpty() ||
                !std::all_of(parts.at(0).begin(), parts.at(0).end(), isTokenChar) ||
                !parts.at(1).startsWith('/') || !parts.at(2).startsWith("HTTP/")) {
                fail(c, 400, QStringLiteral("http.bad_request_line"),
                     QStringLiteral("the request line is not METHOD /TARGET HTTP/1.1"));
                return;
            }
            if (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0") {
                fail(c, 505, QStringLiteral("http.version"),
                     QStringLiteral("only HTTP/1.1 is spoken here"));
                return;
            }
            auto parsed = sig::HttpMessage::parse(head + "\r\n\r\n", true);
            if (!parsed) {
                fail(c, 400, QStringLiteral("http.bad_header"), parsed.errorMessage());
                return;
            }
            c->message = *parsed;
            if (c->message.fields.size() > m_limits.maxHeaderFields) {
                fail(c, 431, QStringLiteral("http.headers_too_large"),
                     QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaderFields));
                return;
            }
            for (const auto& f : std::as_const(c->message.fields)) {
                if (!std::all_of(f.first.begin(), f.first.end(), isTokenChar)) {
                    fail(c, 400, QStringLiteral("http.bad_header"),
                         QStringLiteral("a header name with characters outside a token"));
                    return;
                }
            }
            if (c->message.field("transfer-encoding")) {
                fail(c, 411, QStringLiteral("http.length_required"),
                     QStringLiteral("chunked bodies are not accepted: send Content-Length"));
                return;
            }
            c->bodyLength = 0;
            if (auto lengths = c->message.values("content-length")) {
                const QByteArray first = lengths->first().trimmed();
                bool ok = !first.isEmpty() && std::all_of(first.begin(), first.end(), [](char ch) {
                    return ch >= '0' && ch <= '9';
                }) && first.size() <= 18;
                for (const QByteArray& other : std::as_const(*lengths)) {
                    ok = ok && other.trimmed() == first;
                }
                if (!ok) {
                    fail(c, 400, QStringLiteral("http.bad_length"),
                         QStringLiteral("Content-Length is not one decimal number"));
                    return;
                }
                c->bodyLength = first.toLongLong();
            } else if (c->message.method == "POST" || c->message.method == "PUT" ||
                       c->message.method == "PATCH") {
                fail(c, 411, QStringLiteral("http.length_required"),
                     QStringLiteral("a %1 needs Content-Length")
                         .arg(QString::fromLatin1(c->message.method)));
                return;
            }
            if (c->bodyLength > m_limits.maxBody) {
                fail(c, 413, QStringLiteral("http.too_large"),
                     QStringLiteral("the body is larger than %1 bytes").arg(m_limits.maxBody));
                return;
            }
            c->haveHead = true;
        }
        if (c->buffer.size() < c->bodyLength) {
            return; // wait for the rest of the body
        }
        c->message.body = c->buffer.left(c->bodyLength);
        c->buffer.remove(0, c->bodyLength);
        c->haveHead = false;
        HttpRequest request{c->message, c->socket->peerAddress()};
        HttpResponse response;
        response = m_handler(request);
        const bool close =
            c->message.field("connection").value_or(QByteArray()).toLower() == "close";
        send(c, response, close);
        // A pipelined request already begun gets the request deadline, not the idle one.
        c->timer->start(c->buffer.isEmpty() ? m_limits.idleTimeoutMs : m_limits.requestTimeoutMs);
        if (!c->buffer.isEmpty()) {
            c->started.start();
        }
    }
}

} // namespace madoguchi::central
