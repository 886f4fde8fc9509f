#include "CentralService.h"

#include "sync/TransportFile.h"

#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "auth/PasswordHasher.h"
#include "auth/Roles.h"
#include "common/Clock.h"
#include "crypto/OpenSsl.h"
#include "learning/CoursePackage.h"
#include "pki/Pki.h"
#include "sig/MessageSignature.h"
#include "storage/BatchInsert.h"
#include "storage/Migrations.h"
#include "storage/Transaction.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrlQuery>

namespace madoguchi::central {

namespace {

const QList<Migration>& centralSchema()
{
    static const QList<Migration> steps = {
        {1,
         QStringLiteral("central: settings, terminals, enrollment codes, nonces, changes"),
         {QStringLiteral(
              "CREATE TABLE central_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
          QStringLiteral("CREATE TABLE enroll_codes (code_hash TEXT PRIMARY KEY, terminal TEXT "
                         "NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at "
                         "TEXT)"),
          QStringLiteral("CREATE TABLE terminals (id {id}, name TEXT NOT NULL, fingerprint TEXT "
                         "NOT NULL UNIQUE, certificate TEXT NOT NULL, enrolled_at TEXT NOT NULL, "
                         "revoked_at TEXT)"),
          QStringLiteral("CREATE INDEX terminals_name ON terminals (name)"),
          QStringLiteral("CREATE TABLE nonces (terminal_id {ref} NOT NULL, nonce TEXT NOT NULL, "
                         "seen_at BIGINT NOT NULL, PRIMARY KEY (terminal_id, nonce))"),
          QStringLiteral("CREATE TABLE changes (seq {id}, change_id TEXT NOT NULL UNIQUE, "
                         "terminal_id {ref} NOT NULL, operator TEXT NOT NULL, kind TEXT NOT NULL, "
                         "record_key TEXT NOT NULL, version INTEGER NOT NULL, "
                         "payload TEXT NOT NULL, received_at TEXT NOT NULL)"),
          QStringLiteral("CREATE INDEX changes_record ON changes (record_key, version)")},
         {},
         {}},
        {2,
         QStringLiteral("central: each terminal's audit chain as received"),
         // Keyed by the terminal's name: a workstation enrolled again continues its chain.
         {QStringLiteral("CREATE TABLE audit_entries (chain TEXT NOT NULL, entry_id "
                         "BIGINT NOT NULL, at TEXT NOT NULL, operator TEXT NOT NULL, terminal "
                         "TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT "
                         "NOT NULL, resident_id BIGINT NOT NULL, purpose TEXT NOT NULL, "
                         "prev_hash TEXT NOT NULL, hash TEXT NOT NULL, received_at TEXT NOT "
                         "NULL, PRIMARY KEY (chain, entry_id))"),
          QStringLiteral("CREATE TABLE audit_heads (chain TEXT PRIMARY KEY, entry_id "
                         "BIGINT NOT NULL, hash TEXT NOT NULL, entries BIGINT NOT NULL, "
                         "updated_at TEXT NOT NULL)")},
         {},
         {}},
        {3,
         QStringLiteral("central: operators and their roles, authoritative for workstations"),
         {QStringLiteral("CREATE TABLE operators (id {id}, login TEXT NOT NULL UNIQUE, "
                         "display_name TEXT NOT NULL, password_hash TEXT NOT NULL, roles TEXT NOT "
                         "NULL, active INTEGER NOT NULL DEFAULT 1, revision BIGINT NOT NULL, "
                         "updated_at TEXT NOT NULL)")},
         {},
         {}},
        {4,
         QStringLiteral("central: JPKI certificates, CRLs, the index of residents"),
         {QStringLiteral("CREATE TABLE pki_certificates (serial TEXT PRIMARY KEY, ca TEXT NOT "
                         "NULL, kind TEXT NOT NULL, resident_code TEXT NOT NULL, card_id TEXT NOT "
                         "NULL, not_before TEXT NOT NULL, not_after TEXT NOT NULL, pem TEXT NOT "
                         "NULL, issued_at TEXT NOT NULL, terminal TEXT NOT NULL, operator TEXT NOT "
                         "NULL, revoked_at TEXT, reason TEXT)"),
          QStringLiteral("CREATE INDEX pki_certificates_resident ON pki_certificates "
                         "(resident_code, kind)"),
          QStringLiteral("CREATE INDEX pki_certificates_card ON pki_certificates (card_id)"),
          QStringLiteral("CREATE INDEX pki_certificates_revoked ON pki_certificates (ca, "
                         "revoked_at)"),
          QStringLiteral("CREATE TABLE pki_crls (ca TEXT PRIMARY KEY, number BIGINT NOT NULL, "
                         "this_update TEXT NOT NULL, next_update TEXT NOT NULL, der TEXT NOT "
                         "NULL, dirty INTEGER NOT NULL DEFAULT 0)"),
          QStringLiteral("CREATE TABLE central_residents (resident_code TEXT PRIMARY KEY, fields "
                         "TEXT NOT NULL, updated_at TEXT NOT NULL)")},
         {},
         {}},
        {5,
         QStringLiteral("central: the bridge CA's cross certificates"),
         {QStringLiteral("CREATE TABLE pki_cross (id {id}, subject TEXT NOT NULL, pem TEXT NOT "
                         "NULL, created_at TEXT NOT NULL)")},
         {},
         {}},
        {6,
         QStringLiteral("central: card production orders, delegations, addressed changes"),
         {QStringLiteral("CREATE TABLE card_production (id {id}, change_id TEXT NOT NULL UNIQUE, "
                         "terminal_id {ref} NOT NULL, terminal TEXT NOT NULL, application_id "
                         "BIGINT NOT NULL, resident_code TEXT NOT NULL, lg_code TEXT NOT NULL, "
                         "name TEXT NOT NULL, address TEXT NOT NULL, birth_date TEXT NOT NULL, "
                         "sex TEXT NOT NULL, requested_at TEXT NOT NULL, state TEXT NOT NULL, "
                         "card_serial TEXT UNIQUE, produced_at TEXT, delivered_at TEXT, "
                         "notice_sent_at TEXT, delegated INTEGER NOT NULL DEFAULT 0, note TEXT)"),
          QStringLiteral("CREATE INDEX card_production_application ON card_production "
                         "(terminal, application_id, state)"),
          QStringLiteral("CREATE INDEX card_production_state ON card_production (state, id)"),
          QStringLiteral("CREATE TABLE card_delegations (lg_code TEXT PRIMARY KEY, population "
                         "INTEGER NOT NULL DEFAULT 0, since TEXT NOT NULL)"),
          // A change central makes for one terminal (a card delivery): only that one pulls it.
          QStringLiteral("ALTER TABLE changes ADD COLUMN to_terminal TEXT")},
         {},
         {}},
        {7,
         QStringLiteral("central: transport files imported"),
         {QStringLiteral("CREATE TABLE transport_imports (id {id}, file_id TEXT NOT NULL, "
                         "terminal_id {ref} NOT NULL, created_at TEXT NOT NULL, imported_at TEXT "
                         "NOT NULL, changes INTEGER NOT NULL, applied INTEGER NOT NULL, "
                         "duplicates INTEGER NOT NULL, conflicts INTEGER NOT NULL)"),
          QStringLiteral("CREATE INDEX transport_imports_file ON transport_imports (file_id)")},
         {},
         {}},
        {8,
         QStringLiteral("central: the training course catalogue (signed course packages)"),
         {QStringLiteral("CREATE TABLE learning_packages (id {id}, course_id TEXT NOT NULL, "
                         "version INTEGER NOT NULL, title TEXT NOT NULL, title_en TEXT NOT NULL "
                         "DEFAULT '', publisher TEXT NOT NULL DEFAULT '', key_id TEXT NOT NULL, "
                         "sha256 TEXT NOT NULL, package {blob} NOT NULL, published_at TEXT NOT "
                         "NULL, UNIQUE (course_id, version))")},
         {},
         {}},
        {9,
         QStringLiteral("central: training records and completion certificates"),
         // The latest record per uid of each learning.* kind (LearningRecords), and the
         // certificates anyone can check (GET /v1/learning/certificates/NUMBER).
         {QStringLiteral("CREATE TABLE central_learning_records (kind TEXT NOT NULL, uid TEXT NOT "
                         "NULL, login TEXT NOT NULL, course_id TEXT NOT NULL, stamp TEXT NOT "
                         "NULL, payload TEXT NOT NULL, terminal TEXT NOT NULL, received_at TEXT "
                         "NOT NULL, PRIMARY KEY (kind, uid))"),
          QStringLiteral("CREATE INDEX central_learning_records_login ON "
                         "central_learning_records (login)"),
          QStringLiteral("CREATE TABLE central_learning_certificates (number TEXT PRIMARY KEY, "
                         "login TEXT NOT NULL, display_name TEXT NOT NULL, course_id TEXT NOT "
                         "NULL, course_version INTEGER NOT NULL, course_title TEXT NOT NULL, "
                         "score INTEGER NOT NULL, completed_at TEXT NOT NULL, issued_at TEXT NOT "
                         "NULL, terminal TEXT NOT NULL, received_at TEXT NOT NULL)")},
         {},
         {}},
    };
    return steps;
}

QString codeHash(const QString& code)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(code.trimmed().toUpper().toLatin1(), QCryptographicHash::Sha256)
            .toHex());
}

// The `since` of a pull: absent means from the start; anything but a number ≥ 0 is refused.
std::optional<qint64> sinceOf(const HttpRequest& request)
{
    const QUrlQuery query(QString::fromLatin1(request.query()));
    if (!query.hasQueryItem(QStringLiteral("since"))) {
        return 0;
    }
    bool ok = false;
    const qint64 since = query.queryItemValue(QStringLiteral("since")).toLongLong(&ok);
    return ok && since >= 0 ? std::optional<qint64>(since) : std::nullopt;
}

HttpResponse refuse(int status, const Error& e, const QString& title)
{
    return HttpResponse::problem(status, e.code.isEmpty() ? QStringLiteral("refused") : e.code,
                                 title, e.message);
}

} // namespace

