#include "PkiService.h"

#include "common/Clock.h"
#include "pki/Pki.h"
#include "storage/Transaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrlQuery>

namespace madoguchi::central {

using namespace pki::jpki;

namespace {

HttpResponse problem(int status, const QString& code, const QString& detail)
{
    return HttpResponse::problem(status, code, QString::fromLatin1(reasonPhrase(status)), detail);
}

HttpResponse internal(const Error& e)
{
    return HttpResponse::problem(500, e.code.isEmpty() ? QStringLiteral("pki.error") : e.code,
                                 QStringLiteral("Internal Server Error"), e.message);
}

HttpResponse binary(const QByteArray& contentType, const QByteArray& body)
{
    HttpResponse r;
    r.status = 200;
    r.contentType = contentType;
    r.body = body;
    return r;
}

QString compact(const QString& s)
{
    static const QRegularExpression space(QStringLiteral("[\\s\\x{3000}]+"));
    return QString(s).remove(space);
}

Result<QByteArray> readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return Error(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()),
                     QStringLiteral("pki.io"));
    }
    return f.readAll();
}

Status writeKey(const QString& path, const QByteArray& pem)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(pem) != pem.size()) {
        return Error(QStringLiteral("cannot write %1").arg(path), QStringLiteral("pki.io"));
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!f.commit()) {
        return Error(QStringLiteral("cannot write %1").arg(path), QStringLiteral("pki.io"));
    }
    return {};
}

} // namespace

PkiService::PkiService(Database db, QString pkiDir) : m_db(std::move(db)), m_dir(std::move(pkiDir))
{}

QString PkiService::sexCode(const QString& registerSex)
{
    if (registerSex == QStringLiteral("male") || registerSex == QStringLiteral("1")) {
        return QStringLiteral("1");
    }
    if (registerSex == QStringLiteral("female") || registerSex == QStringLiteral("2")) {
        return QStringLiteral("2");
    }
    return QStringLiteral("9");
}

Status PkiService::init(const QDateTime& now)
{
    auto value = [&](const QString& key) -> Result<QString> {
        auto v =
            m_db.scalar(QStringLiteral("SELECT value FROM central_settings WHERE key = ?"), {key});
        if (!v) {
            return v.error();
        }
        return v->toString();
    };
    auto root = value(QStringLiteral("pki_root_cert"));
    if (!root) {
        return root.error();
    }
    if (root->isEmpty()) {
        // First start: the hierarchy. Keys go to files only this user can read; the database
        // names them by the certificate they belong to.
        auto h = createHierarchy(QStringLiteral("Madoguchi JPKI"), now);
        if (!h) {
            return h.error();
        }
        if (!QDir().mkpath(m_dir)) {
            return Error(QStringLiteral("cannot create the PKI directory %1").arg(m_dir),
                         QStringLiteral("pki.io"));
        }
        QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                         QFileDevice::ExeOwner);
        Transaction tx(m_db);
        const std::pair<QString, std::pair<QByteArray, QByteArray>> parts[] = {
            {QStringLiteral("root"), {h->rootKey, h->rootCert}},
            {QStringLiteral("sign"), {h->signKey, h->signCert}},
            {QStringLiteral("auth"), {h->authKey, h->authCert}}};
        for (const auto& [role, pair] : parts) {
            auto fp = pki::fingerprint(pair.second);
            if (!fp) {
                return fp.error();
            }
            const QString keyPath =
                QDir(m_dir).filePath(QStringLiteral("jpki-%1-%2.key").arg(role, fp->left(16)));
            if (Status st = writeKey(keyPath, pair.first); !st) {
                return st;
            }
            for (const auto& [k, v] :
                 {std::pair{QStringLiteral("pki_%1_cert").arg(role),
                            QString::fromLatin1(pair.second)},
                  std::pair{QStringLiteral("pki_%1_key_file").arg(role), keyPath}}) {
                if (Status st = m_db.run(QStringLiteral("INSERT INTO central_settings (key, "
                                                        "value) VALUES (?, ?)"),
                                         {k, v});
                    !st) {
                    return st;
                }
            }
        }
        if (Status st = tx.commit(); !st) {
            return st;
        }
    }
    m_rootCert = value(QStringLiteral("pki_root_cert"))->toLatin1();
    for (auto [role, target] :
         {std::pair{QStringLiteral("sign"), &m_sign}, std::pair{QStringLiteral("auth"), &m_auth}}) {
        target->certPem = value(QStringLiteral("pki_%1_cert").arg(role))->toLatin1();
        auto key = readFile(*value(QStringLiteral("pki_%1_key_file").arg(role)));
        if (!key) {
            return key.error();
        }
        target->keyPem = *key;
        if (Status st = pki::checkKeyMatches(target->certPem, target->keyPem); !st) {
            return Error(
                QStringLiteral("the %1 CA's key file does not belong to its certificate").arg(role),
                QStringLiteral("pki.key"));
        }
    }
    return {};
}

