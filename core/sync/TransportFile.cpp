#include "sync/TransportFile.h"

#include "crypto/OpenSsl.h"
#include "pki/Pki.h"
#include "sig/MessageSignature.h"
#include "sync/Outbox.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUuid>

namespace madoguchi::sync {

namespace {

constexpr const char* kFormat = "madoguchi-transport/1";

Error invalid(const QString& why)
{
    return Error(
        QCoreApplication::translate("Transport", "not a valid transport file: %1").arg(why),
        QStringLiteral("transport.invalid"));
}

QString sha256Hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QJsonObject headerJson(const TransportHeader& h)
{
    return {{QStringLiteral("file_id"), h.fileId},
            {QStringLiteral("terminal"), h.terminal},
            {QStringLiteral("keyid"), h.keyid},
            {QStringLiteral("created"), h.created.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("changes"), h.changes},
            {QStringLiteral("recipient"), h.recipient}};
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// What the terminal signs: everything but the signature, in a fixed order.
QByteArray signedBytes(const QByteArray& header, const QByteArray& ephemeral,
                       const QByteArray& nonce64, const QByteArray& ciphertext64)
{
    return header + '\n' + ephemeral + '\n' + nonce64 + '\n' + ciphertext64;
}

// ECDH shared secret → the AES-256 key of this file.
Result<QByteArray> fileKey(EVP_PKEY* mine, EVP_PKEY* peer, const QString& fileId)
{
    ossl::PkeyCtx ctx(EVP_PKEY_CTX_new(mine, nullptr));
    size_t len = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
        EVP_PKEY_derive_set_peer(ctx.get(), peer) <= 0 ||
        EVP_PKEY_derive(ctx.get(), nullptr, &len) <= 0) {
        return Error(ossl::errorString(QStringLiteral("ECDH")), QStringLiteral("transport.crypto"));
    }
    QByteArray shared(int(len), Qt::Uninitialized);
    if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(shared.data()), &len) <= 0) {
        return Error(ossl::errorString(QStringLiteral("ECDH")), QStringLiteral("transport.crypto"));
    }
    shared.resize(int(len));
    const QByteArray key =
        ossl::hkdfSha256(shared, fileId.toUtf8(), QByteArrayLiteral("madoguchi-transport-v1"), 32);
    if (key.isEmpty()) {
        return Error(ossl::errorString(QStringLiteral("HKDF")), QStringLiteral("transport.crypto"));
    }
    return key;
}

} // namespace