CentralService::CentralService(Database db, CentralOptions options)
    : m_db(std::move(db)), m_options(std::move(options)), m_pki(m_db, m_options.pkiDir),
      m_production(m_db), m_learning(m_db)
{
    while (m_options.publicUrl.endsWith(u'/')) {
        m_options.publicUrl.chop(1);
    }
}

Result<QString> CentralService::setting(const QString& key) const
{
    auto v = m_db.scalar(QStringLiteral("SELECT value FROM central_settings WHERE key = ?"), {key});
    if (!v) {
        return v.error();
    }
    return v->toString();
}

Status CentralService::init()
{
    if (auto v = Migrator::migrate(m_db, centralSchema()); !v) {
        return v.error();
    }
    auto caKey = setting(QStringLiteral("ca_key"));
    if (!caKey) {
        return caKey.error();
    }
    if (caKey->isEmpty()) {
        // First start: the terminal CA and central's response-signing key. (A production
        // central keeps these in an HSM; the reference service keeps them in its database.)
        auto key = pki::generateEcKey();
        auto service = pki::generateEcKey();
        if (!key || !service) {
            return !key ? key.error() : service.error();
        }
        auto cert = pki::makeCaCertificate(*key, QStringLiteral("Madoguchi terminal CA"), 3650);
        if (!cert) {
            return cert.error();
        }
        Transaction tx(m_db);
        for (const auto& [k, v] : {std::pair{QStringLiteral("ca_key"), *key},
                                   std::pair{QStringLiteral("ca_cert"), *cert},
                                   std::pair{QStringLiteral("service_key"), *service}}) {
            if (Status st = m_db.run(
                    QStringLiteral("INSERT INTO central_settings (key, value) VALUES (?, ?)"),
                    {k, QString::fromLatin1(v)});
                !st) {
                return st;
            }
        }
        if (Status st = tx.commit(); !st) {
            return st;
        }
    }
    m_caKey = setting(QStringLiteral("ca_key"))->toLatin1();
    m_caCert = setting(QStringLiteral("ca_cert"))->toLatin1();
    m_serviceKey = setting(QStringLiteral("service_key"))->toLatin1();
    m_pki.setPublicUrl(m_options.publicUrl);
    return m_pki.init(Clock::now());
}

void CentralService::setPublicUrl(const QString& url)
{
    m_options.publicUrl = url;
    while (m_options.publicUrl.endsWith(u'/')) {
        m_options.publicUrl.chop(1);
    }
    m_pki.setPublicUrl(m_options.publicUrl);
}

Result<QByteArray> CentralService::caCertificate() const
{
    return m_caCert;
}

Result<QString> CentralService::createEnrollCode(const QString& terminal)
{
    if (terminal.trimmed().isEmpty()) {
        return Error(QStringLiteral("a terminal needs a name"), QStringLiteral("central.usage"));
    }
    // 20 characters of Crockford-like base32: easy to read out over the phone.
    static const char alphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
    const QByteArray random = ossl::randomBytes(20);
    if (random.size() != 20) {
        return Error(QStringLiteral("no randomness"), QStringLiteral("central.error"));
    }
    QString code;
    for (int i = 0; i < 20; ++i) {
        if (i && i % 5 == 0) {
            code += u'-';
        }
        code += QLatin1Char(alphabet[quint8(random[i]) % 32]);
    }
    const QDateTime now = Clock::now();
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO enroll_codes (code_hash, terminal, "
                           "created_at, expires_at) VALUES (?, ?, ?, ?)"),
            {codeHash(code.remove(u'-')), terminal.trimmed(), now.toString(Qt::ISODateWithMs),
             now.addSecs(qint64(m_options.enrollCodeHours) * 3600).toString(Qt::ISODateWithMs)});
        !st) {
        return st.error();
    }
    QString shown;
    for (int i = 0; i < code.size(); ++i) {
        if (i && i % 5 == 0) {
            shown += u'-';
        }
        shown += code.at(i);
    }
    return shown;
}

Status CentralService::revokeTerminal(const QString& terminal)
{
    auto n = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM terminals WHERE name = ? AND "
                                        "revoked_at IS NULL"),
                         {terminal});
    if (!n) {
        return n.error();
    }
    if (n->toInt() == 0) {
        return Error(QStringLiteral("no enrolled terminal is called %1").arg(terminal),
                     QStringLiteral("central.unknown_terminal"));
    }
    return m_db.run(QStringLiteral("UPDATE terminals SET revoked_at = ? WHERE name = ? AND "
                                   "revoked_at IS NULL"),
                    {Clock::isoNow(), terminal});
}

