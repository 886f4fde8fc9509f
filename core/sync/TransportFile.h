#pragma once
// The transport file: a workstation's outbox carried to central on a USB stick when there is no
// network at all (a shelter cut off for days). Central imports it as if the workstation had
// pushed it: each change is applied once by its id, so importing a file twice, importing two
// files that overlap, or syncing online afterwards applies nothing twice. The changes stay in
// the workstation's outbox until an online sync is acknowledged by central, so nothing is lost
// when the stick is.
//
// The file is JSON:
//   {"format": "madoguchi-transport/1",
//    "header": {"file_id", "terminal", "keyid", "created", "changes", "recipient"},
//    "ephemeral_key": PEM, "nonce": base64, "ciphertext": base64, "signature": base64}
// Encrypted for central only: ECDH (P-256) between a key made for this file and central's key
// from the enrollment, HKDF-SHA-256 (salt: the file id), AES-256-GCM with the header as
// associated data. Signed by the workstation's terminal key (ECDSA P-256 SHA-256) over the
// header, the ephemeral key, the nonce and the ciphertext, so central knows who made it before
// it decrypts anything, and a header changed on the way (terminal, count) fails.

#include "sync/CentralClient.h"

#include <QDateTime>
#include <QJsonArray>

namespace madoguchi::sync {

struct TransportHeader
{
    QString fileId;
    QString terminal;
    QString keyid; // the terminal certificate's SHA-256, as in signed requests
    QDateTime created;
    int changes = 0;
    QString recipient; // SHA-256 of central's public key (PEM), hex
};

struct TransportContents
{
    TransportHeader header;
    QJsonArray changes; // as a push sends them: id, kind, record_key, base_version, operator,
                        // payload
};

// Seals `changes` for central.
Result<QByteArray> sealTransport(const Enrollment& e, const QJsonArray& changes,
                                 TransportHeader* header = nullptr);
// Every change pending in the outbox, sealed into `path` (written whole or not at all).
Result<TransportHeader> writeTransportFile(const Database& db, const Enrollment& e,
                                           const QString& path);

// Central's side. The header alone (which terminal, which key), refusing what is not a
// transport file (code transport.invalid).
Result<TransportHeader> readTransportHeader(const QByteArray& file);
// Checked against the terminal's certificate (transport.signature) and opened with central's
// private key (transport.recipient when it is for another central, transport.damaged when the
// ciphertext was changed).
Result<TransportContents> openTransport(const QByteArray& file, const QByteArray& centralKeyPem,
                                        const QByteArray& terminalCertificatePem);

} // namespace madoguchi::sync