Result<QByteArray> sealTransport(const Enrollment& e, const QJsonArray& changes,
                                 TransportHeader* header)
{
    if (e.keyPem.isEmpty() || e.centralKeyPem.isEmpty() || e.terminal.isEmpty()) {
        return Error(QCoreApplication::translate(
                         "Transport", "this workstation is not enrolled with central: enroll it "
                                      "first (its key signs the file, central's key opens it)"),
                     QStringLiteral("sync.not_enrolled"));
    }
    TransportHeader h;
    h.fileId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    h.terminal = e.terminal;
    h.keyid = e.keyid;
    h.created = QDateTime::currentDateTimeUtc();
    h.changes = int(changes.size());
    h.recipient = sha256Hex(e.centralKeyPem.trimmed());
    auto central = sig::loadKey(e.centralKeyPem);
    auto terminalKey = sig::loadKey(e.keyPem);
    auto ephemeralPem = pki::generateEcKey();
    if (!central || !terminalKey || !ephemeralPem) {
        return (!central       ? central.error()
                : !terminalKey ? terminalKey.error()
                               : ephemeralPem.error());
    }
    auto ephemeral = sig::loadKey(*ephemeralPem);
    auto ephemeralPublic = pki::publicKeyPem(*ephemeralPem);
    if (!ephemeral || !ephemeralPublic) {
        return !ephemeral ? ephemeral.error() : ephemeralPublic.error();
    }
    auto key = fileKey(ephemeral->pkey.get(), central->pkey.get(), h.fileId);
    if (!key) {
        return key.error();
    }
    const QByteArray headerBytes = compact(headerJson(h));
    const QByteArray plaintext = compact(QJsonObject{{QStringLiteral("terminal"), h.terminal},
                                                     {QStringLiteral("changes"), changes}});
    const QByteArray nonce = ossl::randomBytes(12);
    const auto sealed =
        nonce.isEmpty() ? std::nullopt : ossl::aesGcmSeal(*key, nonce, plaintext, headerBytes);
    if (!sealed) {
        return Error(ossl::errorString(QStringLiteral("AES-256-GCM")),
                     QStringLiteral("transport.crypto"));
    }
    const QByteArray nonce64 = nonce.toBase64();
    const QByteArray ct64 = sealed->toBase64();
    auto signature = sig::signBase(sig::Algorithm::EcdsaP256Sha256, *terminalKey,
                                   signedBytes(headerBytes, *ephemeralPublic, nonce64, ct64));
    if (!signature) {
        return signature.error();
    }
    if (header) {
        *header = h;
    }
    return QJsonDocument(
               QJsonObject{
                   {QStringLiteral("format"), QLatin1String(kFormat)},
                   {QStringLiteral("header"), headerJson(h)},
                   {QStringLiteral("ephemeral_key"), QString::fromLatin1(*ephemeralPublic)},
                   {QStringLiteral("nonce"), QString::fromLatin1(nonce64)},
                   {QStringLiteral("ciphertext"), QString::fromLatin1(ct64)},
                   {QStringLiteral("signature"), QString::fromLatin1(signature->toBase64())}})
        .toJson(QJsonDocument::Indented);
}

Result<TransportHeader> writeTransportFile(const Database& db, const Enrollment& e,
                                           const QString& path)
{
    // The outbox in order, sealed payloads opened: central reads them as it reads a push.
    QJsonArray changes;
    auto items = Outbox(db).pending(1000000);
    if (!items) {
        return items.error();
    }
    for (const OutboxItem& i : std::as_const(*items)) {
        changes.append(QJsonObject{{QStringLiteral("id"), i.changeId},
                                   {QStringLiteral("kind"), i.kind},
                                   {QStringLiteral("record_key"), i.recordKey},
                                   {QStringLiteral("base_version"), i.baseVersion},
                                   {QStringLiteral("operator"), i.operatorLogin},
                                   {QStringLiteral("payload"), i.payload}});
    }
    TransportHeader header;
    auto bytes = sealTransport(e, changes, &header);
    if (!bytes) {
        return bytes.error();
    }
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(*bytes) != bytes->size() || !out.commit()) {
        return Error(QCoreApplication::translate("Transport", "cannot write %1: %2")
                         .arg(path, out.errorString()),
                     QStringLiteral("transport.write"));
    }
    return header;
}

