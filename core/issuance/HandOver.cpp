#include "issuance/HandOver.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "crypto/OpenSsl.h"
#include "pki/CertVerify.h"
#include "pki/CertificateRequests.h"
#include "pki/CrlCache.h"
#include "pki/Pki.h"
#include "registry/RegistryService.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace madoguchi::issuance {

namespace {

const QList<card::Pin>& pinOrder()
{
    static const QList<card::Pin> order = {card::Pin::Sign, card::Pin::Auth, card::Pin::Helper,
                                           card::Pin::Juki};
    return order;
}

QByteArray derOfPem(const QByteArray& text)
{
    const QByteArray begin = "-----BEGIN CERTIFICATE-----";
    const QByteArray end = "-----END CERTIFICATE-----";
    const qsizetype from = text.indexOf(begin);
    const qsizetype to = text.indexOf(end, from + 1);
    if (from < 0 || to < 0) {
        return {};
    }
    return QByteArray::fromBase64(text.mid(from + begin.size(), to - from - begin.size()));
}

// Whether `signature` (RSA PKCS#1 v1.5 over the SHA-256 DigestInfo) of `data` verifies with the
// public key of the certificate `der`.
Status verifyWithCertificate(const QByteArray& der, const QByteArray& data,
                             const QByteArray& signature)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    ossl::Cert cert(d2i_X509(nullptr, &p, long(der.size())));
    if (!cert) {
        return Error(ossl::errorString(QCoreApplication::translate(
                         "HandOver", "the certificate on the card cannot be read")),
                     QStringLiteral("issuance.card_check"));
    }
    EVP_PKEY* key = X509_get0_pubkey(cert.get());
    ossl::MdCtx ctx(EVP_MD_CTX_new());
    if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char*>(data.constData()),
                         size_t(data.size())) != 1) {
        ossl::errorString(QString()); // drain the queue
        return Error(QCoreApplication::translate(
                         "HandOver", "the card's signature does not verify with its certificate"),
                     QStringLiteral("issuance.card_check"));
    }
    return {};
}

// The serial number of a DER certificate, upper-case hex; empty when it cannot be read.
QString serialOf(const QByteArray& der)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    ossl::Cert cert(d2i_X509(nullptr, &p, long(der.size())));
    if (!cert) {
        ossl::errorString(QString());
        return {};
    }
    ossl::Bignum bn(ASN1_INTEGER_to_BN(X509_get_serialNumber(cert.get()), nullptr));
    if (!bn) {
        return {};
    }
    char* hex = BN_bn2hex(bn.get());
    const QString out = QString::fromLatin1(hex).toUpper();
    OPENSSL_free(hex);
    return out;
}

QString withoutSpaces(QString s)
{
    s.remove(u' ');
    s.remove(QChar(0x3000));
    return s;
}

QString normalSerial(QString s)
{
    s = s.toUpper();
    while (s.size() > 1 && s.startsWith(u'0')) {
        s.remove(0, 1);
    }
    return s;
}

} // namespace

QString NewPins::value(card::Pin pin) const
{
    switch (pin) {
    case card::Pin::Sign:
        return sign;
    case card::Pin::Auth:
        return auth;
    case card::Pin::Helper:
        return helper;
    case card::Pin::Juki:
        return juki;
    }
    return {};
}

QStringList NewPins::problems() const
{
    QStringList out;
    for (card::Pin pin : pinOrder()) {
        if (QString p = card::pinFormatProblem(pin, value(pin)); !p.isEmpty()) {
            out << p;
        }
    }
    return out;
}

Result<QByteArray> issuanceKeyFromEnvironment()
{
    QByteArray hex = qgetenv("MADOGUCHI_ISSUANCE_KEY").trimmed();
    if (hex.isEmpty()) {
        const QString path = qEnvironmentVariable("MADOGUCHI_ISSUANCE_KEY_FILE");
        if (path.isEmpty()) {
            return Error(QCoreApplication::translate(
                             "HandOver",
                             "no issuance key: set MADOGUCHI_ISSUANCE_KEY (64 hex digits) or "
                             "MADOGUCHI_ISSUANCE_KEY_FILE"),
                         QStringLiteral("card.usage"));
        }
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            return Error(QCoreApplication::translate("HandOver", "cannot read %1: %2")
                             .arg(path, f.errorString()),
                         QStringLiteral("card.usage"));
        }
        hex = f.readAll().trimmed();
    }
    const auto decoded = QByteArray::fromHex(hex);
    if (hex.size() != 64 || decoded.size() != 32 || decoded.toHex() != hex.toLower()) {
        return Error(QCoreApplication::translate(
                         "HandOver", "the issuance key must be 64 hex digits (32 bytes)"),
                     QStringLiteral("card.usage"));
    }
    return decoded;
}