Status CentralService::saveOperator(const CentralOperator& op, const QString& password)
{
    if (Status st = OperatorService::validateLogin(op.login); !st) {
        return st;
    }
    if (op.roles.isEmpty()) {
        return Error(QStringLiteral("an operator needs at least one role"),
                     QStringLiteral("central.usage"));
    }
    for (const QString& r : op.roles) {
        if (!roles::fromId(r)) {
            return Error(QStringLiteral("unknown role %1 (roles: clerk, card_issuer, supervisor, "
                                        "disaster_staff, trainee, admin)")
                             .arg(r),
                         QStringLiteral("central.usage"));
        }
    }
    Transaction tx(m_db);
    auto row = m_db.exec(QStringLiteral("SELECT password_hash FROM operators WHERE login = ?"),
                         {op.login});
    if (!row) {
        return row.error();
    }
    const bool exists = row->next();
    QString hash = exists ? row->value(0).toString() : QString();
    row->finish();
    if (!exists && password.isEmpty()) {
        return Error(QStringLiteral("a new operator needs a password"),
                     QStringLiteral("central.usage"));
    }
    if (!password.isEmpty()) {
        if (Status st = PasswordHasher::checkPolicy(password, op.login); !st) {
            return st;
        }
        auto h = PasswordHasher::hash(password);
        if (!h) {
            return h.error();
        }
        hash = *h;
    }
    auto revision =
        m_db.scalar(QStringLiteral("SELECT COALESCE(MAX(revision), 0) + 1 FROM operators"));
    if (!revision) {
        return revision.error();
    }
    const QString sql =
        exists
            ? QStringLiteral("UPDATE operators SET display_name = ?, password_hash = ?, roles = "
                             "?, active = ?, revision = ?, updated_at = ? WHERE login = ?")
            : QStringLiteral("INSERT INTO operators (display_name, password_hash, roles, "
                             "active, revision, updated_at, login) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (Status st = m_db.run(sql, {op.displayName.isEmpty() ? op.login : op.displayName, hash,
                                   op.roles.join(u','), op.active ? 1 : 0, revision->toLongLong(),
                                   Clock::isoNow(), op.login});
        !st) {
        return st;
    }
    return tx.commit();
}

Result<QList<CentralOperator>> CentralService::operators() const
{
    auto q = m_db.exec(QStringLiteral("SELECT login, display_name, roles, active, password_hash, "
                                      "revision FROM operators ORDER BY login"));
    if (!q) {
        return q.error();
    }
    QList<CentralOperator> out;
    while (q->next()) {
        CentralOperator op;
        op.login = q->value(0).toString();
        op.displayName = q->value(1).toString();
        op.roles = q->value(2).toString().split(u',', Qt::SkipEmptyParts);
        op.active = q->value(3).toInt() != 0;
        op.passwordHash = q->value(4).toString();
        op.revision = q->value(5).toLongLong();
        out << op;
    }
    return out;
}

HttpResponse CentralService::operatorList(const HttpRequest& request)
{
    const std::optional<qint64> since = sinceOf(request);
    if (!since) {
        return HttpResponse::problem(
            400, QStringLiteral("sync.cursor"), QStringLiteral("Bad Request"),
            QStringLiteral("since must be a number from an earlier answer"));
    }
    auto all = operators();
    if (!all) {
        return refuse(500, all.error(), QStringLiteral("Internal Server Error"));
    }
    qint64 revision = 0;
    for (const CentralOperator& op : std::as_const(*all)) {
        revision = std::max(revision, op.revision);
    }
    // The whole list whenever anything changed: a workstation replaces its list with it, so an
    // operator disabled here is disabled there too.
    QJsonArray out;
    if (revision > *since) {
        for (const CentralOperator& op : std::as_const(*all)) {
            out.append(QJsonObject{{QStringLiteral("login"), op.login},
                                   {QStringLiteral("display_name"), op.displayName},
                                   {QStringLiteral("roles"), QJsonArray::fromStringList(op.roles)},
                                   {QStringLiteral("active"), op.active},
                                   {QStringLiteral("password_hash"), op.passwordHash}});
        }
    }
    return HttpResponse::json(200, {{QStringLiteral("revision"), QString::number(revision)},
                                    {QStringLiteral("changed"), revision > *since},
                                    {QStringLiteral("operators"), out}});
}

HttpResponse CentralService::handle(const HttpRequest& request)
{
    const QByteArray path = request.path();
    const QByteArray method = request.message.method;
    if (path == "/v1/health") {
        if (method != "GET") {
            return HttpResponse::problem(405, QStringLiteral("http.method"),
                                         QStringLiteral("Method Not Allowed"));
        }
        return HttpResponse::json(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                                        {QStringLiteral("time"), Clock::isoNow()}});
    }
    if (path == "/v1/pki/ca" || path == "/v1/pki/crl" || path == "/v1/pki/ocsp" ||
        path == "/v1/pki/bridge") {
        return m_pki.publicRoute(request); // public: relying parties are not enrolled
    }
    if (path.startsWith("/v1/learning/certificates/")) {
        return m_learning.certificateRoute(request); // public: anyone checks a certificate
    }
    if (path == "/v1/enroll") {
        if (method != "POST") {
            return HttpResponse::problem(405, QStringLiteral("http.method"),
                                         QStringLiteral("Method Not Allowed"));
        }
        return enroll(request);
    }
    const bool known = path == "/v1/whoami" || path == "/v1/sync/push" || path == "/v1/sync/pull" ||
                       path == "/v1/audit/push" || path == "/v1/operators" ||
                       path == "/v1/pki/issue" || path == "/v1/pki/revoke" ||
                       path == "/v1/pki/certificates" || path == "/v1/cards/production" ||
                       path == "/v1/learning/records" ||
                       path == "/v1/learning/catalogue" || path == "/v1/learning/package";
    if (!known) {
        return HttpResponse::problem(
            404, QStringLiteral("http.not_found"), QStringLiteral("Not Found"),
            QStringLiteral("no such endpoint: %1").arg(QString::fromLatin1(path)));
    }
    Caller caller;
    if (auto refusal = authenticate(request, &caller)) {
        return *refusal;
    }
    HttpResponse response;
    if (path == "/v1/whoami" && method == "GET") {
        response = HttpResponse::json(200, {{QStringLiteral("terminal"), caller.terminal},
                                            {QStringLiteral("operator"), caller.operatorLogin}});
    } else if (path == "/v1/sync/push" && method == "POST") {
        response = push(request, caller);
    } else if (path.startsWith("/v1/pki/")) {
        response = m_pki.signedRoute(request, caller.operatorLogin, caller.terminal);
    } else if (path == "/v1/operators" && method == "GET") {
        response = operatorList(request);
    } else if (path == "/v1/audit/push" && method == "POST") {
        response = auditPush(request, caller);
    } else if (path == "/v1/sync/pull" && method == "GET") {
        response = pull(request, caller);
    } else if (path == "/v1/cards/production" && method == "GET") {
        response = productionStatus(request, caller);
    } else if (path == "/v1/learning/records" && method == "GET") {
        response = m_learning.recordsRoute(request, caller.operatorLogin);
    } else if (path == "/v1/learning/catalogue" && method == "GET") {
        response = learningCatalogue();
    } else if (path == "/v1/learning/package" && method == "GET") {
        response = learningPackage(request);
    } else {
        response = HttpResponse::problem(405, QStringLiteral("http.method"),
                                         QStringLiteral("Method Not Allowed"));
    }
    response.terminal = caller.terminal;
    response.operatorLogin = caller.operatorLogin;
    signResponse(response, request, caller);
    return response;
}

