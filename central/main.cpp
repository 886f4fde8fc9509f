// madoguchi-central: the reference central service. See CentralService.h for what it serves
// and HttpServer.h for the HTTP layer.
//   madoguchi-central --listen HOST:PORT --db DB [--public-url URL] [--tls-cert C --tls-key K]
//   madoguchi-central --db DB admin enroll-code --terminal NAME
//   madoguchi-central --db DB admin revoke --terminal NAME
//   madoguchi-central --db DB admin audit --terminal NAME   (where its audit chain stands)
//   madoguchi-central --db DB admin operator-add|operator-update|operator-password|
//                     operator-disable|operator-enable --login L [--name N] [--role R,R]
//   madoguchi-central --db DB admin operators
//   madoguchi-central --db DB admin bridge-cross --external CA.pem   (the bridge toward GPKI)
//   madoguchi-central --db DB admin produce [--limit N] [--vcard-dir DIR]   (card production)
//   madoguchi-central --db DB admin import FILE   (a workstation's transport file)
//   madoguchi-central --db DB admin publish PACKAGE   (a signed training course package)
//   madoguchi-central --db DB admin production [--state S] [--json]
//   madoguchi-central --db DB admin delegate --lg-code CODE [--population N] [--off]
//   madoguchi-central --db DB admin delegations
#include "CentralService.h"
#include "HttpServer.h"
#include "storage/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace madoguchi;
using namespace madoguchi::central;

