#pragma once
// A small, strict HTTP/1.1 server on QTcpServer for central. Qt HttpServer 6.4 is a technology
// preview that closes the connection on a garbage request line without an answer, reads
// "Content-Length: abc" as an empty body, buffers bodies of any size and sends no Date header;
// this one answers every request it can parse with a status and a reason:
//   400 bad request line, header or Content-Length; 408 a request that does not arrive in time;
//   411 a body without Content-Length (chunked bodies are not accepted); 413 a body over the
//   limit (refused before it is read); 414 a request line over the limit; 431 headers over the
//   limit; 505 another HTTP version.
// Bodies and headers are bounded, every response carries Date and Content-Length, and the
// handler runs on the server's thread with the whole request in hand.
//
// With setTls() it serves HTTPS (QSslServer, TLS 1.2 or later): a connection reaches the HTTP
// layer only once its handshake is done, within the request timeout to the ClientHello and
// again to the end of the handshake; a failed handshake is reported by connectionFailed() and
// the connection dropped, and a client that does not start with a TLS ClientHello (plain HTTP
// on the TLS port) is dropped unanswered.

#include "common/Result.h"
#include "sig/HttpMessage.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace madoguchi::central {

struct HttpLimits
{
    int maxRequestLine = 8 * 1024;
    int maxHeaderBytes = 32 * 1024;
    int maxHeaderFields = 100;
    qint64 maxBody = 8 * 1024 * 1024;
    int requestTimeoutMs = 10000; // from the first byte to the end of the body
    int idleTimeoutMs = 30000;    // keep-alive
};

struct HttpRequest
{
    sig::HttpMessage message; // method, target (origin-form), fields, body
    QHostAddress peer;
    QByteArray path() const;
    QByteArray query() const;
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QList<QPair<QByteArray, QByteArray>> fields; // extra header fields
    QByteArray body;
    // For the request log.
    QString terminal;
    QString operatorLogin;

    static HttpResponse json(int status, const QJsonObject& body);
    // RFC 9457 problem details: {type, title, status, detail, code}.
    static HttpResponse problem(int status, const QString& code, const QString& title,
                                const QString& detail = {});
};

// The server side of TLS from PEM files: the certificate (then any intermediate certificates)
// and its unencrypted EC or RSA private key; TLS 1.2 or later, no client certificates. Fails
// with a message naming the file when one cannot be read or the key is not the certificate's.
Result<QSslConfiguration> loadTlsConfiguration(const QString& certificateFile,
                                               const QString& keyFile);

QByteArray reasonPhrase(int status);
QByteArray httpDate(const QDateTime& when);

class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;

    HttpServer(Handler handler, HttpLimits limits = {}, QObject* parent = nullptr);
    ~HttpServer() override;

    // Serve TLS with this configuration on every connection; call before listen().
    void setTls(const QSslConfiguration& configuration);
    bool isTls() const { return m_tls; }

    bool listen(const QHostAddress& address, quint16 port);
    quint16 port() const;
    QString errorString() const;

signals:
    // One line per request for the log.
    void served(const QString& method, const QString& path, int status, qint64 ms,
                const QString& terminal, const QString& operatorLogin);
    // A connection dropped before it carried a request (a TLS handshake that failed or did not
    // finish in time), for the log.
    void connectionFailed(const QString& peer, const QString& reason);

private:
    struct Connection;
    void onNewConnection();
    void read(Connection* c);
    void process(Connection* c);
    void send(Connection* c, const HttpResponse& r, bool close);
    void fail(Connection* c, int status, const QString& code, const QString& why);

    Handler m_handler;
    HttpLimits m_limits;
    QTcpServer* m_server;
    bool m_tls = false;
};

} // namespace madoguchi::central