HttpResponse CentralService::enroll(const HttpRequest& request)
{
    QJsonParseError pe;
    const QJsonObject body = QJsonDocument::fromJson(request.message.body, &pe).object();
    if (pe.error != QJsonParseError::NoError) {
        return HttpResponse::problem(400, QStringLiteral("json.malformed"),
                                     QStringLiteral("Bad Request"), pe.errorString());
    }
    const QString code = body.value(QStringLiteral("code")).toString().remove(u'-');
    const QByteArray csr = body.value(QStringLiteral("csr")).toString().toLatin1();
    if (code.isEmpty() || csr.isEmpty()) {
        return HttpResponse::problem(400, QStringLiteral("enroll.usage"),
                                     QStringLiteral("Bad Request"),
                                     QStringLiteral("an enrollment needs a code and a csr"));
    }
    auto info = pki::readCsr(csr);
    if (!info) {
        return refuse(400, info.error(), QStringLiteral("Bad Request"));
    }
    Transaction tx(m_db);
    auto row = m_db.exec(QStringLiteral("SELECT terminal, expires_at, used_at FROM enroll_codes "
                                        "WHERE code_hash = ?"),
                         {codeHash(code)});
    if (!row) {
        return refuse(500, row.error(), QStringLiteral("Internal Server Error"));
    }
    if (!row->next()) {
        return HttpResponse::problem(403, QStringLiteral("enroll.code_unknown"),
                                     QStringLiteral("Forbidden"),
                                     QStringLiteral("this enrollment code is not known"));
    }
    const QString terminal = row->value(0).toString();
    if (!row->value(2).isNull() && !row->value(2).toString().isEmpty()) {
        return HttpResponse::problem(403, QStringLiteral("enroll.code_used"),
                                     QStringLiteral("Forbidden"),
                                     QStringLiteral("this enrollment code has been used"));
    }
    if (QDateTime::fromString(row->value(1).toString(), Qt::ISODateWithMs) < Clock::now()) {
        return HttpResponse::problem(403, QStringLiteral("enroll.code_expired"),
                                     QStringLiteral("Forbidden"),
                                     QStringLiteral("this enrollment code has expired"));
    }
    row->finish();
    auto serial = m_db.scalar(QStringLiteral("SELECT COALESCE(MAX(id), 0) + 2 FROM terminals"));
    auto cert = pki::issueCertificate(m_caKey, m_caCert, csr, terminal,
                                      serial ? serial->toLongLong() : 2, 825);
    if (!cert) {
        return refuse(400, cert.error(), QStringLiteral("Bad Request"));
    }
    auto fp = pki::fingerprint(*cert);
    if (!fp) {
        return refuse(500, fp.error(), QStringLiteral("Internal Server Error"));
    }
    // Claimed only if still unused: two enrollments racing with one code cannot both win.
    auto claimed = m_db.exec(QStringLiteral("UPDATE enroll_codes SET used_at = ? WHERE "
                                            "code_hash = ? AND used_at IS NULL"),
                             {Clock::isoNow(), codeHash(code)});
    if (!claimed) {
        return refuse(500, claimed.error(), QStringLiteral("Internal Server Error"));
    }
    if (claimed->numRowsAffected() != 1) {
        return HttpResponse::problem(403, QStringLiteral("enroll.code_used"),
                                     QStringLiteral("Forbidden"),
                                     QStringLiteral("this enrollment code has been used"));
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO terminals (name, fingerprint, "
                                            "certificate, enrolled_at) VALUES (?, ?, ?, ?)"),
                             {terminal, *fp, QString::fromLatin1(*cert), Clock::isoNow()});
        !st) {
        return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
    }
    if (Status st = tx.commit(); !st) {
        return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
    }
    auto servicePub = pki::publicKeyPem(m_serviceKey);
    HttpResponse r = HttpResponse::json(
        201, {{QStringLiteral("terminal"), terminal},
              {QStringLiteral("keyid"), *fp},
              {QStringLiteral("certificate"), QString::fromLatin1(*cert)},
              {QStringLiteral("ca"), QString::fromLatin1(m_caCert)},
              {QStringLiteral("central_key"), QString::fromLatin1(servicePub.value())}});
    r.terminal = terminal;
    return r;
}

std::optional<HttpResponse> CentralService::authenticate(const HttpRequest& request, Caller* caller)
{
    const sig::HttpMessage& m = request.message;
    auto entries = sig::signaturesOf(m);
    if (!entries) {
        return refuse(401, entries.error(), QStringLiteral("Unauthorized"));
    }
    if (entries->size() != 1) {
        return HttpResponse::problem(401, QStringLiteral("sig.ambiguous"),
                                     QStringLiteral("Unauthorized"),
                                     QStringLiteral("exactly one signature is expected"));
    }
    const sig::SignatureEntry& entry = entries->first();
    const sf::Item* keyid = sf::param(entry.params.params, QStringLiteral("keyid"));
    const sf::Item* nonce = sf::param(entry.params.params, QStringLiteral("nonce"));
    if (!keyid || keyid->value.type != sf::Bare::String) {
        return HttpResponse::problem(401, QStringLiteral("sig.keyid"),
                                     QStringLiteral("Unauthorized"),
                                     QStringLiteral("the signature names no keyid"));
    }
    if (!nonce || nonce->value.type != sf::Bare::String || nonce->value.string.size() < 16 ||
        nonce->value.string.size() > 128) {
        return HttpResponse::problem(401, QStringLiteral("sig.nonce"),
                                     QStringLiteral("Unauthorized"),
                                     QStringLiteral("the signature needs a nonce of 16 to 128 "
                                                    "characters"));
    }
    auto row = m_db.exec(QStringLiteral("SELECT id, name, certificate, revoked_at FROM terminals "
                                        "WHERE fingerprint = ?"),
                         {keyid->value.string.toLower()});
    if (!row) {
        return refuse(500, row.error(), QStringLiteral("Internal Server Error"));
    }
    if (!row->next()) {
        return HttpResponse::problem(401, QStringLiteral("sig.unknown_key"),
                                     QStringLiteral("Unauthorized"),
                                     QStringLiteral("no terminal is enrolled with this key"));
    }
    caller->terminalId = row->value(0).toLongLong();
    caller->terminal = row->value(1).toString();
    const QByteArray cert = row->value(2).toString().toLatin1();
    if (!row->value(3).isNull() && !row->value(3).toString().isEmpty()) {
        return HttpResponse::problem(
            403, QStringLiteral("sig.revoked"), QStringLiteral("Forbidden"),
            QStringLiteral("terminal %1 has been revoked").arg(caller->terminal));
    }
    row->finish();
    if (Status st = pki::verifyCertificate(cert, m_caCert, Clock::now()); !st) {
        return refuse(403, Error(st.errorMessage(), QStringLiteral("sig.certificate")),
                      QStringLiteral("Forbidden"));
    }
    auto key = sig::loadKey(cert);
    if (!key) {
        return refuse(500, key.error(), QStringLiteral("Internal Server Error"));
    }
    // The message as the client signed it: for the address clients use, not the one we see.
    sig::HttpMessage asSent = m;
    asSent.target = m_options.publicUrl.toLatin1() + m.target;
    sig::VerifyOptions options;
    options.algorithm = sig::Algorithm::EcdsaP256Sha256;
    options.maxAgeSeconds = m_options.clockSkewSeconds;
    options.requiredComponents = {QStringLiteral("@method"), QStringLiteral("@target-uri"),
                                  QStringLiteral("madoguchi-operator")};
    if (!m.body.isEmpty() || m.method == "POST") {
        options.requiredComponents << QStringLiteral("content-digest")
                                   << QStringLiteral("content-type");
    }
    auto verified = sig::verifyMessage(asSent, *key, options);
    if (!verified) {
        Error e = verified.error();
        if (e.code == QStringLiteral("sig.mismatch")) {
            // Say so when the request verifies for another address: signed for the wrong URL.
            sig::HttpMessage seen = m;
            seen.scheme = "http";
            sig::VerifyOptions plain = options;
            plain.maxAgeSeconds = -1;
            auto seenTarget =
                sig::componentValue(seen, sf::Item::string(QStringLiteral("@target-uri")));
            if (seenTarget && sig::verifyMessage(seen, *key, plain)) {
                e = Error(
                    QStringLiteral("the request was signed for %1, not for %2")
                        .arg(QString::fromLatin1(*seenTarget), QString::fromLatin1(asSent.target)),
                    QStringLiteral("sig.target"));
            }
        }
        return refuse(401, e, QStringLiteral("Unauthorized"));
    }
    if (Status st = sig::checkContentDigest(m); !st && (!m.body.isEmpty() || m.method == "POST")) {
        return refuse(400, st.error(), QStringLiteral("Bad Request"));
    }
    caller->operatorLogin = QString::fromUtf8(m.field("madoguchi-operator").value_or(QByteArray()));
    // Once central manages operators, a request speaks for one of them, and an active one.
    auto managed = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators"));
    if (!managed) {
        return refuse(500, managed.error(), QStringLiteral("Internal Server Error"));
    }
    if (managed->toInt() > 0) {
        auto active = m_db.scalar(QStringLiteral("SELECT active FROM operators WHERE login = ?"),
                                  {caller->operatorLogin});
        if (!active) {
            return refuse(500, active.error(), QStringLiteral("Internal Server Error"));
        }
        if (!active->isValid() || active->toInt() == 0) {
            return HttpResponse::problem(
                403, QStringLiteral("sig.operator"), QStringLiteral("Forbidden"),
                QStringLiteral("operator %1 is %2 on central")
                    .arg(caller->operatorLogin, active->isValid()
                                                    ? QStringLiteral("disabled")
                                                    : QStringLiteral("not registered")));
        }
    }
    caller->nonce = nonce->value.string.toLatin1();
    // A nonce is accepted once within the time window (twice the skew: before and after).
    const qint64 now = Clock::now().toSecsSinceEpoch();
    m_db.run(QStringLiteral("DELETE FROM nonces WHERE seen_at < ?"),
             {now - 2 * qint64(m_options.clockSkewSeconds)})
        .ok();
    auto seen = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM nonces WHERE terminal_id = ? AND nonce = ?"),
        {caller->terminalId, nonce->value.string});
    if (!seen) {
        return refuse(500, seen.error(), QStringLiteral("Internal Server Error"));
    }
    const auto replayed = [] {
        return HttpResponse::problem(401, QStringLiteral("sig.replay"),
                                     QStringLiteral("Unauthorized"),
                                     QStringLiteral("this request has been received before "
                                                    "(nonce seen)"));
    };
    if (seen->toInt() > 0) {
        return replayed();
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO nonces (terminal_id, nonce, seen_at) VALUES (?, ?, ?)"),
            {caller->terminalId, nonce->value.string, now});
        !st) {
        // The primary key catches the same nonce arriving twice at once; anything else is ours.
        auto again = m_db.scalar(
            QStringLiteral("SELECT COUNT(*) FROM nonces WHERE terminal_id = ? AND nonce = ?"),
            {caller->terminalId, nonce->value.string});
        if (again && again->toInt() > 0) {
            return replayed();
        }
        return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
    }
    return std::nullopt;
}