namespace {

void line(std::FILE* f, const QString& text)
{
    std::fputs(text.toUtf8().constData(), f);
    std::fputc('\n', f);
    std::fflush(f);
}

int usage(const QString& why)
{
    line(stderr, QStringLiteral("madoguchi-central: ") + why);
    line(stderr,
         QStringLiteral(
             "usage: madoguchi-central --listen HOST:PORT --db DB [--public-url URL]\n"
             "                         [--tls-cert CERT.pem --tls-key KEY.pem] [--pki-dir DIR]\n"
             "       madoguchi-central --db DB admin enroll-code --terminal NAME\n"
             "       madoguchi-central --db DB admin revoke --terminal NAME\n"
             "       madoguchi-central --db DB admin audit --terminal NAME\n"
             "       madoguchi-central --db DB admin operator-add --login L --name N "
             "--role R[,R]\n"
             "       madoguchi-central --db DB admin operator-update|operator-password|"
             "operator-disable|\n"
             "                         operator-enable --login L [--name N] [--role R]\n"
             "       madoguchi-central --db DB admin operators\n"
             "       madoguchi-central --db DB admin bridge-cross --external CA.pem\n"
             "       madoguchi-central --db DB admin produce [--limit N] [--vcard-dir DIR]\n"
             "       madoguchi-central --db DB admin import FILE\n"
             "       madoguchi-central --db DB admin publish PACKAGE.mdcourse\n"
             "       madoguchi-central --db DB admin production [--state S] [--json]\n"
             "       madoguchi-central --db DB admin delegate --lg-code CODE [--population N] "
             "[--off]\n"
             "       madoguchi-central --db DB admin delegations\n"
             "DB is a SQLite file (created on first start) or a postgresql:// URL. With "
             "--tls-cert and --tls-key\n(PEM: the certificate and any intermediates, an "
             "unencrypted EC or RSA key) central serves\nHTTPS on any address; without "
             "them plain HTTP on loopback only: elsewhere give it a certificate\nor run it "
             "behind a TLS-terminating proxy and give --public-url."));
    return 2;
}

// A new password: MADOGUCHI_NEW_PASSWORD, or one line on stdin.
QString newPassword()
{
    const QString fromEnv = qEnvironmentVariable("MADOGUCHI_NEW_PASSWORD");
    if (!fromEnv.isEmpty()) {
        return fromEnv;
    }
    char buffer[512] = {};
    if (!std::fgets(buffer, sizeof buffer, stdin)) {
        return {};
    }
    return QString::fromUtf8(buffer).trimmed();
}

int adminOperators(CentralService& service, const QString& command, const QCommandLineParser& p)
{
    if (command == QStringLiteral("operators")) {
        auto all = service.operators();
        if (!all) {
            line(stderr, QStringLiteral("madoguchi-central: ") + all.errorMessage());
            return 1;
        }
        for (const CentralOperator& op : std::as_const(*all)) {
            line(stdout,
                 QStringLiteral("%1\t%2\t%3\t%4")
                     .arg(op.login, op.displayName, op.roles.join(u','),
                          op.active ? QStringLiteral("active") : QStringLiteral("disabled")));
        }
        return 0;
    }
    const QString login = p.value(QStringLiteral("login"));
    if (login.isEmpty()) {
        return usage(QStringLiteral("use: admin operator-add|operator-update|operator-password|"
                                    "operator-disable|operator-enable --login LOGIN"));
    }
    CentralOperator op;
    bool found = false;
    auto all = service.operators();
    if (!all) {
        line(stderr, QStringLiteral("madoguchi-central: ") + all.errorMessage());
        return 1;
    }
    for (const CentralOperator& o : std::as_const(*all)) {
        if (o.login == login) {
            op = o;
            found = true;
        }
    }
    QString password;
    if (command == QStringLiteral("operator-add")) {
        if (found) {
            line(stderr, QStringLiteral("madoguchi-central: operator %1 exists").arg(login));
            return 1;
        }
        op.login = login;
        op.displayName = p.value(QStringLiteral("name"));
        op.roles = p.value(QStringLiteral("role")).split(u',', Qt::SkipEmptyParts);
        password = newPassword();
        if (password.isEmpty()) {
            return usage(QStringLiteral("a new operator needs a password (MADOGUCHI_NEW_PASSWORD "
                                        "or a line on stdin)"));
        }
    } else if (!found) {
        line(stderr, QStringLiteral("madoguchi-central: no operator %1").arg(login));
        return 1;
    } else if (command == QStringLiteral("operator-update")) {
        if (p.isSet(QStringLiteral("name"))) {
            op.displayName = p.value(QStringLiteral("name"));
        }
        if (p.isSet(QStringLiteral("role"))) {
            op.roles = p.value(QStringLiteral("role")).split(u',', Qt::SkipEmptyParts);
        }
    } else if (command == QStringLiteral("operator-password")) {
        password = newPassword();
        if (password.isEmpty()) {
            return usage(QStringLiteral("give the new password (MADOGUCHI_NEW_PASSWORD or a line "
                                        "on stdin)"));
        }
    } else if (command == QStringLiteral("operator-disable") ||
               command == QStringLiteral("operator-enable")) {
        op.active = command == QStringLiteral("operator-enable");
    } else {
        return usage(QStringLiteral("unknown admin command %1").arg(command));
    }
    if (Status st = service.saveOperator(op, password); !st) {
        line(stderr, QStringLiteral("madoguchi-central: ") + st.errorMessage());
        return st.error().code == QStringLiteral("central.usage") ? 2 : 1;
    }
    line(stdout, QStringLiteral("operator %1 saved").arg(login));
    return 0;
}

// Card production: produce, production, delegate, delegations.
int adminProduction(CentralService& service, const QString& command, const QCommandLineParser& p)
{
    CardProduction& production = service.production();
    auto fail = [](const Error& e) {
        line(stderr, QStringLiteral("madoguchi-central: ") + e.message);
        return e.code == QStringLiteral("central.usage") ? 2 : 1;
    };
    if (command == QStringLiteral("produce")) {
        int limit = 0;
        if (p.isSet(QStringLiteral("limit"))) {
            bool ok = false;
            limit = p.value(QStringLiteral("limit")).toInt(&ok);
            if (!ok || limit <= 0) {
                return usage(QStringLiteral("--limit needs a number above 0"));
            }
        }
        auto r = production.produce(limit, p.value(QStringLiteral("vcard-dir")));
        if (!r) {
            return fail(r.error());
        }
        for (const QString& serial : std::as_const(r->serials)) {
            line(stdout, serial);
        }
        line(stderr,
             QStringLiteral("%1 cards produced and sent back to their terminals").arg(r->produced));
        return 0;
    }
    if (command == QStringLiteral("production")) {
        auto all = production.orders(p.value(QStringLiteral("state")));
        if (!all) {
            return fail(all.error());
        }
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray out;
            for (const ProductionOrder& o : std::as_const(*all)) {
                out.append(o.toJson());
            }
            line(stdout, QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact)));
            return 0;
        }
        for (const ProductionOrder& o : std::as_const(*all)) {
            line(stdout,
                 QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6%7")
                     .arg(o.productionId, o.terminal)
                     .arg(o.application)
                     .arg(o.state, o.cardSerial.isEmpty() ? QStringLiteral("-") : o.cardSerial,
                          o.delegated ? QStringLiteral("delegated") : QStringLiteral("-"),
                          o.note.isEmpty() ? QString() : u'\t' + o.note));
        }
        return 0;
    }
    if (command == QStringLiteral("delegate")) {
        const QString code = p.value(QStringLiteral("lg-code"));
        if (code.isEmpty()) {
            return usage(QStringLiteral("use: admin delegate --lg-code CODE [--population N] "
                                        "[--off]"));
        }
        int population = 0;
        if (p.isSet(QStringLiteral("population"))) {
            bool ok = false;
            population = p.value(QStringLiteral("population")).toInt(&ok);
            if (!ok || population <= 0) {
                return usage(QStringLiteral("--population needs a number above 0"));
            }
        }
        const bool off = p.isSet(QStringLiteral("off"));
        if (Status st = production.setDelegation(code, !off, population); !st) {
            return fail(st.error());
        }
        line(stdout, off ? QStringLiteral("%1 issues its cards itself again").arg(code)
                         : QStringLiteral("%1 has delegated card issuance to central (towns of "
                                          "%2 people or fewer only: the operator answers for it)")
                               .arg(code)
                               .arg(CardProduction::kDelegationLimit));
        return 0;
    }
    if (command == QStringLiteral("delegations")) {
        auto all = production.delegations();
        if (!all) {
            return fail(all.error());
        }
        for (const Delegation& d : std::as_const(*all)) {
            line(stdout,
                 QStringLiteral("%1\t%2\t%3")
                     .arg(d.lgCode,
                          d.population > 0 ? QString::number(d.population) : QStringLiteral("-"),
                          d.since));
        }
        return 0;
    }
    return usage(QStringLiteral("unknown admin command %1").arg(command));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("madoguchi-central"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MADOGUCHI_VERSION));
    std::signal(SIGPIPE, SIG_IGN);
    auto quit = [](int) {
        QCoreApplication::quit();
    };
    std::signal(SIGTERM, quit);
    std::signal(SIGINT, quit);

    QCommandLineParser p;
    p.addOptions(
        {{QStringLiteral("listen"), QStringLiteral("address"), QStringLiteral("HOST:PORT")},
         {QStringLiteral("db"), QStringLiteral("database"), QStringLiteral("DB")},
         {QStringLiteral("public-url"), QStringLiteral("public URL"), QStringLiteral("URL")},
         {QStringLiteral("terminal"), QStringLiteral("terminal"), QStringLiteral("NAME")},
         {QStringLiteral("login"), QStringLiteral("operator login"), QStringLiteral("LOGIN")},
         {QStringLiteral("name"), QStringLiteral("operator's name"), QStringLiteral("NAME")},
         {QStringLiteral("role"), QStringLiteral("roles, comma-separated"),
          QStringLiteral("ROLES")},
         {QStringLiteral("tls-cert"), QStringLiteral("TLS certificate"), QStringLiteral("C")},
         {QStringLiteral("tls-key"), QStringLiteral("TLS key"), QStringLiteral("K")},
         {QStringLiteral("pki-dir"), QStringLiteral("JPKI CA keys"), QStringLiteral("DIR")},
         {QStringLiteral("external"), QStringLiteral("outside CA certificate"),
          QStringLiteral("FILE")},
         {QStringLiteral("limit"), QStringLiteral("how many orders"), QStringLiteral("N")},
         {QStringLiteral("vcard-dir"), QStringLiteral("virtual card profiles"),
          QStringLiteral("DIR")},
         {QStringLiteral("state"), QStringLiteral("order state"), QStringLiteral("STATE")},
         {QStringLiteral("json"), QStringLiteral("JSON output")},
         {QStringLiteral("lg-code"), QStringLiteral("local-government code"),
          QStringLiteral("CODE")},
         {QStringLiteral("population"), QStringLiteral("the town's population"),
          QStringLiteral("N")},
         {QStringLiteral("off"), QStringLiteral("end the delegation")},
         {QStringLiteral("version"), QStringLiteral("version")}});
    if (!p.parse(QCoreApplication::arguments())) {
        return usage(p.errorText());
    }
    if (p.isSet(QStringLiteral("version"))) {
        line(stdout, QStringLiteral("madoguchi-central %1").arg(QStringLiteral(MADOGUCHI_VERSION)));
        return 0;
    }
    const QString dbSpec = p.value(QStringLiteral("db"));
    if (dbSpec.isEmpty()) {
        return usage(QStringLiteral("--db DB is required"));
    }
    const QStringList words = p.positionalArguments();
    const QString listen = p.value(QStringLiteral("listen"));
    const bool serving = words.isEmpty();
    QHostAddress address;
    quint16 port = 0;
    std::optional<QSslConfiguration> tls;
    if (serving) {
        const qsizetype colon = listen.lastIndexOf(u':');
        bool portOk = false;
        port = colon < 0 ? 0 : listen.mid(colon + 1).toUShort(&portOk);
        QString host = colon < 0 ? QString() : listen.left(colon);
        if (host.startsWith(u'[') && host.endsWith(u']')) {
            host = host.mid(1, host.size() - 2);
        }
        address = QHostAddress(host);
        if (listen.isEmpty() || colon < 0 || !portOk || address.isNull()) {
            return usage(QStringLiteral("--listen HOST:PORT is required (e.g. 127.0.0.1:8443)"));
        }
        const bool haveCert = p.isSet(QStringLiteral("tls-cert"));
        const bool haveKey = p.isSet(QStringLiteral("tls-key"));
        if (haveCert != haveKey) {
            return usage(QStringLiteral("--tls-cert and --tls-key go together: give both (the "
                                        "certificate and its private key) or neither"));
        }
        if (!haveCert && !address.isLoopback()) {
            return usage(QStringLiteral("plain HTTP is served on loopback only (%1 is not): give "
                                        "--tls-cert and --tls-key, or listen on loopback behind "
                                        "a TLS-terminating proxy")
                             .arg(address.toString()));
        }
        if (haveCert) {
            auto conf = loadTlsConfiguration(p.value(QStringLiteral("tls-cert")),
                                             p.value(QStringLiteral("tls-key")));
            if (!conf) {
                line(stderr, QStringLiteral("madoguchi-central: ") + conf.errorMessage());
                return 1;
            }
            tls = *conf;
        }
    }
    auto db = Database::open(dbSpec);
    if (!db) {
        line(stderr, QStringLiteral("madoguchi-central: ") + db.errorMessage());
        return 1;
    }
    CentralOptions options;
    options.publicUrl = p.value(QStringLiteral("public-url"));
    if (options.publicUrl.isEmpty() && !listen.isEmpty()) {
        options.publicUrl = (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + listen;
    }
    // The JPKI CA keys: beside a SQLite database, or under the home directory for PostgreSQL.
    options.pkiDir = p.value(QStringLiteral("pki-dir"));
    if (options.pkiDir.isEmpty()) {
        options.pkiDir =
            db->isSQLite()
                ? dbSpec + QStringLiteral(".pki")
                : QDir::home().filePath(
                      QStringLiteral(".madoguchi-central/pki-") +
                      QString::fromLatin1(
                          QCryptographicHash::hash(dbSpec.toUtf8(), QCryptographicHash::Sha256)
                              .toHex()
                              .left(12)));
    }
    CentralService service(*db, options);
    if (Status st = service.init(); !st) {
        line(stderr, QStringLiteral("madoguchi-central: ") + st.errorMessage());
        return 1;
    }
    if (words.size() == 2 && words[0] == QStringLiteral("admin") &&
        words[1] == QStringLiteral("bridge-cross")) {
        // The bridge toward another domain: prints the cross certificate for the outside CA.
        QFile f(p.value(QStringLiteral("external")));
        if (!f.open(QIODevice::ReadOnly)) {
            return usage(QStringLiteral("use: admin bridge-cross --external CA.pem"));
        }
        auto cross = service.pki().crossCertify(f.readAll(), QDateTime::currentDateTimeUtc());
        if (!cross) {
            line(stderr, QStringLiteral("madoguchi-central: ") + cross.errorMessage());
            return 1;
        }
        std::fputs(cross->constData(), stdout);
        return 0;
    }
    if (words.size() >= 2 && words[0] == QStringLiteral("admin") &&
        words[1] == QStringLiteral("publish")) {
        // A signed training course package for the catalogue workstations fetch from.
        if (words.size() != 3) {
            return usage(QStringLiteral("use: admin publish PACKAGE.mdcourse"));
        }
        QFile f(words[2]);
        if (!f.open(QIODevice::ReadOnly)) {
            line(stderr, QStringLiteral("madoguchi-central: cannot read %1: %2")
                             .arg(words[2], f.errorString()));
            return 1;
        }
        auto r = service.publishCourse(f.readAll());
        if (!r) {
            line(
                stderr,
                QStringLiteral("madoguchi-central: %1 (%2)").arg(r.errorMessage(), r.error().code));
            return 1;
        }
        line(stdout, QString::fromUtf8(QJsonDocument(*r).toJson(QJsonDocument::Compact)));
        return 0;
    }
    if (words.size() >= 2 && words[0] == QStringLiteral("admin") &&
        words[1] == QStringLiteral("import")) {
        // A workstation's transport file (USB stick): applied as its push, each change once.
        if (words.size() != 3) {
            return usage(QStringLiteral("use: admin import FILE"));
        }
        QFile f(words[2]);
        if (!f.open(QIODevice::ReadOnly)) {
            line(stderr, QStringLiteral("madoguchi-central: cannot read %1: %2")
                             .arg(words[2], f.errorString()));
            return 1;
        }
        auto r = service.importTransport(f.readAll());
        if (!r) {
            line(
                stderr,
                QStringLiteral("madoguchi-central: %1 (%2)").arg(r.errorMessage(), r.error().code));
            return 1;
        }
        line(stdout, QString::fromUtf8(QJsonDocument(*r).toJson(QJsonDocument::Compact)));
        return 0;
    }
    if (words.size() == 2 && words[0] == QStringLiteral("admin") &&
        words[1].startsWith(QStringLiteral("operator"))) {
        return adminOperators(service, words[1], p);
    }
    if (words.size() == 2 && words[0] == QStringLiteral("admin") &&
        (words[1] == QStringLiteral("produce") || words[1] == QStringLiteral("production") ||
         words[1] == QStringLiteral("delegate") || words[1] == QStringLiteral("delegations"))) {
        return adminProduction(service, words[1], p);
    }
    if (!words.isEmpty()) {
        const QString terminal = p.value(QStringLiteral("terminal"));
        if (words.size() != 2 || words[0] != QStringLiteral("admin") || terminal.isEmpty()) {
            return usage(QStringLiteral("use: admin enroll-code|revoke|audit --terminal NAME"));
        }
        if (words[1] == QStringLiteral("enroll-code")) {
            auto code = service.createEnrollCode(terminal);
            if (!code) {
                line(stderr, QStringLiteral("madoguchi-central: ") + code.errorMessage());
                return 1;
            }
            line(stdout, *code);
            return 0;
        }
        if (words[1] == QStringLiteral("audit")) {
            auto head = service.auditHead(terminal);
            if (!head) {
                line(stderr, QStringLiteral("madoguchi-central: ") + head.errorMessage());
                return 1;
            }
            line(stdout, QString::fromUtf8(QJsonDocument(*head).toJson(QJsonDocument::Compact)));
            return 0;
        }
        if (words[1] == QStringLiteral("revoke")) {
            if (Status st = service.revokeTerminal(terminal); !st) {
                line(stderr, QStringLiteral("madoguchi-central: ") + st.errorMessage());
                return 1;
            }
            line(stdout, QStringLiteral("terminal %1 revoked").arg(terminal));
            return 0;
        }
        return usage(QStringLiteral("unknown admin command %1").arg(words[1]));
    }
    HttpServer server([&service](const HttpRequest& r) { return service.handle(r); });
    QObject::connect(
        &server, &HttpServer::served,
        [](const QString& method, const QString& path, int status, qint64 ms,
           const QString& terminal, const QString& op) {
            line(stderr,
                 QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("method"), method},
                                                             {QStringLiteral("path"), path},
                                                             {QStringLiteral("status"), status},
                                                             {QStringLiteral("ms"), ms},
                                                             {QStringLiteral("terminal"), terminal},
                                                             {QStringLiteral("operator"), op}})
                                       .toJson(QJsonDocument::Compact)));
        });
    QObject::connect(
        &server, &HttpServer::connectionFailed, [](const QString& peer, const QString& reason) {
            line(stderr,
                 QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("event"),
                                                              QStringLiteral("connection_failed")},
                                                             {QStringLiteral("peer"), peer},
                                                             {QStringLiteral("reason"), reason}})
                                       .toJson(QJsonDocument::Compact)));
        });
    if (tls) {
        server.setTls(*tls);
    }
    if (!server.listen(address, port)) {
        line(stderr, QStringLiteral("madoguchi-central: cannot listen on %1: %2")
                         .arg(listen, server.errorString()));
        return 1;
    }
    const QString scheme = tls ? QStringLiteral("https") : QStringLiteral("http");
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    const QString origin = QStringLiteral("%1://%2:%3").arg(scheme, host).arg(server.port());
    if (!p.isSet(QStringLiteral("public-url"))) {
        options.publicUrl = origin;
        service.setPublicUrl(options.publicUrl);
        if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6 ||
            address == QHostAddress::Any) {
            line(stderr, QStringLiteral("madoguchi-central: listening on every address without "
                                        "--public-url: signed requests verify only when clients "
                                        "use %1")
                             .arg(origin));
        }
    }
    line(stdout, QStringLiteral("listening on %1 (public URL %2)").arg(origin, options.publicUrl));
    return app.exec();
}