HandOver::HandOver(Database db, card::CardService card, QByteArray issuanceKey,
                   sync::Enrollment enrollment)
    : m_db(std::move(db)), m_card(std::move(card)), m_issuanceKey(std::move(issuanceKey)),
      m_enrollment(std::move(enrollment))
{}

void HandOver::say(const QString& text)
{
    if (m_progress) {
        m_progress(text);
    }
}

Result<std::optional<HandOverRecord>> HandOver::record(const Database& db, qint64 applicationId)
{
    auto q = db.exec(QStringLiteral("SELECT application_id, card_serial, step, pins_done, "
                                    "auth_serial, sign_serial, interrupted, last_error, "
                                    "started_at, updated_at, operator FROM card_handovers WHERE "
                                    "application_id = ?"),
                     {applicationId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<HandOverRecord>();
    }
    HandOverRecord r;
    r.applicationId = q->value(0).toLongLong();
    r.cardSerial = q->value(1).toString();
    r.step = q->value(2).toString();
    r.pinsDone = q->value(3).toString().split(u',', Qt::SkipEmptyParts);
    r.authSerial = q->value(4).toString();
    r.signSerial = q->value(5).toString();
    r.interrupted = q->value(6).toInt() != 0;
    r.lastError = q->value(7).toString();
    r.startedAt = QDateTime::fromString(q->value(8).toString(), Qt::ISODateWithMs);
    r.updatedAt = QDateTime::fromString(q->value(9).toString(), Qt::ISODateWithMs);
    r.operatorLogin = q->value(10).toString();
    return std::optional<HandOverRecord>(r);
}

Result<QList<HandOverRecord>> HandOver::interrupted(const Database& db)
{
    auto q = db.exec(QStringLiteral("SELECT application_id FROM card_handovers WHERE "
                                    "interrupted = 1 ORDER BY updated_at"));
    if (!q) {
        return q.error();
    }
    QList<qint64> ids;
    while (q->next()) {
        ids << q->value(0).toLongLong();
    }
    q->finish();
    QList<HandOverRecord> out;
    for (qint64 id : std::as_const(ids)) {
        auto r = record(db, id);
        if (!r) {
            return r.error();
        }
        if (*r) {
            out << **r;
        }
    }
    return out;
}

Status HandOver::save(const HandOverRecord& rec)
{
    const QVariantList values{rec.cardSerial,          rec.step,
                              rec.pinsDone.join(u','), rec.authSerial,
                              rec.signSerial,          rec.interrupted ? 1 : 0,
                              rec.lastError,           Clock::now().toString(Qt::ISODateWithMs),
                              rec.operatorLogin,       rec.applicationId};
    auto q = m_db.exec(QStringLiteral("UPDATE card_handovers SET card_serial = ?, step = ?, "
                                      "pins_done = ?, auth_serial = ?, sign_serial = ?, "
                                      "interrupted = ?, last_error = ?, updated_at = ?, "
                                      "operator = ? WHERE application_id = ?"),
                       values);
    if (!q) {
        return q.error();
    }
    if (q->numRowsAffected() == 1) {
        return {};
    }
    return m_db.run(QStringLiteral("INSERT INTO card_handovers (card_serial, step, pins_done, "
                                   "auth_serial, sign_serial, interrupted, last_error, "
                                   "updated_at, operator, application_id, started_at) VALUES "
                                   "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    values + QVariantList{rec.startedAt.toString(Qt::ISODateWithMs)});
}

Result<HandOverResult> HandOver::run(qint64 applicationId, const NewPins& pins, const Session& by)
{
    if (Status st = by.require(Permission::IssueCards); !st) {
        return st.error();
    }
    if (const QStringList problems = pins.problems(); !problems.isEmpty()) {
        return Error(problems.join(u'\n'), QStringLiteral("card.pin_format"));
    }
    auto app = IssuanceService(m_db).get(applicationId);
    if (!app) {
        return app.error();
    }
    if (app->state != State::IdentityVerified && app->state != State::PinsSet) {
        return Error(QCoreApplication::translate(
                         "HandOver",
                         "a card is handed over once its holder's identity has been verified "
                         "(application %1 is at %2)")
                         .arg(applicationId)
                         .arg(id(app->state)),
                     QStringLiteral("issuance.handover_state"));
    }
    auto existing = record(m_db, applicationId);
    if (!existing) {
        return existing.error();
    }
    HandOverRecord rec;
    const bool resumed = existing->has_value();
    if (resumed) {
        rec = **existing;
    } else {
        rec.applicationId = applicationId;
        rec.step = QStringLiteral("started");
        rec.startedAt = Clock::now();
    }
    rec.operatorLogin = by.login();
    rec.cardSerial = app->cardSerial;
    // Flagged from the start: a hand-over that never reaches the end (the terminal's power
    // went) stays flagged too.
    rec.interrupted = true;
    rec.lastError.clear();
    if (Status st = save(rec); !st) {
        return st.error();
    }
    if (resumed) {
        AuditLog(m_db)
            .recordForResident(by.login(), QStringLiteral("issuance.handover_resumed"),
                               app->residentId, app->residentCode,
                               QStringLiteral("%1 %2").arg(applicationId).arg(rec.step))
            .ok();
    }
    auto result = steps(applicationId, pins, by, rec);
    if (!result) {
        rec.interrupted = true;
        rec.lastError = result.errorMessage();
        save(rec).ok();
        AuditLog(m_db)
            .recordForResident(
                by.login(), QStringLiteral("issuance.handover_interrupted"), app->residentId,
                app->residentCode,
                QStringLiteral("%1 %2: %3").arg(applicationId).arg(rec.step, result.errorMessage()))
            .ok();
        return result.error();
    }
    result->resumed = resumed;
    return result;
}

Result<HandOverResult> HandOver::steps(qint64 applicationId, const NewPins& pins, const Session& by,
                                       HandOverRecord& rec)
{
    using namespace card;
    HandOverResult out;
    QElapsedTimer total;
    total.start();
    const qint64 apdusBefore = PcscCard::exchanged();
    qint64 cardMs = 0;
    const QByteArray issuerKey = m_issuanceKey;
    const bool lastTry = m_allowLastTry;
    // Every card operation goes through here, so that its time is counted.
    auto onCard = [&](const CardService::Operation& op) -> Status {
        QElapsedTimer t;
        t.start();
        Status st = m_card.run(op);
        cardMs += t.elapsed();
        return st;
    };
    auto readCert = [&](Certificate which) -> Result<QByteArray> {
        auto der = std::make_shared<QByteArray>();
        const QString signPin = which == Certificate::Sign ? pins.sign : QString();
        Status st = onCard([der, which, signPin, lastTry](MyNumberCard& c) -> Status {
            auto r = c.readCertificate(which, signPin, lastTry);
            if (!r) {
                return r.error();
            }
            *der = *r;
            return {};
        });
        if (!st) {
            return st.error();
        }
        return *der;
    };

    IssuanceService issuance(m_db);
    auto app = issuance.get(applicationId);
    if (!app) {
        return app.error();
    }
    auto resident = RegistryService(m_db).load(app->residentId);
    if (!resident) {
        return resident.error();
    }

    // 0. The card central made for this application (when central made it): nothing is written
    //    to another card.
    if (!app->cardSerial.isEmpty()) {
        auto serial = std::make_shared<QString>();
        Status st = onCard([serial](MyNumberCard& c) -> Status {
            auto r = c.readCardSerial();
            if (!r) {
                return r.error();
            }
            *serial = *r;
            return {};
        });
        if (!st && st.error().code != QStringLiteral("card.no_serial")) {
            return st.error();
        }
        if (*serial != app->cardSerial) {
            return Error(QCoreApplication::translate("HandOver",
                                                     "the card in the reader (%1) is not the one "
                                                     "made for this application (%2)")
                             .arg(serial->isEmpty()
                                      ? QCoreApplication::translate("HandOver", "no card serial")
                                      : *serial,
                                  app->cardSerial),
                         QStringLiteral("issuance.wrong_card"));
        }
        out.done << QCoreApplication::translate("HandOver", "card %1 is the one made for this "
                                                            "application")
                        .arg(*serial);
    }

    // 1. PINs: those the card does not have yet are set, then all four must verify. Also on
    //    resume: the card in the reader now may not be the one the PINs were set on.
    {
        say(QCoreApplication::translate("HandOver", "Setting the PINs on the card…"));
        // One card session: each PIN's application selected, issuer authentication in it,
        // RESET RETRY COUNTER for a PIN not set yet; then all four verified. What was set is
        // kept even when the session stops half-way (the card is the record; resume asks it).
        auto setNow = std::make_shared<QList<Pin>>();
        const NewPins values = pins;
        Status pinsOk = onCard([issuerKey, values, lastTry, setNow](MyNumberCard& c) -> Status {
            for (Pin pin : pinOrder()) {
                auto state = c.pinState(pin);
                if (!state) {
                    return state.error();
                }
                if (!state->set) {
                    if (Status a = c.issuerAuthenticate(issuerKey, pin); !a) {
                        return a;
                    }
                    if (Status set = c.setInitialPin(pin, values.value(pin)); !set) {
                        return set;
                    }
                    setNow->append(pin);
                }
            }
            for (Pin pin : pinOrder()) {
                if (Status v = c.verifyPin(pin, values.value(pin), lastTry); !v) {
                    return v;
                }
            }
            return {};
        });
        for (Pin pin : std::as_const(*setNow)) {
            out.done << QCoreApplication::translate("HandOver", "%1 set").arg(pinName(pin));
            if (!rec.pinsDone.contains(pinKey(pin))) {
                rec.pinsDone << pinKey(pin);
            }
        }
        if (Status saved = save(rec); !saved) {
            return saved.error();
        }
        if (!pinsOk) {
            return pinsOk.error();
        }
        out.done << QCoreApplication::translate("HandOver", "all four PINs verify");
        if (app->state == State::IdentityVerified) {
            auto moved = issuance.advance(applicationId, State::PinsSet, QString(), by);
            if (!moved) {
                return moved.error();
            }
        }
        if (rec.step == QStringLiteral("started")) {
            rec.step = QStringLiteral("pins");
        }
        if (Status st = save(rec); !st) {
            return st.error();
        }
    }

    // 2. The card is this resident's: its basic four items (readable now that the helper PIN
    //    is set) are the register's, and so is its individual number.
    say(QCoreApplication::translate("HandOver", "Checking that the card is the holder's…"));
    auto basic = std::make_shared<CardBasicInfo>();
    const QString helperPin = pins.helper;
    if (Status st = onCard([basic, helperPin, lastTry](MyNumberCard& c) -> Status {
            auto b = c.readBasicInfo(helperPin, lastTry);
            if (!b) {
                return b.error();
            }
            *basic = *b;
            return {};
        });
        !st) {
        return st.error();
    }
    QStringList mismatches;
    const QString registerName = resident->isForeign && !resident->alphaName.isEmpty()
                                     ? resident->alphaName
                                     : resident->familyName + resident->givenName;
    if (withoutSpaces(basic->name) != withoutSpaces(registerName)) {
        mismatches << QCoreApplication::translate("HandOver", "name %1 (register: %2)")
                          .arg(basic->name, resident->fullName());
    }
    if (basic->birthDate != resident->birthDate) {
        mismatches << QCoreApplication::translate("HandOver", "date of birth %1 (register: %2)")
                          .arg(basic->birthDate.toString(Qt::ISODate),
                               resident->birthDate.toString(Qt::ISODate));
    }
    const QString sexCode = resident->sex == QStringLiteral("male")     ? QStringLiteral("1")
                            : resident->sex == QStringLiteral("female") ? QStringLiteral("2")
                                                                        : QStringLiteral("9");
    if (basic->sex != sexCode) {
        mismatches << QCoreApplication::translate("HandOver", "sex %1 (register: %2)")
                          .arg(basic->sex, resident->sexDisplay());
    }
    auto same = RegistryService(m_db).myNumberMatches(resident->id, basic->myNumber, by);
    if (!same) {
        return same.error();
    }
    if (!*same) {
        mismatches << QCoreApplication::translate(
            "HandOver", "the individual number on the card is not this resident's");
    }
    if (!mismatches.isEmpty()) {
        return Error(QCoreApplication::translate("HandOver", "this card is not %1's: %2")
                         .arg(resident->fullName(), mismatches.join(QStringLiteral("; "))),
                     QStringLiteral("issuance.card_mismatch"));
    }
    out.done << QCoreApplication::translate("HandOver",
                                            "the card's basic four items are the register's");

    // 3. Certificates: keys made on the card, requests signed by the card, certificates from
    //    central written back.
    pki::CertificateRequests requests(m_db, m_enrollment);
    const QString cardId =
        !app->cardSerial.isEmpty()
            ? app->cardSerial
            : QStringLiteral("application:%1:%2").arg(m_enrollment.terminal).arg(applicationId);
    struct KindStep
    {
        pki::jpki::Kind kind;
        Key key;
        Certificate which;
        QString* serial;
        QString pin;
        QString name;
    };
    const QList<KindStep> kinds = {
        {pki::jpki::Kind::Auth, Key::Auth, Certificate::Auth, &rec.authSerial, pins.auth,
         QCoreApplication::translate("HandOver", "user authentication certificate")},
        {pki::jpki::Kind::Sign, Key::Sign, Certificate::Sign, &rec.signSerial, pins.sign,
         QCoreApplication::translate("HandOver", "signing certificate")}};
    for (const KindStep& k : kinds) {
        if (!k.serial->isEmpty()) {
            // Written and read back before the hand-over stopped: kept if the card still holds
            // it, made again otherwise (central then supersedes the one recorded).
            auto onCardNow = readCert(k.which);
            if (onCardNow && normalSerial(serialOf(*onCardNow)) == normalSerial(*k.serial)) {
                continue;
            }
            out.done << QCoreApplication::translate("HandOver",
                                                    "the card no longer holds the %1 %2: it is "
                                                    "made again")
                            .arg(k.name, *k.serial);
            k.serial->clear();
        }
        say(QCoreApplication::translate("HandOver", "Making the key of the %1 on the card…")
                .arg(k.name));
        // One card session: issuer authentication, the new key pair, and the request signed
        // by the card with it (the private key never leaves the card).
        const Key key = k.key;
        const QString pin = k.pin;
        const QString commonName = k.kind == pki::jpki::Kind::Auth ? QStringLiteral("JPKI auth")
                                                                   : QStringLiteral("JPKI sign");
        auto csrOut = std::make_shared<QByteArray>();
        if (Status st = onCard([issuerKey, key, pin, lastTry, commonName,
                                csrOut](MyNumberCard& c) -> Status {
                if (Status a = c.issuerAuthenticate(issuerKey); !a) {
                    return a;
                }
                auto pub = c.generateKeyPair(key);
                if (!pub) {
                    return pub.error();
                }
                auto made = pki::makeCsrSignedBy(*pub, commonName,
                                                 [&c, key, pin, lastTry](const QByteArray& digest) {
                                                     return c.sign(key, pin, digest, lastTry);
                                                 });
                if (!made) {
                    return made.error();
                }
                *csrOut = *made;
                return {};
            });
            !st) {
            return st.error();
        }
        const Result<QByteArray> csr = *csrOut;
        if (!csr) {
            return csr.error();
        }
        say(QCoreApplication::translate("HandOver", "Asking central for the %1…").arg(k.name));
        QElapsedTimer central;
        central.start();
        auto issued = requests.request(k.kind, *resident, *csr, cardId, by);
        out.centralMs += central.elapsed();
        if (!issued) {
            return issued.error();
        }
        const QByteArray der = derOfPem(issued->pem);
        if (der.isEmpty()) {
            return Error(
                QCoreApplication::translate("HandOver", "central's certificate cannot be read"),
                QStringLiteral("issuance.card_check"));
        }
        say(QCoreApplication::translate("HandOver", "Writing the %1 to the card…").arg(k.name));
        // One card session: written, then read back as any reader reads it.
        const Certificate which = k.which;
        const QString readPin = which == Certificate::Sign ? pins.sign : QString();
        auto back = std::make_shared<QByteArray>();
        if (Status st =
                onCard([issuerKey, which, der, readPin, lastTry, back](MyNumberCard& c) -> Status {
                    if (Status a = c.issuerAuthenticate(issuerKey); !a) {
                        return a;
                    }
                    if (Status w = c.writeCertificate(which, der); !w) {
                        return w;
                    }
                    auto r = c.readCertificate(which, readPin, lastTry);
                    if (!r) {
                        return r.error();
                    }
                    *back = *r;
                    return {};
                });
            !st) {
            return st.error();
        }
        if (*back != der) {
            return Error(QCoreApplication::translate(
                             "HandOver",
                             "the certificate read back from the card differs from the one "
                             "written"),
                         QStringLiteral("card.readback"));
        }
        *k.serial = issued->serial;
        rec.step =
            k.kind == pki::jpki::Kind::Auth ? QStringLiteral("auth") : QStringLiteral("sign");
        if (Status st = save(rec); !st) {
            return st.error();
        }
        out.done << QCoreApplication::translate("HandOver", "%1 %2 written to the card")
                        .arg(k.name, issued->serial);
    }

    // 4. The check: the card works with its certificates, which verify up to the root.
    pki::CrlCache cache(m_db);
    sync::CentralClient client(m_enrollment);
    if (auto refreshed = cache.refresh(client); !refreshed) {
        return refreshed.error();
    }
    auto bundle = cache.caBundle();
    auto crls = cache.crls();
    if (!bundle) {
        return bundle.error();
    }
    if (!crls) {
        return crls.error();
    }
    // One card session: both certificates read and a fresh challenge signed with each key.
    const QByteArray authChallenge = ossl::randomBytes(32);
    const QByteArray signChallenge = ossl::randomBytes(32);
    struct CardAnswer
    {
        QByteArray authCert, signCert, authSig, signSig;
    };
    auto answer = std::make_shared<CardAnswer>();
    const NewPins values = pins;
    if (Status st = onCard(
            [values, lastTry, authChallenge, signChallenge, answer](MyNumberCard& c) -> Status {
                auto authCert = c.readCertificate(Certificate::Auth);
                if (!authCert) {
                    return authCert.error();
                }
                auto signCert = c.readCertificate(Certificate::Sign, values.sign, lastTry);
                if (!signCert) {
                    return signCert.error();
                }
                auto authSig = c.sign(
                    Key::Auth, values.auth,
                    QCryptographicHash::hash(authChallenge, QCryptographicHash::Sha256), lastTry);
                if (!authSig) {
                    return authSig.error();
                }
                auto signSig = c.sign(
                    Key::Sign, values.sign,
                    QCryptographicHash::hash(signChallenge, QCryptographicHash::Sha256), lastTry);
                if (!signSig) {
                    return signSig.error();
                }
                *answer = {*authCert, *signCert, *authSig, *signSig};
                return {};
            });
        !st) {
        return st.error();
    }
    for (const KindStep& k : kinds) {
        const bool auth = k.kind == pki::jpki::Kind::Auth;
        const QByteArray& der = auth ? answer->authCert : answer->signCert;
        const pki::CertVerification v = pki::verifyCertificateChain(der, *bundle, *crls);
        if (!v.valid()) {
            return Error(
                QCoreApplication::translate("HandOver", "the %1 on the card does not verify: %2")
                    .arg(k.name, v.reason),
                QStringLiteral("issuance.card_check"));
        }
        if (normalSerial(v.serial) != normalSerial(*k.serial)) {
            return Error(QCoreApplication::translate(
                             "HandOver", "the card holds another %1 (%2) than the one issued (%3)")
                             .arg(k.name, v.serial, *k.serial),
                         QStringLiteral("issuance.card_check"));
        }
        if (Status st = verifyWithCertificate(der, auth ? authChallenge : signChallenge,
                                              auth ? answer->authSig : answer->signSig);
            !st) {
            return st.error();
        }
        out.done << QCoreApplication::translate("HandOver", "the card signs with the key of its %1")
                        .arg(k.name);
    }
    rec.step = QStringLiteral("checked");
    if (Status st = save(rec); !st) {
        return st.error();
    }

    // 5. Handed over.
    auto issued = issuance.advance(applicationId, State::Issued, QString(), by);
    if (!issued) {
        return issued.error();
    }
    rec.step = QStringLiteral("done");
    rec.interrupted = false;
    rec.lastError.clear();
    if (Status st = save(rec); !st) {
        return st.error();
    }
    out.done << QCoreApplication::translate("HandOver", "handed over: valid until %1")
                    .arg(issued->expiresOn.toString(Qt::ISODate));
    out.application = *issued;
    out.authSerial = rec.authSerial;
    out.signSerial = rec.signSerial;
    out.apdus = PcscCard::exchanged() - apdusBefore;
    out.cardMs = cardMs;
    out.totalMs = total.elapsed();
    return out;
}

} // namespace madoguchi::issuance