HttpResponse CentralService::push(const HttpRequest& request, const Caller& caller)
{
    if (!request.message.field("content-type")
             .value_or(QByteArray())
             .startsWith("application/json")) {
        return HttpResponse::problem(415, QStringLiteral("http.media_type"),
                                     QStringLiteral("Unsupported Media Type"),
                                     QStringLiteral("send application/json"));
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.message.body, &pe);
    const QJsonArray changes = doc.object().value(QStringLiteral("changes")).toArray();
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        return HttpResponse::problem(400, QStringLiteral("json.malformed"),
                                     QStringLiteral("Bad Request"), pe.errorString());
    }
    auto answer = applyChanges(changes, caller);
    if (!answer) {
        if (answer.error().code == QStringLiteral("sync.bad_change")) {
            return HttpResponse::problem(422, answer.error().code,
                                         QStringLiteral("Unprocessable Content"),
                                         answer.errorMessage());
        }
        return refuse(500, answer.error(), QStringLiteral("Internal Server Error"));
    }
    return HttpResponse::json(200, *answer);
}

Result<QJsonObject> CentralService::applyChanges(const QJsonArray& changes, const Caller& caller)
{
    for (const QJsonValue& v : changes) {
        const QJsonObject c = v.toObject();
        if (c.value(QStringLiteral("id")).toString().size() < 8 ||
            c.value(QStringLiteral("kind")).toString().isEmpty() ||
            !c.value(QStringLiteral("payload")).isObject()) {
            return Error(QStringLiteral("each change needs an id, a kind and a payload object; "
                                        "nothing was applied"),
                         QStringLiteral("sync.bad_change"));
        }
    }
    Transaction tx(m_db);
    QJsonArray acknowledged;
    QJsonArray conflicts;
    QList<QJsonObject> appliedNow; // the changes applied now, in order
    int applied = 0;
    int duplicates = 0;
    const QString now = Clock::isoNow();
    // What central already holds of this batch: its change ids, and the latest version of each
    // record it touches (two queries for the whole batch, not two per change).
    QStringList ids;
    QStringList records;
    for (const QJsonValue& v : changes) {
        const QJsonObject c = v.toObject();
        ids << c.value(QStringLiteral("id")).toString();
        QString record =
            c.value(QStringLiteral("record_key")).toString(QStringLiteral("change:") + ids.last());
        // A card application is numbered by its workstation: card:7 of one terminal is not
        // card:7 of another, so central keeps card records per terminal.
        if (record.startsWith(QStringLiteral("card:"))) {
            record = QStringLiteral("card:%1/%2").arg(caller.terminal, record.mid(5));
        }
        records << record;
    }
    QSet<QString> existing;
    struct Latest
    {
        int version = 0;
        qint64 terminalId = 0;
        QString terminal;
    };
    QHash<QString, Latest> latest;
    if (!ids.isEmpty()) {
        auto q = m_db.exec(QStringLiteral("SELECT change_id FROM changes WHERE change_id IN (%1)")
                               .arg(m_db.textList()),
                           {Database::listParameter(ids)});
        if (!q) {
            return q.error();
        }
        while (q->next()) {
            existing.insert(q->value(0).toString());
        }
        // Done with it before the next query: PostgreSQL's driver reads rows one at a time, and
        // a query still open when the next one starts loses the next one's rows.
        q->finish();
        const QStringList distinct = QSet<QString>(records.begin(), records.end()).values();
        // The latest version of each record and who made it.
        auto versions = m_db.exec(
            QStringLiteral("SELECT c.record_key, c.version, c.terminal_id, t.name FROM changes c "
                           "JOIN terminals t ON t.id = c.terminal_id WHERE c.record_key IN (%1) "
                           "AND c.version = (SELECT MAX(m.version) FROM changes m WHERE "
                           "m.record_key = c.record_key)")
                .arg(m_db.textList()),
            {Database::listParameter(distinct)});
        if (!versions) {
            return versions.error();
        }
        while (versions->next()) {
            // Keep the highest version of each record, whatever order the rows come in.
            const QString key = versions->value(0).toString();
            const int version = versions->value(1).toInt();
            if (auto it = latest.find(key); it == latest.end() || it->version < version) {
                latest[key] = {version, versions->value(2).toLongLong(),
                               versions->value(3).toString()};
            }
        }
    }
    BatchInsert insert(m_db, QStringLiteral("changes"),
                       {QStringLiteral("change_id"), QStringLiteral("terminal_id"),
                        QStringLiteral("operator"), QStringLiteral("kind"),
                        QStringLiteral("record_key"), QStringLiteral("version"),
                        QStringLiteral("payload"), QStringLiteral("received_at")});
    for (qsizetype i = 0; i < changes.size(); ++i) {
        const QJsonObject c = changes.at(i).toObject();
        const QString& id = ids.at(i);
        if (existing.contains(id)) {
            acknowledged.append(id); // applied before: its answer was lost on the way
            ++duplicates;
            continue;
        }
        // A change based on an older version of a record than central holds from another
        // workstation is a conflict: refused and reported, never silently overwritten.
        const QString& record = records.at(i);
        const int base = c.value(QStringLiteral("base_version")).toInt();
        int version = base + 1;
        // The disaster ledger's records merge field by field on every workstation, the latest
        // setting winning (disaster/LedgerSync): they never conflict here.
        // Training records are kept per uid, the latest winning (LearningRecords): neither.
        const bool mergeable =
            c.value(QStringLiteral("kind")).toString().startsWith(QStringLiteral("disaster.")) ||
            LearningRecords::isLearningKind(c.value(QStringLiteral("kind")).toString());
        if (auto it = latest.constFind(record); it != latest.cend()) {
            if (it->version > base && it->terminalId != caller.terminalId && !mergeable) {
                conflicts.append(QJsonObject{{QStringLiteral("id"), id},
                                             {QStringLiteral("record_key"), record},
                                             {QStringLiteral("base_version"), base},
                                             {QStringLiteral("central_version"), it->version},
                                             {QStringLiteral("central_terminal"), it->terminal}});
                continue;
            }
            version = std::max(it->version, base) + 1;
        }
        if (Status st = insert.add(
                {id, caller.terminalId,
                 c.value(QStringLiteral("operator")).toString(caller.operatorLogin),
                 c.value(QStringLiteral("kind")).toString(), record, version,
                 QString::fromUtf8(QJsonDocument(c.value(QStringLiteral("payload")).toObject())
                                       .toJson(QJsonDocument::Compact)),
                 now});
            !st) {
            return st.error();
        }
        latest[record] = {version, caller.terminalId, caller.terminal};
        existing.insert(id);
        ++applied;
        acknowledged.append(id);
        if (Status st = afterMove(c); !st) {
            return st.error();
        }
        if (Status st = m_learning.apply(c, caller.terminal); !st) {
            return st.error();
        }
        appliedNow << c;
    }
    if (Status st = insert.flush(); !st) {
        return st.error();
    }
    // Card production orders of the batch (made, refused, cancelled) with the changes.
    if (Status st = m_production.onPushed(appliedNow, caller.terminalId, caller.terminal); !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return QJsonObject{{QStringLiteral("acknowledged"), acknowledged},
                       {QStringLiteral("applied"), applied},
                       {QStringLiteral("duplicates"), duplicates},
                       {QStringLiteral("conflicts"), conflicts}};
}

Result<QJsonObject> CentralService::importTransport(const QByteArray& file)
{
    auto header = sync::readTransportHeader(file);
    if (!header) {
        return header.error();
    }
    auto row = m_db.exec(QStringLiteral("SELECT id, name, certificate, revoked_at FROM terminals "
                                        "WHERE fingerprint = ?"),
                         {header->keyid.toLower()});
    if (!row) {
        return row.error();
    }
    if (!row->next()) {
        return Error(QStringLiteral("no terminal is enrolled with the key that signed this file "
                                    "(terminal %1)")
                         .arg(header->terminal),
                     QStringLiteral("transport.unknown_terminal"));
    }
    Caller caller;
    caller.terminalId = row->value(0).toLongLong();
    caller.terminal = row->value(1).toString();
    const QByteArray cert = row->value(2).toString().toLatin1();
    const bool revoked = !row->value(3).isNull() && !row->value(3).toString().isEmpty();
    row->finish();
    if (revoked) {
        return Error(QStringLiteral("terminal %1 has been revoked: its files are not taken")
                         .arg(caller.terminal),
                     QStringLiteral("transport.revoked"));
    }
    if (caller.terminal != header->terminal) {
        return Error(QStringLiteral("the file says terminal %1, but its key is %2's")
                         .arg(header->terminal, caller.terminal),
                     QStringLiteral("transport.signature"));
    }
    if (Status st = pki::verifyCertificate(cert, m_caCert, Clock::now()); !st) {
        return Error(st.errorMessage(), QStringLiteral("transport.signature"));
    }
    auto contents = sync::openTransport(file, m_serviceKey, cert);
    if (!contents) {
        return contents.error();
    }
    auto before = m_db.scalar(
        QStringLiteral("SELECT MIN(imported_at) FROM transport_imports WHERE file_id = ?"),
        {header->fileId});
    if (!before) {
        return before.error();
    }
    auto answer = applyChanges(contents->changes, caller);
    if (!answer) {
        return answer.error();
    }
    const QString now = Clock::isoNow();
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO transport_imports (file_id, terminal_id, created_at, "
                           "imported_at, changes, applied, duplicates, conflicts) VALUES (?, ?, "
                           "?, ?, ?, ?, ?, ?)"),
            {header->fileId, caller.terminalId, header->created.toString(Qt::ISODate), now,
             header->changes, answer->value(QStringLiteral("applied")).toInt(),
             answer->value(QStringLiteral("duplicates")).toInt(),
             int(answer->value(QStringLiteral("conflicts")).toArray().size())});
        !st) {
        return st.error();
    }
    QJsonObject out{{QStringLiteral("file_id"), header->fileId},
                    {QStringLiteral("terminal"), caller.terminal},
                    {QStringLiteral("created"), header->created.toString(Qt::ISODate)},
                    {QStringLiteral("changes"), header->changes},
                    {QStringLiteral("applied"), answer->value(QStringLiteral("applied"))},
                    {QStringLiteral("duplicates"), answer->value(QStringLiteral("duplicates"))},
                    {QStringLiteral("conflicts"), answer->value(QStringLiteral("conflicts"))}};
    if (before->isValid() && !before->toString().isEmpty()) {
        out.insert(QStringLiteral("imported_before"), before->toString());
    }
    return out;
}

