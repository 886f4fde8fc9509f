#pragma once
// The offline extract of the resident register for a disaster (被災地域の住民抽出): on a
// workstation with the register, an operator who may see it (a register role) and holds the
// disaster_staff role writes the current residents of the disaster's affected areas into a
// file encrypted with a passphrase; a shelter laptop without the register (and without any
// network) imports it, so that DisasterService::registerResident finds a resident by their
// code there too.
//
// The file: the line "MADOGUCHI-EXTRACT 1", a JSON header line (the key derivation's parameters,
// salt, nonce, the disaster's code and the time it was written), then AES-256-GCM ciphertext and
// its 16-byte tag. The key comes from the passphrase through scrypt (N 2^15, r 8, p 1; OpenSSL 3);
// both header lines are authenticated, so a wrong passphrase or any changed byte is refused.
//
// What travels, per resident: resident code, household number and relationship, names and kana,
// date of birth, sex, the address as printed and its local-government code, and whether the
// resident has DV等支援措置 — so that a ledger person registered from the extract is protected
// (flagged dv) at the shelter as at the office. Never the My Number, 本籍 or notes.
//
// On the laptop the residents are kept in disaster_extract_residents (migration 11), the record
// sealed at rest with the installation key (crypto/KeyStore) and bound to the resident code;
// nothing is written to the register itself, so no move is recorded and nothing is sent to
// central. Writing needs Permission::ViewResidents and ManageDisaster; importing ManageDisaster.
// Both are audited (disaster.extract, disaster.extract_import).

#include "auth/Session.h"
#include "disaster/Disaster.h"
#include "storage/Database.h"

#include <QByteArray>
#include <optional>

namespace madoguchi::disaster {

inline constexpr int kMinPassphraseLength = 12;

struct ExtractSummary
{
    QString disasterCode;
    QDateTime writtenAt;
    int residents = 0;
    int added = 0;     // import: residents new to this laptop
    int updated = 0;   // import: residents whose record changed
    int unchanged = 0; // import: residents already there as they are
};

class RegisterExtract
{
public:
    explicit RegisterExtract(Database db);

    // The extract of the residents of the disaster's affected areas (disasterId 0: the current
    // disaster). Refused with disaster.invalid when the disaster has no affected areas or the
    // passphrase is shorter than kMinPassphraseLength.
    Result<QByteArray> write(const QByteArray& passphrase, const Session& by, qint64 disasterId = 0,
                             ExtractSummary* summary = nullptr);

    // Refused, with nothing applied: extract.invalid (not an extract, a damaged header),
    // extract.auth (wrong passphrase, or the file was changed).
    Result<ExtractSummary> import(const QByteArray& file, const QByteArray& passphrase,
                                  const Session& by);

    // A resident of an imported extract as a ledger person (names, kana, birth date, sex,
    // address, household, dv for DV等支援措置); none when the code is not in any extract.
    Result<std::optional<Person>> person(const QString& residentCode) const;

private:
    Database m_db;
};

} // namespace madoguchi::disaster