const Ca& PkiService::ca(Kind kind) const
{
    return kind == Kind::Sign ? m_sign : m_auth;
}

Status PkiService::indexMove(const QString& residentCode, const QJsonObject& after)
{
    auto row = m_db.scalar(QStringLiteral("SELECT fields FROM central_residents WHERE "
                                          "resident_code = ?"),
                           {residentCode});
    if (!row) {
        return row.error();
    }
    QJsonObject fields = QJsonDocument::fromJson(row->toString().toUtf8()).object();
    for (auto it = after.begin(); it != after.end(); ++it) {
        fields.insert(it.key(), it.value());
    }
    const QString json = QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact));
    return m_db.run(row->isValid()
                        ? QStringLiteral("UPDATE central_residents SET fields = ?, updated_at = ? "
                                         "WHERE resident_code = ?")
                        : QStringLiteral("INSERT INTO central_residents (fields, updated_at, "
                                         "resident_code) VALUES (?, ?, ?)"),
                    {json, Clock::isoNow(), residentCode});
}

Result<int> PkiService::revoke(const QString& where, const QVariantList& params, Reason reason,
                               const QDateTime& at)
{
    QVariantList all{at.toUTC().toString(Qt::ISODateWithMs), reasonId(reason)};
    all += params;
    auto q = m_db.exec(QStringLiteral("UPDATE pki_certificates SET revoked_at = ?, reason = ? "
                                      "WHERE revoked_at IS NULL AND (%1)")
                           .arg(where),
                       all);
    if (!q) {
        return q.error();
    }
    const int n = q->numRowsAffected();
    if (n > 0) {
        if (Status st = m_db.run(QStringLiteral("UPDATE pki_crls SET dirty = 1")); !st) {
            return st.error();
        }
    }
    return n;
}

