#include "sig/HttpMessage.h"

#include <QCoreApplication>

namespace madoguchi::sig {

namespace {
Error bad(const QString& why)
{
    return Error(QCoreApplication::translate("Sig", "malformed HTTP message: %1").arg(why),
                 QStringLiteral("http.malformed"));
}
} // namespace

Result<HttpMessage> HttpMessage::parse(const QByteArray& raw, bool headOnly)
{
    HttpMessage m;
    qsizetype pos = 0;
    auto nextLine = [&](QByteArray* line) {
        const qsizetype nl = raw.indexOf('\n', pos);
        if (nl < 0) {
            *line = raw.mid(pos);
            pos = raw.size();
            return false;
        }
        *line = raw.mid(pos, nl - pos);
        if (line->endsWith('\r')) {
            line->chop(1);
        }
        pos = nl + 1;
        return true;
    };
    QByteArray line;
    nextLine(&line);
    const QList<QByteArray> start = line.split(' ');
    if (start.size() < 2) {
        return bad(QStringLiteral("no start line"));
    }
    if (start.first().startsWith("HTTP/")) {
        m.isRequest = false;
        bool ok = false;
        m.status = start.at(1).toInt(&ok);
        if (!ok || start.at(1).size() != 3) {
            return bad(QStringLiteral("a status must have three digits"));
        }
        m.reason = line.mid(start.at(0).size() + start.at(1).size() + 2);
    } else {
        if (start.size() != 3 || !start.at(2).startsWith("HTTP/")) {
            return bad(QStringLiteral("a request line is METHOD TARGET HTTP/1.1"));
        }
        m.method = start.at(0);
        m.target = start.at(1);
    }
    bool ended = false;
    while (nextLine(&line)) {
        if (line.isEmpty()) {
            ended = true;
            break;
        }
        if (line.startsWith(' ') || line.startsWith('\t')) {
            return bad(QStringLiteral("folded header lines are not allowed"));
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            return bad(QStringLiteral("a header line without a name"));
        }
        const QByteArray name = line.left(colon);
        if (name.contains(' ') || name.contains('\t')) {
            return bad(QStringLiteral("a header name with white space"));
        }
        m.fields.append({name.toLower(), line.mid(colon + 1).trimmed()});
    }
    if (!ended && !line.isEmpty()) {
        return bad(QStringLiteral("the header does not end with an empty line"));
    }
    if (headOnly) {
        return m;
    }
    m.body = raw.mid(pos);
    if (auto length = m.field("content-length")) {
        bool ok = false;
        const qint64 n = length->toLongLong(&ok);
        if (!ok || n < 0) {
            return bad(QStringLiteral("Content-Length is not a number"));
        }
        if (n > m.body.size()) {
            return bad(QStringLiteral("the body is shorter than Content-Length"));
        }
        m.body.truncate(n);
    }
    return m;
}

QByteArray HttpMessage::serialize() const
{
    QByteArray out = isRequest ? method + ' ' + target + " HTTP/1.1\r\n"
                               : "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const auto& [name, value] : fields) {
        out += name + ": " + value + "\r\n";
    }
    return out + "\r\n" + body;
}

std::optional<QList<QByteArray>> HttpMessage::values(const QByteArray& name) const
{
    QList<QByteArray> out;
    bool seen = false;
    const QByteArray lower = name.toLower();
    for (const auto& [n, v] : fields) {
        if (n == lower) {
            out << v;
            seen = true;
        }
    }
    if (!seen) {
        return std::nullopt;
    }
    return out;
}

std::optional<QByteArray> HttpMessage::field(const QByteArray& name) const
{
    auto v = values(name);
    if (!v) {
        return std::nullopt;
    }
    return v->join(", ");
}

void HttpMessage::removeField(const QByteArray& name)
{
    const QByteArray lower = name.toLower();
    fields.removeIf([&](const QPair<QByteArray, QByteArray>& f) { return f.first == lower; });
}

void HttpMessage::setField(const QByteArray& name, const QByteArray& value)
{
    removeField(name);
    fields.append({name.toLower(), value});
}

} // namespace madoguchi::sig