Status CentralService::afterMove(const QJsonObject& change)
{
    const QString changeKind = change.value(QStringLiteral("kind")).toString();
    if (changeKind == QStringLiteral("card.suspended") ||
        changeKind == QStringLiteral("card.revoked") ||
        changeKind == QStringLiteral("card.returned")) {
        // A card suspended (lost, stolen), abolished or returned: its holder's certificates go.
        const QString code = change.value(QStringLiteral("payload"))
                                 .toObject()
                                 .value(QStringLiteral("resident_code"))
                                 .toString();
        if (code.isEmpty()) {
            return {};
        }
        auto n = m_pki.revoke(QStringLiteral("resident_code = ?"), {code},
                              changeKind == QStringLiteral("card.suspended")
                                  ? pki::jpki::Reason::KeyCompromise
                                  : pki::jpki::Reason::CessationOfOperation,
                              Clock::now());
        return n ? Status{} : Status(n.error());
    }
    if (changeKind != QStringLiteral("resident.move")) {
        return {};
    }
    const QJsonObject payload = change.value(QStringLiteral("payload")).toObject();
    const QJsonObject after = payload.value(QStringLiteral("after")).toObject();
    const QString code = payload.value(QStringLiteral("resident_code")).toString();
    if (code.isEmpty() || after.isEmpty()) {
        return {};
    }
    // Central's index of residents, for certificate requests.
    if (Status st = m_pki.indexMove(code, after); !st) {
        return st;
    }
    // A move that changes what the signing certificate says (name, date of birth, sex,
    // address) revokes it; a death revokes both. Made here, it happens however late the move
    // arrives from a workstation that recorded it offline.
    const QString move = payload.value(QStringLiteral("kind")).toString();
    if (!payload.contains(QStringLiteral("before"))) {
        return {}; // an entry into the register: nothing issued yet
    }
    static const QStringList basicFour = {
        QStringLiteral("family_name"), QStringLiteral("given_name"), QStringLiteral("birth_date"),
        QStringLiteral("sex"),         QStringLiteral("lg_code"),    QStringLiteral("town"),
        QStringLiteral("banchi"),      QStringLiteral("building"),   QStringLiteral("status")};
    const bool death = move == QStringLiteral("death");
    bool touches = death || move == QStringLiteral("move_out");
    for (const QString& k : basicFour) {
        touches = touches || after.contains(k);
    }
    if (!touches) {
        return {};
    }
    auto n = death ? m_pki.revoke(QStringLiteral("resident_code = ?"), {code},
                                  pki::jpki::Reason::CessationOfOperation, Clock::now())
                   : m_pki.revoke(QStringLiteral("resident_code = ? AND kind = 'sign'"), {code},
                                  pki::jpki::Reason::AffiliationChanged, Clock::now());
    return n ? Status{} : Status(n.error());
}

