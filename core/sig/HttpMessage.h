#pragma once
// A raw HTTP/1.1 message (request or response) as HTTP Message Signatures see it: the start
// line, the header fields in order (names lower-cased, values trimmed), and the body. Used by
// the signature code, by `madoguchi-cli sig` on message files, and by central and the client.

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

namespace madoguchi::sig {

struct HttpMessage
{
    bool isRequest = true;
    QByteArray method;           // GET, POST …
    QByteArray target;           // origin-form (/path?query) or absolute-form
    int status = 0;              // responses
    QByteArray reason;           // responses
    QByteArray scheme = "https"; // for @target-uri and @scheme when the target is origin-form
    QList<QPair<QByteArray, QByteArray>> fields;
    QByteArray body;

    // Parses CRLF or bare LF line endings; the body is what follows the empty line (cut to
    // Content-Length when there is one).
    // headOnly: the start line and fields only (a server reads the body itself).
    static Result<HttpMessage> parse(const QByteArray& raw, bool headOnly = false);
    QByteArray serialize() const; // CRLF, fields in order

    // All values of a field, in order; nullopt when absent.
    std::optional<QList<QByteArray>> values(const QByteArray& name) const;
    // The values joined with ", " (RFC 9421 §2.1); nullopt when absent.
    std::optional<QByteArray> field(const QByteArray& name) const;
    void setField(const QByteArray& name, const QByteArray& value); // replaces all
    void removeField(const QByteArray& name);
};

} // namespace madoguchi::sig