Result<QByteArray> PkiService::crl(Kind kind, const QDateTime& now)
{
    const QString id = kindId(kind);
    auto row = m_db.exec(
        QStringLiteral("SELECT number, next_update, der, dirty FROM pki_crls WHERE ca = ?"), {id});
    if (!row) {
        return row.error();
    }
    qint64 number = 0;
    if (row->next()) {
        number = row->value(0).toLongLong();
        const QDateTime next = QDateTime::fromString(row->value(1).toString(), Qt::ISODateWithMs);
        // Kept while nothing was revoked and more than half of its life is left.
        if (row->value(3).toInt() == 0 && now.secsTo(next) > 12 * 3600) {
            return QByteArray::fromBase64(row->value(2).toString().toLatin1());
        }
    }
    row->finish();
    auto q = m_db.exec(QStringLiteral("SELECT serial, revoked_at, reason FROM pki_certificates "
                                      "WHERE ca = ? AND revoked_at IS NOT NULL"),
                       {id});
    if (!q) {
        return q.error();
    }
    QList<Revoked> revoked;
    while (q->next()) {
        revoked.append({q->value(0).toString(),
                        QDateTime::fromString(q->value(1).toString(), Qt::ISODateWithMs),
                        reasonFromId(q->value(2).toString()).value_or(Reason::Unspecified)});
    }
    q->finish();
    auto der = makeCrl(ca(kind).keyPem, ca(kind).certPem, revoked, number + 1, now,
                       now.addSecs(24 * 3600));
    if (!der) {
        return der.error();
    }
    Transaction tx(m_db);
    if (Status st = m_db.run(QStringLiteral("DELETE FROM pki_crls WHERE ca = ?"), {id}); !st) {
        return st.error();
    }
    if (Status st = m_db.run(QStringLiteral("INSERT INTO pki_crls (ca, number, this_update, "
                                            "next_update, der, dirty) VALUES (?, ?, ?, ?, ?, 0)"),
                             {id, number + 1, now.toUTC().toString(Qt::ISODateWithMs),
                              now.addSecs(24 * 3600).toUTC().toString(Qt::ISODateWithMs),
                              QString::fromLatin1(der->toBase64())});
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return *der;
}

Result<QByteArray> PkiService::bridgeBundle() const
{
    auto q = m_db.exec(QStringLiteral("SELECT pem FROM pki_cross ORDER BY id"));
    if (!q) {
        return q.error();
    }
    auto bridge = m_db.scalar(QStringLiteral("SELECT value FROM central_settings WHERE key = ?"),
                              {QStringLiteral("pki_bridge_cert")});
    if (!bridge) {
        return bridge.error();
    }
    QByteArray out = bridge->toString().toLatin1();
    while (q->next()) {
        out += q->value(0).toString().toLatin1();
    }
    return out;
}

Result<QByteArray> PkiService::crossCertify(const QByteArray& outsideCaPem, const QDateTime& now)
{
    auto value = [&](const QString& key) {
        auto v =
            m_db.scalar(QStringLiteral("SELECT value FROM central_settings WHERE key = ?"), {key});
        return v ? v->toString() : QString();
    };
    Transaction tx(m_db);
    QByteArray bridgeCert = value(QStringLiteral("pki_bridge_cert")).toLatin1();
    QByteArray bridgeKey;
    auto store = [&](const QString& subject, const QByteArray& pem) {
        return m_db.run(QStringLiteral("INSERT INTO pki_cross (subject, pem, created_at) VALUES "
                                       "(?, ?, ?)"),
                        {subject, QString::fromLatin1(pem), Clock::isoNow()});
    };
    if (bridgeCert.isEmpty()) {
        auto made = pki::jpki::createBridge(QStringLiteral("Madoguchi JPKI"), now);
        if (!made) {
            return made.error();
        }
        auto fp = pki::fingerprint(made->second);
        if (!fp) {
            return fp.error();
        }
        // Beside the other CA keys, wherever they were made.
        const QString keyPath =
            QFileInfo(value(QStringLiteral("pki_root_key_file")))
                .dir()
                .filePath(QStringLiteral("jpki-bridge-%1.key").arg(fp->left(16)));
        if (Status st = writeKey(keyPath, made->first); !st) {
            return st.error();
        }
        for (const auto& [k, v] :
             {std::pair{QStringLiteral("pki_bridge_cert"), QString::fromLatin1(made->second)},
              std::pair{QStringLiteral("pki_bridge_key_file"), keyPath}}) {
            if (Status st = m_db.run(QStringLiteral("INSERT INTO central_settings (key, value) "
                                                    "VALUES (?, ?)"),
                                     {k, v});
                !st) {
                return st.error();
            }
        }
        bridgeCert = made->second;
        bridgeKey = made->first;
        // Our own domain, both ways: the bridge certifies our root and our root the bridge.
        auto rootKey = readFile(value(QStringLiteral("pki_root_key_file")));
        if (!rootKey) {
            return rootKey.error();
        }
        auto down = pki::jpki::crossCertify(bridgeKey, bridgeCert, m_rootCert, now, 10);
        auto up = pki::jpki::crossCertify(*rootKey, m_rootCert, bridgeCert, now, 10);
        if (!down || !up) {
            return !down ? down.error() : up.error();
        }
        if (Status st = store(QStringLiteral("jpki-root"), *down); !st) {
            return st.error();
        }
        if (Status st = store(QStringLiteral("bridge-by-jpki-root"), *up); !st) {
            return st.error();
        }
    } else {
        auto key = readFile(value(QStringLiteral("pki_bridge_key_file")));
        if (!key) {
            return key.error();
        }
        bridgeKey = *key;
    }
    auto cross = pki::jpki::crossCertify(bridgeKey, bridgeCert, outsideCaPem, now, 10);
    if (!cross) {
        return cross.error();
    }
    if (Status st = store(QStringLiteral("outside"), *cross); !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    return *cross;
}

HttpResponse PkiService::publicRoute(const HttpRequest& request)
{
    const QByteArray path = request.path();
    const QByteArray method = request.message.method;
    const QDateTime now = Clock::now();
    if (path == "/v1/pki/bridge" && method == "GET") {
        auto bundle = bridgeBundle();
        if (!bundle) {
            return internal(bundle.error());
        }
        if (bundle->isEmpty()) {
            return problem(404, QStringLiteral("pki.no_bridge"),
                           QStringLiteral("no bridge CA has been set up"));
        }
        return binary("application/pem-certificate-chain", *bundle);
    }
    if (path == "/v1/pki/ca" && method == "GET") {
        return binary("application/pem-certificate-chain",
                      m_rootCert + m_sign.certPem + m_auth.certPem);
    }
    if (path == "/v1/pki/crl" && method == "GET") {
        const QUrlQuery query(QString::fromLatin1(request.query()));
        const QString which = query.hasQueryItem(QStringLiteral("ca"))
                                  ? query.queryItemValue(QStringLiteral("ca"))
                                  : QStringLiteral("sign");
        const auto kind = kindFromId(which);
        if (!kind) {
            return problem(400, QStringLiteral("pki.ca"),
                           QStringLiteral("ca must be sign or auth"));
        }
        auto der = crl(*kind, now);
        if (!der) {
            return internal(der.error());
        }
        return binary("application/pkix-crl", *der);
    }
    if (path == "/v1/pki/ocsp" && method == "POST") {
        auto lookup = [&](int caIndex, const QString& serial) {
            CertState s;
            auto q =
                m_db.exec(QStringLiteral("SELECT revoked_at, reason FROM pki_certificates "
                                         "WHERE serial = ? AND ca = ?"),
                          {serial, caIndex == 0 ? QStringLiteral("sign") : QStringLiteral("auth")});
            if (q && q->next()) {
                s.known = true;
                s.revoked = !q->value(0).isNull() && !q->value(0).toString().isEmpty();
                s.revokedAt = QDateTime::fromString(q->value(0).toString(), Qt::ISODateWithMs);
                s.reason = reasonFromId(q->value(1).toString()).value_or(Reason::Unspecified);
            }
            return s;
        };
        auto answer = ocspRespond(request.message.body, {m_sign, m_auth}, lookup, now, 60);
        if (!answer) {
            return internal(answer.error());
        }
        return binary("application/ocsp-response", *answer);
    }
    return problem(405, QStringLiteral("http.method"),
                   QStringLiteral("%1 is not served for %2")
                       .arg(QString::fromLatin1(method), QString::fromLatin1(path)));
}

std::optional<HttpResponse> PkiService::requireIssuer(const QString& operatorLogin)
{
    auto roles = m_db.scalar(QStringLiteral("SELECT roles FROM operators WHERE login = ? AND "
                                            "active = 1"),
                             {operatorLogin});
    if (!roles) {
        return internal(roles.error());
    }
    if (!roles->isValid()) {
        return problem(403, QStringLiteral("pki.operator"),
                       QStringLiteral("certificates are requested by a card issuer registered on "
                                      "central; %1 is not one")
                           .arg(operatorLogin));
    }
    if (!roles->toString().split(u',').contains(QStringLiteral("card_issuer"))) {
        return problem(
            403, QStringLiteral("pki.operator"),
            QStringLiteral("operator %1 does not hold the card_issuer role").arg(operatorLogin));
    }
    return std::nullopt;
}

HttpResponse PkiService::signedRoute(const HttpRequest& request, const QString& operatorLogin,
                                     const QString& terminal)
{
    const QByteArray path = request.path();
    if (path == "/v1/pki/certificates" && request.message.method == "GET") {
        return list(request);
    }
    if (request.message.method != "POST") {
        return problem(405, QStringLiteral("http.method"), QStringLiteral("use POST"));
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(request.message.body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        return problem(400, QStringLiteral("json.malformed"),
                       pe.error != QJsonParseError::NoError ? pe.errorString()
                                                            : QStringLiteral("expected an object"));
    }
    if (auto refusal = requireIssuer(operatorLogin)) {
        return *refusal;
    }
    if (path == "/v1/pki/issue") {
        return issue(doc.object(), operatorLogin, terminal);
    }
    return revokeRoute(doc.object(), operatorLogin);
}

HttpResponse PkiService::issue(const QJsonObject& body, const QString& operatorLogin,
                               const QString& terminal)
{
    const auto kind = kindFromId(body.value(QStringLiteral("kind")).toString());
    const QString code = body.value(QStringLiteral("resident_code")).toString();
    const QString card = body.value(QStringLiteral("card_id")).toString();
    const QByteArray csr = body.value(QStringLiteral("csr")).toString().toLatin1();
    const QJsonObject h = body.value(QStringLiteral("holder")).toObject();
    if (!kind || code.isEmpty() || csr.isEmpty()) {
        return problem(422, QStringLiteral("pki.request"),
                       QStringLiteral("a request needs kind (sign or auth), resident_code, csr and "
                                      "holder"));
    }
    auto row = m_db.scalar(QStringLiteral("SELECT fields FROM central_residents WHERE "
                                          "resident_code = ?"),
                           {code});
    if (!row) {
        return internal(row.error());
    }
    if (!row->isValid()) {
        return problem(422, QStringLiteral("pki.unknown_resident"),
                       QStringLiteral("resident %1 is not in central's index").arg(code));
    }
    const QJsonObject idx = QJsonDocument::fromJson(row->toString().toUtf8()).object();
    auto field = [&](const char* key) {
        return idx.value(QLatin1String(key)).toString();
    };
    if (field("status") == QStringLiteral("removed")) {
        return problem(422, QStringLiteral("pki.removed"),
                       QStringLiteral("resident %1 has left the register (除票)").arg(code));
    }
    Holder holder;
    holder.name = h.value(QStringLiteral("name")).toString();
    holder.birthDate =
        QDate::fromString(h.value(QStringLiteral("birth_date")).toString(), Qt::ISODate);
    holder.sex = h.value(QStringLiteral("sex")).toString();
    holder.address = h.value(QStringLiteral("address")).toString();
    // The basic four items as central knows them, not as the request says.
    QStringList mismatched;
    if (compact(holder.name) != compact(field("family_name") + field("given_name"))) {
        mismatched << QStringLiteral("name");
    }
    if (holder.birthDate.toString(Qt::ISODate) != field("birth_date")) {
        mismatched << QStringLiteral("birth_date");
    }
    if (holder.sex != sexCode(field("sex"))) {
        mismatched << QStringLiteral("sex");
    }
    if (!compact(holder.address)
             .endsWith(compact(field("town") + field("banchi") + field("building"))) ||
        compact(field("town")).isEmpty()) {
        mismatched << QStringLiteral("address");
    }
    if (!mismatched.isEmpty()) {
        return problem(422, QStringLiteral("pki.subject_mismatch"),
                       QStringLiteral("the request does not match central's index of residents: "
                                      "%1")
                           .arg(mismatched.join(QStringLiteral(", "))));
    }
    IssueRequest r;
    r.kind = *kind;
    r.csrPem = csr;
    r.holder = holder;
    r.place = body.value(QStringLiteral("place")).toString();
    r.publicBase = m_publicUrl;
    r.now = Clock::now();
    auto issued = pki::jpki::issue(ca(*kind).keyPem, ca(*kind).certPem, r);
    if (!issued) {
        return problem(issued.error().code == QStringLiteral("pki.error") ? 500 : 422,
                       issued.error().code, issued.errorMessage());
    }
    Transaction tx(m_db);
    // One valid certificate of a kind per resident: the one it replaces is superseded.
    auto superseded = revoke(QStringLiteral("resident_code = ? AND kind = ?"),
                             {code, kindId(*kind)}, Reason::Superseded, r.now);
    if (!superseded) {
        return internal(superseded.error());
    }
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO pki_certificates (serial, ca, kind, resident_code, "
                           "card_id, not_before, not_after, pem, issued_at, terminal, operator) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {issued->serialHex, kindId(*kind), kindId(*kind), code, card,
             issued->notBefore.toString(Qt::ISODate), issued->notAfter.toString(Qt::ISODate),
             QString::fromLatin1(issued->pem), Clock::isoNow(), terminal, operatorLogin});
        !st) {
        return internal(st.error());
    }
    if (Status st = tx.commit(); !st) {
        return internal(st.error());
    }
    return HttpResponse::json(
        201, {{QStringLiteral("serial"), issued->serialHex},
              {QStringLiteral("kind"), kindId(*kind)},
              {QStringLiteral("certificate"), QString::fromLatin1(issued->pem)},
              {QStringLiteral("chain"), QString::fromLatin1(ca(*kind).certPem + m_rootCert)},
              {QStringLiteral("not_before"), issued->notBefore.toString(Qt::ISODate)},
              {QStringLiteral("not_after"), issued->notAfter.toString(Qt::ISODate)},
              {QStringLiteral("superseded"), *superseded}});
}

HttpResponse PkiService::revokeRoute(const QJsonObject& body, const QString& operatorLogin)
{
    const QString reasonText =
        body.value(QStringLiteral("reason")).toString(QStringLiteral("unspecified"));
    const auto reason = reasonFromId(reasonText);
    if (!reason) {
        return problem(422, QStringLiteral("pki.reason"),
                       QStringLiteral("unknown reason %1 (keyCompromise, affiliationChanged, "
                                      "superseded, cessationOfOperation, certificateHold, "
                                      "unspecified)")
                           .arg(reasonText));
    }
    QString where;
    QVariantList params;
    if (body.contains(QStringLiteral("serial"))) {
        where = QStringLiteral("serial = ?");
        params << body.value(QStringLiteral("serial")).toString().toUpper();
    } else if (body.contains(QStringLiteral("card_id"))) {
        // A lost or stolen card: both of its certificates.
        where = QStringLiteral("card_id = ?");
        params << body.value(QStringLiteral("card_id")).toString();
    } else if (body.contains(QStringLiteral("resident_code"))) {
        where = QStringLiteral("resident_code = ?");
        params << body.value(QStringLiteral("resident_code")).toString();
        if (const auto k = kindFromId(body.value(QStringLiteral("kind")).toString())) {
            where += QStringLiteral(" AND kind = ?");
            params << kindId(*k);
        }
    } else {
        return problem(422, QStringLiteral("pki.request"),
                       QStringLiteral("name the serial, the card_id or the resident_code"));
    }
    Transaction tx(m_db);
    auto n = revoke(where, params, *reason, Clock::now());
    if (!n) {
        return internal(n.error());
    }
    if (Status st = tx.commit(); !st) {
        return internal(st.error());
    }
    Q_UNUSED(operatorLogin);
    return HttpResponse::json(200, {{QStringLiteral("revoked"), *n}});
}

HttpResponse PkiService::list(const HttpRequest& request)
{
    const QUrlQuery query(QString::fromLatin1(request.query()));
    const QString code = query.queryItemValue(QStringLiteral("resident"));
    if (code.isEmpty()) {
        return problem(400, QStringLiteral("pki.request"), QStringLiteral("give ?resident=CODE"));
    }
    auto q = m_db.exec(QStringLiteral("SELECT serial, kind, card_id, not_before, not_after, "
                                      "revoked_at, reason, issued_at FROM pki_certificates WHERE "
                                      "resident_code = ? ORDER BY issued_at DESC"),
                       {code});
    if (!q) {
        return internal(q.error());
    }
    const QDateTime now = Clock::now();
    QJsonArray out;
    while (q->next()) {
        const bool revoked = !q->value(5).isNull() && !q->value(5).toString().isEmpty();
        const QDateTime until = QDateTime::fromString(q->value(4).toString(), Qt::ISODate);
        out.append(QJsonObject{{QStringLiteral("serial"), q->value(0).toString()},
                               {QStringLiteral("kind"), q->value(1).toString()},
                               {QStringLiteral("card_id"), q->value(2).toString()},
                               {QStringLiteral("not_before"), q->value(3).toString()},
                               {QStringLiteral("not_after"), q->value(4).toString()},
                               {QStringLiteral("status"), revoked       ? QStringLiteral("revoked")
                                                          : until < now ? QStringLiteral("expired")
                                                                        : QStringLiteral("valid")},
                               {QStringLiteral("revoked_at"), q->value(5).toString()},
                               {QStringLiteral("reason"), q->value(6).toString()},
                               {QStringLiteral("issued_at"), q->value(7).toString()}});
    }
    return HttpResponse::json(200, {{QStringLiteral("certificates"), out}});
}

} // namespace madoguchi::central