HttpResponse CentralService::auditPush(const HttpRequest& request, const Caller& caller)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.message.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject() ||
        !doc.object().value(QStringLiteral("entries")).isArray()) {
        return HttpResponse::problem(
            400, QStringLiteral("json.malformed"), QStringLiteral("Bad Request"),
            pe.error != QJsonParseError::NoError ? pe.errorString()
                                                 : QStringLiteral("expected {\"entries\": [...]}"));
    }
    QList<AuditEntry> entries;
    for (const QJsonValue& v : doc.object().value(QStringLiteral("entries")).toArray()) {
        AuditEntry e = AuditLog::fromJson(v.toObject());
        if (e.id <= 0 || !e.at.isValid() || e.hash.size() != 64 || e.prevHash.size() != 64) {
            return HttpResponse::problem(422, QStringLiteral("audit.bad_entry"),
                                         QStringLiteral("Unprocessable Content"),
                                         QStringLiteral("each entry needs an id, a time and both "
                                                        "hashes; nothing was stored"));
        }
        if (!entries.isEmpty() && e.id <= entries.last().id) {
            return HttpResponse::problem(422, QStringLiteral("audit.order"),
                                         QStringLiteral("Unprocessable Content"),
                                         QStringLiteral("entries must be in ascending order; "
                                                        "nothing was stored"));
        }
        entries << e;
    }
    Transaction tx(m_db);
    auto head =
        m_db.exec(QStringLiteral("SELECT entry_id, hash, entries FROM audit_heads WHERE chain = ?"),
                  {caller.terminal});
    if (!head) {
        return refuse(500, head.error(), QStringLiteral("Internal Server Error"));
    }
    qint64 headId = 0;
    QString headHash = AuditLog::genesisHash();
    qint64 count = 0;
    const bool hadHead = head->next();
    if (hadHead) {
        headId = head->value(0).toLongLong();
        headHash = head->value(1).toString();
        count = head->value(2).toLongLong();
    }
    head->finish();
    // Entries central has already: they must be the ones it holds (sent again after a lost
    // answer); a different hash means the workstation's chain was rewritten after sending.
    QHash<qint64, QString> held;
    {
        QStringList marks;
        QVariantList params{caller.terminal};
        for (const AuditEntry& e : std::as_const(entries)) {
            if (e.id <= headId) {
                marks << QStringLiteral("?");
                params << e.id;
            }
        }
        if (!marks.isEmpty()) {
            auto q = m_db.exec(QStringLiteral("SELECT entry_id, hash FROM audit_entries WHERE "
                                              "chain = ? AND entry_id IN (%1)")
                                   .arg(marks.join(u',')),
                               params);
            if (!q) {
                return refuse(500, q.error(), QStringLiteral("Internal Server Error"));
            }
            while (q->next()) {
                held.insert(q->value(0).toLongLong(), q->value(1).toString());
            }
        }
    }
    BatchInsert insert(m_db, QStringLiteral("audit_entries"),
                       {QStringLiteral("chain"), QStringLiteral("entry_id"), QStringLiteral("at"),
                        QStringLiteral("operator"), QStringLiteral("terminal"),
                        QStringLiteral("action"), QStringLiteral("target"),
                        QStringLiteral("detail"), QStringLiteral("resident_id"),
                        QStringLiteral("purpose"), QStringLiteral("prev_hash"),
                        QStringLiteral("hash"), QStringLiteral("received_at")});
    const QString now = Clock::isoNow();
    int received = 0;
    int duplicates = 0;
    for (const AuditEntry& e : std::as_const(entries)) {
        if (e.id <= headId) {
            if (held.value(e.id) != e.hash) {
                return HttpResponse::problem(
                    409, QStringLiteral("audit.rewritten"), QStringLiteral("Conflict"),
                    QStringLiteral("entry %1 differs from the one received before: the "
                                   "workstation's audit log was changed after it was sent; "
                                   "nothing was stored")
                        .arg(e.id));
            }
            ++duplicates;
            continue;
        }
        if (e.prevHash != headHash) {
            return HttpResponse::problem(
                409, QStringLiteral("audit.discontinuous"), QStringLiteral("Conflict"),
                QStringLiteral("entry %1 does not follow entry %2 that central holds (its "
                               "previous hash differs): entries are missing or were changed; "
                               "nothing was stored")
                    .arg(e.id)
                    .arg(headId));
        }
        if (AuditLog::entryHash(e) != e.hash) {
            return HttpResponse::problem(
                409, QStringLiteral("audit.hash"), QStringLiteral("Conflict"),
                QStringLiteral("entry %1 does not match its own hash: it was changed; nothing "
                               "was stored")
                    .arg(e.id));
        }
        if (Status st = insert.add({caller.terminal, e.id, e.at.toUTC().toString(Qt::ISODateWithMs),
                                    e.operatorLogin, e.terminal, e.action, e.target, e.detail,
                                    e.residentId, e.purpose, e.prevHash, e.hash, now});
            !st) {
            return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
        }
        headId = e.id;
        headHash = e.hash;
        ++received;
        ++count;
    }
    if (Status st = insert.flush(); !st) {
        return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
    }
    if (received > 0) {
        const QString sql =
            hadHead ? QStringLiteral("UPDATE audit_heads SET entry_id = ?, hash = ?, entries = ?, "
                                     "updated_at = ? WHERE chain = ?")
                    : QStringLiteral("INSERT INTO audit_heads (entry_id, hash, entries, "
                                     "updated_at, chain) VALUES (?, ?, ?, ?, ?)");
        if (Status st = m_db.run(sql, {headId, headHash, count, now, caller.terminal}); !st) {
            return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
        }
    }
    if (Status st = tx.commit(); !st) {
        return refuse(500, st.error(), QStringLiteral("Internal Server Error"));
    }
    return HttpResponse::json(
        200, {{QStringLiteral("received"), received},
              {QStringLiteral("duplicates"), duplicates},
              {QStringLiteral("head"), QJsonObject{{QStringLiteral("id"), headId},
                                                   {QStringLiteral("hash"), headHash},
                                                   {QStringLiteral("entries"), count}}}});
}

Result<QJsonObject> CentralService::auditHead(const QString& terminal) const
{
    auto q = m_db.exec(QStringLiteral("SELECT h.entry_id, h.hash, h.entries, h.updated_at FROM "
                                      "audit_heads h WHERE h.chain = ?"),
                       {terminal});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return QJsonObject{{QStringLiteral("terminal"), terminal}, {QStringLiteral("entries"), 0}};
    }
    return QJsonObject{{QStringLiteral("terminal"), terminal},
                       {QStringLiteral("id"), q->value(0).toLongLong()},
                       {QStringLiteral("hash"), q->value(1).toString()},
                       {QStringLiteral("entries"), q->value(2).toLongLong()},
                       {QStringLiteral("updated_at"), q->value(3).toString()}};
}

HttpResponse CentralService::pull(const HttpRequest& request, const Caller& caller)
{
    const std::optional<qint64> since = sinceOf(request);
    if (!since) {
        return HttpResponse::problem(
            400, QStringLiteral("sync.cursor"), QStringLiteral("Bad Request"),
            QStringLiteral("since must be a number from an earlier answer"));
    }
    // Other terminals' changes, and central's own (terminal 0) addressed to everyone or to
    // this terminal.
    auto q = m_db.exec(QStringLiteral("SELECT c.seq, c.change_id, c.kind, c.payload, c.operator, "
                                      "c.record_key, c.version, COALESCE(t.name, 'central') FROM "
                                      "changes c LEFT JOIN terminals t ON t.id = c.terminal_id "
                                      "WHERE c.seq > ? AND c.terminal_id <> ? AND (c.to_terminal "
                                      "IS NULL OR c.to_terminal = ?) ORDER BY c.seq LIMIT 500"),
                       {*since, caller.terminalId, caller.terminal});
    if (!q) {
        return refuse(500, q.error(), QStringLiteral("Internal Server Error"));
    }
    QJsonArray out;
    qint64 cursor = *since;
    while (q->next()) {
        cursor = q->value(0).toLongLong();
        out.append(QJsonObject{{QStringLiteral("id"), q->value(1).toString()},
                               {QStringLiteral("kind"), q->value(2).toString()},
                               {QStringLiteral("payload"),
                                QJsonDocument::fromJson(q->value(3).toString().toUtf8()).object()},
                               {QStringLiteral("operator"), q->value(4).toString()},
                               {QStringLiteral("record_key"), q->value(5).toString()},
                               {QStringLiteral("version"), q->value(6).toInt()},
                               {QStringLiteral("terminal"), q->value(7).toString()},
                               {QStringLiteral("seq"), q->value(0).toLongLong()}});
    }
    return HttpResponse::json(200, {{QStringLiteral("changes"), out},
                                    {QStringLiteral("cursor"), QString::number(cursor)}});
}