namespace {

struct Parsed
{
    TransportHeader header;
    QByteArray headerBytes;
    QByteArray ephemeral;
    QByteArray nonce64;
    QByteArray ct64;
    QByteArray signature;
};

Result<Parsed> parse(const QByteArray& file)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(file, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        return invalid(
            QCoreApplication::translate("Transport", "it is not JSON (%1)").arg(pe.errorString()));
    }
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)) {
        return invalid(
            QCoreApplication::translate("Transport", "the format is \"%1\", not %2")
                .arg(o.value(QStringLiteral("format")).toString(), QLatin1String(kFormat)));
    }
    const QJsonObject h = o.value(QStringLiteral("header")).toObject();
    Parsed p;
    p.header.fileId = h.value(QStringLiteral("file_id")).toString();
    p.header.terminal = h.value(QStringLiteral("terminal")).toString();
    p.header.keyid = h.value(QStringLiteral("keyid")).toString();
    p.header.created =
        QDateTime::fromString(h.value(QStringLiteral("created")).toString(), Qt::ISODate);
    p.header.changes = h.value(QStringLiteral("changes")).toInt(-1);
    p.header.recipient = h.value(QStringLiteral("recipient")).toString();
    p.headerBytes = compact(h);
    p.ephemeral = o.value(QStringLiteral("ephemeral_key")).toString().toLatin1();
    p.nonce64 = o.value(QStringLiteral("nonce")).toString().toLatin1();
    p.ct64 = o.value(QStringLiteral("ciphertext")).toString().toLatin1();
    p.signature =
        QByteArray::fromBase64(o.value(QStringLiteral("signature")).toString().toLatin1());
    if (p.header.fileId.isEmpty() || p.header.terminal.isEmpty() || p.header.keyid.isEmpty() ||
        !p.header.created.isValid() || p.header.changes < 0 || p.header.recipient.isEmpty() ||
        p.ephemeral.isEmpty() || p.nonce64.isEmpty() || p.ct64.isEmpty() || p.signature.isEmpty()) {
        return invalid(
            QCoreApplication::translate("Transport", "a part of its header or body is missing"));
    }
    return p;
}

} // namespace

Result<TransportHeader> readTransportHeader(const QByteArray& file)
{
    auto p = parse(file);
    if (!p) {
        return p.error();
    }
    return p->header;
}

Result<TransportContents> openTransport(const QByteArray& file, const QByteArray& centralKeyPem,
                                        const QByteArray& terminalCertificatePem)
{
    auto p = parse(file);
    if (!p) {
        return p.error();
    }
    auto terminalKey = sig::loadKey(terminalCertificatePem);
    if (!terminalKey) {
        return terminalKey.error();
    }
    if (Status st = sig::verifyBase(sig::Algorithm::EcdsaP256Sha256, *terminalKey,
                                    signedBytes(p->headerBytes, p->ephemeral, p->nonce64, p->ct64),
                                    p->signature);
        !st) {
        return Error(QCoreApplication::translate(
                         "Transport", "the file's signature does not match terminal %1's key: it "
                                      "was changed after it was written, or another made it")
                         .arg(p->header.terminal),
                     QStringLiteral("transport.signature"));
    }
    auto centralPublic = pki::publicKeyPem(centralKeyPem);
    if (!centralPublic) {
        return centralPublic.error();
    }
    if (sha256Hex(centralPublic->trimmed()) != p->header.recipient) {
        return Error(QCoreApplication::translate(
                         "Transport", "the file was sealed for another central (key %1…)")
                         .arg(p->header.recipient.left(16)),
                     QStringLiteral("transport.recipient"));
    }
    auto central = sig::loadKey(centralKeyPem);
    auto ephemeral = sig::loadKey(p->ephemeral);
    if (!central || !ephemeral) {
        return !central ? central.error() : invalid(ephemeral.errorMessage());
    }
    auto key = fileKey(central->pkey.get(), ephemeral->pkey.get(), p->header.fileId);
    if (!key) {
        return key.error();
    }
    const auto plain = ossl::aesGcmOpen(*key, QByteArray::fromBase64(p->nonce64),
                                        QByteArray::fromBase64(p->ct64), p->headerBytes);
    if (!plain) {
        return Error(
            QCoreApplication::translate("Transport", "the file's contents do not decrypt: damaged"),
            QStringLiteral("transport.damaged"));
    }
    const QJsonObject body = QJsonDocument::fromJson(*plain).object();
    TransportContents c;
    c.header = p->header;
    c.changes = body.value(QStringLiteral("changes")).toArray();
    if (body.value(QStringLiteral("terminal")).toString() != p->header.terminal ||
        c.changes.size() != p->header.changes) {
        return invalid(QCoreApplication::translate(
            "Transport", "its contents do not match its header (terminal or count)"));
    }
    return c;
}

} // namespace madoguchi::sync