HttpResponse CentralService::productionStatus(const HttpRequest& request, const Caller& caller)
{
    // A terminal asks about its own applications only.
    const QUrlQuery query(QString::fromLatin1(request.query()));
    bool ok = false;
    const qint64 application = query.queryItemValue(QStringLiteral("application")).toLongLong(&ok);
    if (!ok || application <= 0) {
        return HttpResponse::problem(400, QStringLiteral("cards.usage"),
                                     QStringLiteral("Bad Request"),
                                     QStringLiteral("give ?application=ID"));
    }
    auto order = m_production.latestFor(caller.terminal, application);
    if (!order) {
        return refuse(500, order.error(), QStringLiteral("Internal Server Error"));
    }
    if (!*order) {
        return HttpResponse::problem(
            404, QStringLiteral("cards.no_order"), QStringLiteral("Not Found"),
            QStringLiteral("central has no production order for application %1 of %2")
                .arg(application)
                .arg(caller.terminal));
    }
    return HttpResponse::json(200, (*order)->toJson());
}

Result<QJsonObject> CentralService::publishCourse(const QByteArray& package)
{
    // Central checks the package is whole and signed by the key it names; whether that key is
    // trusted is each workstation's decision.
    auto v = learning::verifyPackage(package);
    if (!v) {
        return v.error();
    }
    const QJsonObject answer{{QStringLiteral("id"), v->course.id},
                             {QStringLiteral("version"), v->course.version},
                             {QStringLiteral("title"), v->course.title},
                             {QStringLiteral("key_id"), v->key.keyId},
                             {QStringLiteral("sha256"), v->sha256}};
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto q = m_db.exec(
        QStringLiteral("SELECT sha256 FROM learning_packages WHERE course_id = ? AND version = ?"),
        {v->course.id, v->course.version});
    if (!q) {
        return q.error();
    }
    if (q->next()) {
        if (q->value(0).toString() == v->sha256) {
            QJsonObject same = answer;
            same.insert(QStringLiteral("already_published"), true);
            return same;
        }
        return Error(QStringLiteral("%1 version %2 is published already with other contents: "
                                    "publish a new version")
                         .arg(v->course.id)
                         .arg(v->course.version),
                     QStringLiteral("learning.published"));
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO learning_packages (course_id, version, title, title_en, "
                           "publisher, key_id, sha256, package, published_at) VALUES (?, ?, ?, "
                           "?, ?, ?, ?, ?, ?)"),
            {v->course.id, v->course.version, v->course.title, v->course.titleEn,
             v->course.publisher, v->key.keyId, v->sha256, package, Clock::isoNow()});
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return answer;
}

HttpResponse CentralService::learningCatalogue()
{
    auto q = m_db.exec(QStringLiteral("SELECT course_id, version, title, title_en, publisher, "
                                      "key_id, sha256, LENGTH(package) FROM learning_packages "
                                      "ORDER BY course_id, version"));
    if (!q) {
        return refuse(500, q.error(), QStringLiteral("Internal Server Error"));
    }
    QJsonArray courses;
    while (q->next()) {
        courses.append(QJsonObject{{QStringLiteral("id"), q->value(0).toString()},
                                   {QStringLiteral("version"), q->value(1).toInt()},
                                   {QStringLiteral("title"), q->value(2).toString()},
                                   {QStringLiteral("title_en"), q->value(3).toString()},
                                   {QStringLiteral("publisher"), q->value(4).toString()},
                                   {QStringLiteral("key_id"), q->value(5).toString()},
                                   {QStringLiteral("sha256"), q->value(6).toString()},
                                   {QStringLiteral("size"), q->value(7).toLongLong()}});
    }
    return HttpResponse::json(200, {{QStringLiteral("courses"), courses}});
}

HttpResponse CentralService::learningPackage(const HttpRequest& request)
{
    const QUrlQuery query(QString::fromLatin1(request.query()));
    const QString id = query.queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded);
    bool ok = false;
    const int version = query.queryItemValue(QStringLiteral("version")).toInt(&ok);
    if (id.isEmpty() || !ok || version < 1) {
        return HttpResponse::problem(400, QStringLiteral("learning.usage"),
                                     QStringLiteral("Bad Request"),
                                     QStringLiteral("give ?id=COURSE&version=N"));
    }
    auto q = m_db.exec(QStringLiteral("SELECT package FROM learning_packages WHERE course_id = ? "
                                      "AND version = ?"),
                       {id, version});
    if (!q) {
        return refuse(500, q.error(), QStringLiteral("Internal Server Error"));
    }
    if (!q->next()) {
        return HttpResponse::problem(
            404, QStringLiteral("learning.not_found"), QStringLiteral("Not Found"),
            QStringLiteral("central has no package of %1 version %2").arg(id).arg(version));
    }
    HttpResponse r;
    r.status = 200;
    r.contentType = "application/zip";
    r.body = q->value(0).toByteArray();
    return r;
}

void CentralService::signResponse(HttpResponse& response, const HttpRequest& request,
                                  const Caller& caller)
{
    auto key = sig::loadKey(m_serviceKey);
    if (!key) {
        return;
    }
    sig::HttpMessage r;
    r.isRequest = false;
    r.status = response.status;
    r.setField("content-type", response.contentType);
    r.setField("content-digest", sig::contentDigest(response.body));
    r.body = response.body;
    sig::HttpMessage req = request.message;
    req.target = m_options.publicUrl.toLatin1() + request.message.target;
    sf::Item method = sf::Item::string(QStringLiteral("@method"));
    method.params.append({QStringLiteral("req"), sf::Item{}});
    sf::Item target = sf::Item::string(QStringLiteral("@target-uri"));
    target.params.append({QStringLiteral("req"), sf::Item{}});
    sf::InnerList list;
    list.items = {sf::Item::string(QStringLiteral("@status")),
                  sf::Item::string(QStringLiteral("content-type")),
                  sf::Item::string(QStringLiteral("content-digest")), method, target};
    list.params = {{QStringLiteral("created"), sf::Item::integer(Clock::now().toSecsSinceEpoch())},
                   {QStringLiteral("keyid"), sf::Item::string(QStringLiteral("central"))},
                   {QStringLiteral("nonce"), sf::Item::string(QString::fromLatin1(caller.nonce))},
                   {QStringLiteral("alg"), sf::Item::string(QStringLiteral("ecdsa-p256-sha256"))}};
    auto base = sig::signatureBase(r, list, &req);
    if (!base) {
        return;
    }
    auto signature = sig::signBase(sig::Algorithm::EcdsaP256Sha256, *key, *base);
    if (!signature) {
        return;
    }
    response.fields.append({"Content-Digest", sig::contentDigest(response.body)});
    response.fields.append({"Signature-Input", "sig1=" + sf::serialize(list)});
    response.fields.append({"Signature", "sig1=" + sf::serialize(sf::Item::bytes(*signature))});
}

} // namespace madoguchi::central
