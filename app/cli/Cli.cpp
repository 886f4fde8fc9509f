#include "Cli.h"

#include "Terminal.h"
#include "audit/AuditLog.h"
#include "auth/OperatorService.h"
#include "card/CardMonitor.h"
#include "card/CardService.h"
#include "common/Clock.h"
#include "demo/DemoSeeder.h"
#include "disaster/Disaster.h"
#include "disaster/LedgerPfif.h"
#include "disaster/RegisterExtract.h"
#include "documents/CertificateService.h"
#include "i18n/Translations.h"
#include "ids/Identifiers.h"
#include "issuance/HandOver.h"
#include "issuance/Issuance.h"
#include "learning/CoursePackage.h"
#include "learning/LearningService.h"
#include "pki/CertVerify.h"
#include "pki/CertificateRequests.h"
#include "pki/CrlCache.h"
#include "pki/Pki.h"
#include "recovery/DamageSurvey.h"
#include "recovery/ReliefSupplies.h"
#include "recovery/SupportPayments.h"
#include "recovery/TemporaryHousing.h"
#include "refdata/ReferenceData.h"
#include "registry/RegistryService.h"
#include "registry/ResidentCsv.h"
#include "registry/SearchService.h"
#include "settings/InstallationSettings.h"
#include "sig/MessageSignature.h"
#include "storage/Backup.h"
#include "storage/Migrations.h"
#include "sync/CentralClient.h"
#include "sync/Conflicts.h"
#include "sync/Outbox.h"
#include "sync/SyncEngine.h"
#include "sync/TransportFile.h"
#include "text/JapaneseText.h"
#include "text/Wareki.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSysInfo>
#include <QTextStream>
#include <QTimeZone>
#include <QUrl>

#include <cstdio>

namespace madoguchi::cli {

namespace {

void out(const QString& line)
{
    std::fputs(line.toUtf8().constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void err(const QString& line)
{
    std::fputs((QStringLiteral("madoguchi-cli: ") + line).toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

QString usageText()
{
    return QStringLiteral(
        "usage: madoguchi-cli [--db DB] [--operator NAME] [--lang ja|en] COMMAND ...\n"
        "\n"
        "Commands that use no database:\n"
        "  ids check mynumber|resident-code|lg-code VALUE\n"
        "  text key TEXT                 search key of a name (romaji converted)\n"
        "  text address TEXT             search key of an address\n"
        "  text wareki DATE              convert between 和暦 and 西暦\n"
        "\n"
        "Commands on a database (--db PATH|postgresql://URL, env MADOGUCHI_DB, default: the "
        "embedded one):\n"
        "  demo seed --residents N [--seed S] [--lg-code C]\n"
        "  operator add LOGIN --role ROLE [--role ROLE ...] [--name NAME]\n"
        "  operator list\n"
        "  operator unlock LOGIN\n"
        "  operator roles LOGIN ROLE[,ROLE...]   (roles that require a course need it passed)\n"
        "  refdata status | refdata import [--lg-codes FILE] [--postal FILE] | refdata postal "
        "CODE\n"
        "  settings show | settings municipality CODE | settings mayor NAME | settings seal "
        "FILE.png\n"
        "  settings idle-lock MINUTES | settings card-counter TEXT   (where cards are "
        "collected)\n"
        "  residents search QUERY [--json] [--limit N]\n"
        "  residents import FILE.csv [--skip-bad] | residents export FILE.csv\n"
        "  certificates issue RESIDENT_CODE --requester self|household|proxy|third_party|official\n"
        "      --requester-name NAME --id-document DOC --purpose TEXT --out FILE.pdf "
        "[--household]\n"
        "      [--with honseki,relationship,my_number,resident_code] [--reason TEXT] "
        "[--power-of-attorney]\n"
        "      [--fee N] [--receipt R]\n"
        "  audit verify\n"
        "  learning enrol COURSE | learning status [--json] | learning report [--csv FILE]\n"
        "  learning certificate pdf NUMBER --out FILE | learning certificate verify NUMBER\n"
        "  learning require ROLE COURSE | learning unrequire ROLE COURSE | learning "
        "requirements\n"
        "  db status | db migrate | db check\n"
        "\n"
        "My Number card on a PC/SC reader (no operator: the card holder's PIN authorises; "
        "--pin - reads it from stdin;\n"
        "--reader NAME picks a reader; --allow-last-try sends a PIN with one try left):\n"
        "  card status [--json]\n"
        "  card read-basic --pin PIN [--json]\n"
        "  card certs --out DIR [--sign-pin PIN]\n"
        "  card sign --key auth|sign --pin PIN --in FILE --out SIG\n"
        "  card change-pin --which auth|sign|helper|juki --old PIN --new PIN\n"
        "  card provision --key auth|sign --pin PIN --csr-out FILE   (card issuers: a new key "
        "on the card,\n"
        "                           a CSR signed on the card with it; needs the issuance key)\n"
        "  card write-cert --key auth|sign --in CERT.pem [--pin SIGN-PIN]   (writes it to the "
        "card and\n"
        "                           reads it back, the signature certificate with its PIN; needs "
        "the issuance key)\n"
        "  card set-pins [--pins sign,auth,helper,juki]   (card issuers, at hand-over: sets the "
        "initial PINs\n"
        "                           from MADOGUCHI_PIN_SIGN, MADOGUCHI_PIN_AUTH, "
        "MADOGUCHI_PIN_HELPER,\n"
        "                           MADOGUCHI_PIN_JUKI or prompts, then verifies each; needs the "
        "issuance key)\n"
        "  (issuance key: MADOGUCHI_ISSUANCE_KEY=64 hex digits, or MADOGUCHI_ISSUANCE_KEY_FILE=a "
        "file holding them)\n"
        "  (exit 0 done, 1 the card refused, 2 usage, 3 no reader or no card)\n"
        "\n"
        "Central service (the administrator creates the code on central):\n"
        "  enroll --central URL --code CODE [--name TERMINAL] [--tls-ca CA.pem]\n"
        "                           (needs the settings permission; --tls-ca: a private CA that "
        "central's\n"
        "                           TLS certificate is trusted with, besides the system's)\n"
        "  central whoami                                        (a signed request)\n"
        "  sync [--once]            push the outbox and pull central's changes (retries with "
        "backoff\n"
        "                           unless --once; exit 1 when central cannot be reached)\n"
        "  sync conflicts [--json]  changes central refused because another workstation changed "
        "the record\n"
        "  sync resolve --conflict ID --keep mine|central\n"
        "                           send this workstation's change again, or take central's\n"
        "  sync export --out FILE   the outbox as a signed file encrypted for central, for a USB "
        "stick\n"
        "                           when there is no network (central: admin import FILE); the "
        "changes\n"
        "                           stay in the outbox until an online sync\n"
        "\n"
        "Card issuance (交付; card issuers):\n"
        "  issuance apply --resident CODE          prints {\"id\", \"state\", …}\n"
        "  issuance advance ID --to STATE [--reason TEXT] [--proxy] [--at YYYY-MM-DDTHH:MM]\n"
        "                           exit 1 with the reason when not allowed; --at (Japan time) "
        "is\n"
        "                           required for appointment_booked\n"
        "  issuance show ID [--json] | issuance list [--state S] [--json]\n"
        "  issuance hand-over ID [--json] [--reader NAME]\n"
        "                           at identity_verified: sets the holder's PINs "
        "(MADOGUCHI_PIN_SIGN,\n"
        "                           _AUTH, _HELPER, _JUKI or asked), makes both keys on the card, "
        "has\n"
        "                           central issue the certificates, writes and checks them; "
        "issued.\n"
        "                           Stopped half-way it is flagged; run it again to resume\n"
        "  issuance interrupted [--json]   hand-overs stopped half-way\n"
        "  issuance notice ID --out FILE.pdf   the 交付通知書 of a card waiting for its holder\n"
        "  issuance reminders [--within-days N] [--json] [--mark]   issued cards expiring within "
        "N days\n"
        "                           (default: 3 months) whose holder was not reminded yet; "
        "--mark records\n"
        "                           the reminders as sent\n"
        "\n"
        "Disaster ledger (被災者台帳; disaster staff):\n"
        "  disaster open --name N --type earthquake|flood|typhoon|landslide|tsunami|fire|other "
        "--date YYYY-MM-DD\n"
        "                           [--areas LGCODE,...]; disaster close ID; disaster list "
        "[--json]\n"
        "  disaster shelter add --name N --capacity C [--address A] [--kind 指定避難所|福祉避難所|"
        "その他]\n"
        "  disaster shelter open|close ID; disaster shelter capacity ID --capacity C\n"
        "  disaster shelters [--json]   the current disaster's shelters with their occupancy\n"
        "  disaster register --family F --given G --family-kana K --given-kana K --birth "
        "YYYY-MM-DD\n"
        "                           --sex male|female [--shelter ID] [--status S] [--needs "
        "a,b]\n"
        "  disaster register --resident CODE [--shelter ID]   prints {\"id\", \"uid\", …}\n"
        "  disaster checkin|transfer ID --shelter S; disaster checkout ID\n"
        "  disaster status ID --to safe|injured|missing|dead|unknown\n"
        "  disaster search TEXT [--json]   a safety enquiry (never a DV-protected person)\n"
        "  disaster export [--staff]   the ledger as JSON (outward unless --staff)\n"
        "  disaster duplicates [--json]; disaster merge --keep A --drop B; disaster unmerge ID\n"
        "  disaster pfif import FILE.xml [--disaster ID] [--json]   PFIF 1.4 persons and notes "
        "into\n"
        "                           the ledger (a disaster of type other is opened when none is)\n"
        "  disaster pfif export --out FILE.xml [--disaster ID]   persons who consented to "
        "enquiries,\n"
        "                           with their notes (never a DV-protected person)\n"
        "  disaster extract --out FILE --passphrase-file F [--disaster ID]   the residents of "
        "the\n"
        "                           affected areas, encrypted (administrators, on the register)\n"
        "  disaster extract import FILE --passphrase-file F   on a laptop without the register:\n"
        "                           disaster register --resident CODE then works there\n"
        "  disaster payment apply --household-key H --part basic|additional --grade "
        "zenkai|daikibo|chukibo|kaitai|chouki|...\n"
        "                           [--rebuild build|repair|rent] --members N   support payment "
        "(生活再建支援金)\n"
        "  disaster payment review|pay ID; disaster payment reject ID --reason R\n"
        "  disaster payment list [--state applied|review|paid|rejected] [--json]\n"
        "  disaster payment amounts [--json]; disaster payment amount KEY --yen N   the amount "
        "table\n"
        "  disaster payment due [--within-days N] [--json]   households whose deadline comes "
        "(13 / 37 months)\n"
        "  disaster housing unit add --site S [--type prefab|wooden|leased] [--size Z] "
        "[--accessible]\n"
        "  disaster housing units [--free] [--json]; disaster housing apply --household-key H "
        "--members N\n"
        "  disaster housing waiting [--json]   要配慮者 first; disaster housing assign APP --unit "
        "U\n"
        "  disaster housing assign-next --unit U; disaster housing move-in|move-out APP --date D; "
        "disaster housing withdraw APP\n"
        "  disaster supplies item add --name N [--measure 本] [--low-stock N]; disaster supplies "
        "items [--json]\n"
        "  disaster supplies receive ITEM --location L --quantity N [--expiry YYYY-MM-DD]\n"
        "  disaster supplies request --shelter S --item I --quantity N [--priority 1|2|3]; "
        "disaster supplies requests [--json]\n"
        "  disaster supplies commit REQ --location L; disaster supplies send|received REQ   "
        "stock never negative\n"
        "  disaster supplies warnings [--within-days N] [--json]   low stock, lots expiring\n"
        "\n"
        "Disaster recovery (disaster staff):\n"
        "  disaster grade PERCENT     the damage grade for an economic-loss share (0-100; no "
        "database)\n"
        "  disaster survey add --address A --owner O [--residents ID|NAME,...] --date "
        "YYYY-MM-DD\n"
        "                           --surveyor S --loss PERCENT [--second] [--notes N] "
        "[--photos F,...]\n"
        "                           [--non-residential] [--disaster ID]   a building and its "
        "first survey\n"
        "  disaster survey resurvey BUILDING --date D --surveyor S --loss PERCENT [--second] "
        "[--reason R]\n"
        "                           a re-survey on request (the earlier surveys are kept)\n"
        "  disaster survey list [--json] [--disaster ID]\n"
        "  disaster certificate apply --building ID --applicant NAME [--proxy "
        "--power-of-attorney]\n"
        "  disaster certificate decide ID; disaster certificate issue ID --out F.pdf   "
        "罹災証明書 (a\n"
        "                           dwelling, with its grade) or 被災証明書 (non-residential), "
        "numbered\n"
        "  disaster certificate list [--json] [--disaster ID]\n"
        "\n"
        "Local backups of the SQLite database (PostgreSQL: use pg_dump):\n"
        "  backup now [--dir D]       a verified copy in D (default: the setting backup.dir, else\n"
        "                             \"backups\" beside the database); keeps the last "
        "backup.keep (14)\n"
        "  backup list [--dir D]      the backups of the database, newest first\n"
        "  backup verify FILE         integrity check of a backup (no database)\n"
        "  backup restore FILE --to NEWDB   into a new file only; then signs in on it and audits\n"
        "                             (now, list and restore: administrators)\n"
        "\n"
        "JPKI certificates (exit 0 valid, 1 invalid with the reason, 2 usage):\n"
        "  pki request sign|auth RESIDENT_CODE --csr FILE --card ID [--out FILE]   (card "
        "issuers)\n"
        "  pki revoke SERIAL|--card ID [--reason keyCompromise|affiliationChanged|superseded|"
        "...]\n"
        "  pki list RESIDENT_CODE   a resident's certificates and their status at central\n"
        "  pki verify CERT.pem --ca BUNDLE.pem --crl FILE [--crl FILE]   files only, no "
        "database\n"
        "  pki verify CERT.pem --central URL [--tls-ca CA.pem]  what central publishes\n"
        "  pki verify CERT.pem        the enrolled central's CA and CRLs cached in the "
        "database\n"
        "                             (refreshed when past their nextUpdate)\n"
        "\n"
        "Training course packages (docs/course-package.md; trust, revoke and import: "
        "administrators):\n"
        "  learning trust PUBKEY.pem [--name NAME]   trust a publisher's EC key (P-256 or larger)\n"
        "  learning publishers; learning revoke KEYID   the trusted keys; a revoked key verifies "
        "no more\n"
        "  learning pack DIR --key KEY.pem --out PKG   a signed package from a course folder (no "
        "database)\n"
        "  learning import PKG [--allow-unsigned-scorm]   verified, then installed (exit 1 with "
        "the reason)\n"
        "  learning courses [--json]; learning catalogue; learning fetch ID   central's "
        "catalogue\n"
        "\n"
        "HTTP Message Signatures (RFC 9421) on a raw HTTP/1.1 message file:\n"
        "  sig base --message FILE [--label L] [--request FILE]\n"
        "  sig verify --message FILE --key PUBLIC.pem|SECRET.b64 [--alg ALG] [--label L] "
        "[--max-age S]\n"
        "  sig sign --message FILE --key PRIVATE.pem|SECRET.b64 [--alg ALG] [--label L] "
        "[--components LIST]\n"
        "  (ALG: ecdsa-p256-sha256, ed25519, hmac-sha256, rsa-pss-sha512, rsa-v1_5-sha256)\n"
        "\n"
        "The operator comes from --operator or MADOGUCHI_OPERATOR, the password from "
        "MADOGUCHI_PASSWORD\n"
        "or a prompt; a new account's password from MADOGUCHI_NEW_PASSWORD or a prompt.\n"
        "Roles: clerk, card_issuer, supervisor, disaster_staff, trainee, admin.\n"
        "Exit codes: 0 done/valid, 1 refused/invalid, 2 usage error, 3 sign-in or permission "
        "refused.");
}

int usage(const QString& message)
{
    if (!message.isEmpty()) {
        err(message);
    }
    std::fputs(usageText().toUtf8().constData(), stderr);
    std::fputc('\n', stderr);
    return Usage;
}

struct Context
{
    QCommandLineParser* parser = nullptr;
    QStringList words; // positional arguments: command, subcommand, values
    QString dbSpec;
};

// ---- commands that use no database -------------------------------------------------------

int cmdIds(const Context& c)
{
    if (c.words.size() != 4 || c.words[1] != QStringLiteral("check")) {
        return usage(QCoreApplication::translate("Cli", "ids check takes a kind and one value"));
    }
    ids::Kind kind;
    const QString k = c.words[2];
    if (k == QStringLiteral("mynumber") || k == QStringLiteral("my-number")) {
        kind = ids::Kind::MyNumber;
    } else if (k == QStringLiteral("resident-code")) {
        kind = ids::Kind::ResidentCode;
    } else if (k == QStringLiteral("lg-code")) {
        kind = ids::Kind::LocalGovernmentCode;
    } else {
        return usage(QCoreApplication::translate(
                         "Cli", "unknown kind \"%1\": use mynumber, resident-code or lg-code")
                         .arg(k));
    }
    const ids::Check result = ids::check(kind, c.words[3]);
    if (result.valid) {
        out(QCoreApplication::translate("Cli", "valid %1: %2")
                .arg(ids::kindName(kind), result.normalised));
        return Ok;
    }
    out(QCoreApplication::translate("Cli", "invalid %1: %2")
            .arg(ids::kindName(kind), result.reason));
    return Failed;
}

int cmdText(const Context& c)
{
    if (c.words.size() != 3) {
        return usage(QCoreApplication::translate("Cli", "text takes a subcommand and one value"));
    }
    const QString sub = c.words[1];
    const QString value = c.words[2];
    if (sub == QStringLiteral("key")) {
        out(text::searchInputKey(value));
        return Ok;
    }
    if (sub == QStringLiteral("address")) {
        out(text::addressKey(value));
        return Ok;
    }
    if (sub == QStringLiteral("wareki")) {
        auto d = text::Wareki::parse(value);
        if (!d) {
            out(d.error().message);
            return Failed;
        }
        out(QStringLiteral("%1\t%2\t%3")
                .arg(d->toString(Qt::ISODate), text::Wareki::format(*d),
                     text::Wareki::formatShort(*d)));
        return Ok;
    }
    return usage(QCoreApplication::translate("Cli", "unknown text subcommand \"%1\"").arg(sub));
}

// ---- database commands ---------------------------------------------------------------------

Result<Database> openDatabase(const Context& c)
{
    auto db = Database::open(c.dbSpec);
    if (!db) {
        return db.error();
    }
    if (auto v = Migrator::migrate(*db); !v) {
        return v.error();
    }
    return db;
}

// Signs in the operator named by --operator / MADOGUCHI_OPERATOR.
Result<Session> signIn(const Context& c, OperatorService& operators)
{
    QString login = c.parser->value(QStringLiteral("operator"));
    if (login.isEmpty()) {
        login = qEnvironmentVariable("MADOGUCHI_OPERATOR");
    }
    if (login.isEmpty()) {
        return Error(
            QCoreApplication::translate(
                "Cli", "this command needs an operator: --operator NAME or MADOGUCHI_OPERATOR"),
            QStringLiteral("cli.operator"));
    }
    QString password;
    if (qEnvironmentVariableIsSet("MADOGUCHI_PASSWORD")) {
        password = qEnvironmentVariable("MADOGUCHI_PASSWORD");
    } else if (!readSecret(QCoreApplication::translate("Cli", "Password for %1: ").arg(login),
                           &password)) {
        return Error(QCoreApplication::translate(
                         "Cli", "no password: set MADOGUCHI_PASSWORD or run from a terminal"),
                     QStringLiteral("cli.password"));
    }
    return operators.authenticate(login, password);
}

int denied(const Error& e)
{
    err(e.message);
    return Denied;
}

int failed(const Error& e)
{
    err(e.message);
    return Failed;
}

// Opens the database and signs in the operator; Ok, or the exit code after saying why.
int openSignedIn(const Context& c, Database* db, Session* session)
{
    auto opened = openDatabase(c);
    if (!opened) {
        return failed(opened.error());
    }
    OperatorService operators(*opened);
    auto signedIn = signIn(c, operators);
    if (!signedIn) {
        return denied(signedIn.error());
    }
    *db = *opened;
    *session = *signedIn;
    return Ok;
}

int cmdDemo(const Context& c)
{
    if (c.words.size() != 2 || c.words[1] != QStringLiteral("seed")) {
        return usage(QCoreApplication::translate(
            "Cli", "use: demo seed --residents N [--seed S] [--lg-code C]"));
    }
    if (!c.parser->isSet(QStringLiteral("residents"))) {
        return usage(QCoreApplication::translate("Cli", "demo seed needs --residents N"));
    }
    DemoOptions options;
    bool ok = false;
    options.residents = c.parser->value(QStringLiteral("residents")).toInt(&ok);
    if (!ok || options.residents < 0 || options.residents > DemoSeeder::kMaxResidents) {
        return usage(QCoreApplication::translate("Cli", "--residents must be a number from 0 to %1")
                         .arg(DemoSeeder::kMaxResidents));
    }
    if (c.parser->isSet(QStringLiteral("seed"))) {
        options.seed = c.parser->value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok) {
            return usage(
                QCoreApplication::translate("Cli", "--seed must be a non-negative number"));
        }
    }
    if (c.parser->isSet(QStringLiteral("lg-code"))) {
        options.lgCode = c.parser->value(QStringLiteral("lg-code"));
    }
    auto db = openDatabase(c);
    if (!db) {
        return failed(db.error());
    }
    auto summary = DemoSeeder(*db).seed(options);
    if (!summary) {
        return failed(summary.error());
    }
    out(QCoreApplication::translate("Cli", "seeded %1 residents in %2 households of %3 (%4); %5 "
                                           "family names written with variant kanji")
            .arg(summary->residents)
            .arg(summary->households)
            .arg(summary->municipality, summary->lgCode)
            .arg(summary->variantNames));
    out(QCoreApplication::translate("Cli", "demo account: %1 / %2 (every role)")
            .arg(DemoSeeder::demoLogin(), DemoSeeder::demoPassword()));
    auto courses = learning::CoursePackages(*db).installBundled(QStringLiteral(":/courses"));
    if (!courses) {
        return failed(courses.error());
    }
    out(QCoreApplication::translate("Cli", "%n starter course(s) installed", nullptr,
                                    int(courses->size())));
    return Ok;
}

int cmdOperator(const Context& c)
{
    if (c.words.size() < 2) {
        return usage(QCoreApplication::translate("Cli", "use: operator add|list|unlock"));
    }
    const QString sub = c.words[1];
    auto db = openDatabase(c);
    if (!db) {
        return failed(db.error());
    }
    OperatorService operators(*db);

    if (sub == QStringLiteral("add")) {
        if (c.words.size() != 3) {
            return usage(QCoreApplication::translate(
                "Cli", "use: operator add LOGIN --role ROLE [--role ROLE ...] [--name NAME]"));
        }
        NewOperator op;
        op.login = c.words[2];
        op.displayName = c.parser->value(QStringLiteral("name"));
        const QStringList roleIds = c.parser->values(QStringLiteral("role"));
        if (roleIds.isEmpty()) {
            return usage(
                QCoreApplication::translate("Cli", "operator add needs at least one --role"));
        }
        for (const QString& id : roleIds) {
            for (const QString& part : id.split(u',', Qt::SkipEmptyParts)) {
                auto role = roles::fromId(part);
                if (!role) {
                    return usage(
                        QCoreApplication::translate("Cli", "unknown role \"%1\"").arg(part));
                }
                op.roles << *role;
            }
        }
        auto count = operators.count();
        if (!count) {
            return failed(count.error());
        }
        QString password;
        if (qEnvironmentVariableIsSet("MADOGUCHI_NEW_PASSWORD")) {
            password = qEnvironmentVariable("MADOGUCHI_NEW_PASSWORD");
        } else {
            QString again;
            if (!readSecret(QCoreApplication::translate("Cli", "Password for the new account %1: ")
                                .arg(op.login),
                            &password) ||
                !readSecret(QCoreApplication::translate("Cli", "Again: "), &again)) {
                return failed(Error(QCoreApplication::translate(
                    "Cli", "no password: set MADOGUCHI_NEW_PASSWORD or run from a terminal")));
            }
            if (password != again) {
                return failed(
                    Error(QCoreApplication::translate("Cli", "the two passwords differ")));
            }
        }
        Result<Operator> created = Error(QString());
        if (*count == 0) {
            // A new installation: the first account is created without signing in.
            created = operators.createFirstAdmin(op, password);
        } else {
            auto session = signIn(c, operators);
            if (!session) {
                return denied(session.error());
            }
            created = operators.create(op, password, *session);
            if (!created && created.error().code == QStringLiteral("auth.denied")) {
                return denied(created.error());
            }
        }
        if (!created) {
            return failed(created.error());
        }
        out(QCoreApplication::translate("Cli", "created %1 (%2)")
                .arg(created->login, created->rolesDisplay()));
        return Ok;
    }

    auto session = signIn(c, operators);
    if (!session) {
        return denied(session.error());
    }
    if (sub == QStringLiteral("list")) {
        if (!session->can(Permission::ManageOperators) &&
            !session->can(Permission::UnlockOperators)) {
            return denied(session->require(Permission::ManageOperators).error());
        }
        auto list = operators.list();
        if (!list) {
            return failed(list.error());
        }
        for (const Operator& op : std::as_const(*list)) {
            QStringList roleIds;
            for (Role r : op.roles) {
                roleIds << roles::id(r);
            }
            out(QStringLiteral("%1\t%2\t%3\t%4")
                    .arg(op.login, op.displayName, roleIds.join(u','),
                         !op.active  ? QStringLiteral("disabled")
                         : op.locked ? QStringLiteral("locked")
                                     : QStringLiteral("active")));
        }
        return Ok;
    }
    if (sub == QStringLiteral("unlock")) {
        if (c.words.size() != 3) {
            return usage(QCoreApplication::translate("Cli", "use: operator unlock LOGIN"));
        }
        Status st = operators.unlock(c.words[2], *session);
        if (!st) {
            return st.error().code == QStringLiteral("auth.denied") ? denied(st.error())
                                                                    : failed(st.error());
        }
        out(QCoreApplication::translate("Cli", "%1 is unlocked").arg(c.words[2]));
        return Ok;
    }
    return usage(QCoreApplication::translate("Cli", "unknown operator subcommand \"%1\"").arg(sub));
}

int cmdRefdata(const Context& c)
{
    if (c.words.size() < 2) {
        return usage(QCoreApplication::translate("Cli", "use: refdata status|import|postal"));
    }
    const QString sub = c.words[1];
    Database database;
    Session session;
    if (const int code = openSignedIn(c, &database, &session); code != Ok) {
        return code;
    }
    const auto* db = &database;
    ReferenceData refdata(*db);
    if (sub == QStringLiteral("import")) {
        if (Status st = session.require(Permission::ImportReferenceData); !st) {
            return denied(st.error());
        }
        const QString lgFile = c.parser->value(QStringLiteral("lg-codes"));
        const QString postalFile = c.parser->value(QStringLiteral("postal"));
        if (lgFile.isEmpty() && postalFile.isEmpty()) {
            return usage(QCoreApplication::translate(
                "Cli", "refdata import needs --lg-codes FILE and/or --postal FILE"));
        }
        // The code list first: postal rows are matched against it.
        for (const auto& [path, isLg] : {std::pair{lgFile, true}, std::pair{postalFile, false}}) {
            if (path.isEmpty()) {
                continue;
            }
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly)) {
                return failed(Error(QCoreApplication::translate("Cli", "cannot read %1: %2")
                                        .arg(path, f.errorString())));
            }
            auto summary = isLg ? refdata.importLocalGovernments(&f, path, session.login())
                                : refdata.importPostalCodes(&f, path, session.login());
            if (!summary) {
                return failed(
                    Error(QCoreApplication::translate("Cli", "%1: %2 (nothing was changed)")
                              .arg(path, summary.error().message)));
            }
            out(QCoreApplication::translate(
                    "Cli", "imported %1 rows into %2 (%3 without a local-government code)")
                    .arg(summary->rows)
                    .arg(summary->dataset)
                    .arg(summary->unmatched));
        }
        return Ok;
    }
    if (Status st = refdata.ensureLoaded(session.login()); !st) {
        return failed(st.error());
    }
    if (sub == QStringLiteral("status")) {
        auto sets = refdata.datasets();
        if (!sets) {
            return failed(sets.error());
        }
        for (const DatasetInfo& d : std::as_const(*sets)) {
            out(QStringLiteral("%1\t%2\t%3\t%4\t%5")
                    .arg(d.name)
                    .arg(d.rows)
                    .arg(d.importedAt, d.source, d.sha256));
        }
        return Ok;
    }
    if (sub == QStringLiteral("postal")) {
        if (c.words.size() != 3) {
            return usage(QCoreApplication::translate("Cli", "use: refdata postal CODE"));
        }
        auto rows = refdata.lookupPostalCode(c.words[2]);
        if (!rows) {
            return failed(rows.error());
        }
        if (rows->isEmpty()) {
            out(QCoreApplication::translate("Cli", "no address has the postal code %1")
                    .arg(c.words[2]));
            return Failed;
        }
        for (const PostalAddress& a : std::as_const(*rows)) {
            out(QStringLiteral("%1\t%2\t%3").arg(a.postalCode, a.lgCode, a.display()));
        }
        return Ok;
    }
    return usage(QCoreApplication::translate("Cli", "unknown refdata subcommand \"%1\"").arg(sub));
}

int cmdSettings(const Context& c)
{
    if (c.words.size() < 2) {
        return usage(QCoreApplication::translate(
            "Cli", "use: settings show|municipality CODE|idle-lock MINUTES"));
    }
    const QString sub = c.words[1];
    Database database;
    Session session;
    if (const int code = openSignedIn(c, &database, &session); code != Ok) {
        return code;
    }
    const auto* db = &database;
    InstallationSettings settings(*db);
    if (sub == QStringLiteral("show")) {
        auto code = settings.municipalityCode();
        auto demo = settings.isDemo();
        auto idle = settings.idleLockMinutes();
        if (!code || !demo || !idle) {
            return failed(!code ? code.error() : !demo ? demo.error() : idle.error());
        }
        QString name;
        if (!code->isEmpty()) {
            auto full = ReferenceData(*db).fullName(*code);
            name = full ? *full : QString();
        }
        out(QStringLiteral("municipality\t%1\t%2").arg(*code, name));
        out(QStringLiteral("demo\t%1").arg(*demo ? 1 : 0));
        out(QStringLiteral("idle_lock_minutes\t%1").arg(*idle));
        auto mayor = settings.mayorName();
        auto seal = settings.sealImagePath();
        out(QStringLiteral("mayor\t%1").arg(mayor ? *mayor : QString()));
        out(QStringLiteral("seal_image\t%1").arg(seal ? *seal : QString()));
        auto counter = settings.cardCounter();
        out(QStringLiteral("card_counter\t%1").arg(counter ? *counter : QString()));
        out(QStringLiteral("database\t%1").arg(db->spec().display()));
        return Ok;
    }
    if (Status st = session.require(Permission::ManageSettings); !st) {
        return denied(st.error());
    }
    if (c.words.size() != 3) {
        return usage(QCoreApplication::translate("Cli", "settings %1 takes one value").arg(sub));
    }
    Status st;
    if (sub == QStringLiteral("municipality")) {
        if (Status loaded = ReferenceData(*db).ensureLoaded(session.login()); !loaded) {
            return failed(loaded.error());
        }
        st = settings.setMunicipalityCode(c.words[2], session.login());
    } else if (sub == QStringLiteral("mayor")) {
        st = settings.setMayorName(c.words[2], session.login());
    } else if (sub == QStringLiteral("seal")) {
        st = settings.setSealImagePath(c.words[2], session.login());
    } else if (sub == QStringLiteral("card-counter")) {
        st = settings.setCardCounter(c.words[2], session.login());
    } else if (sub == QStringLiteral("idle-lock")) {
        bool ok = false;
        const int minutes = c.words[2].toInt(&ok);
        if (!ok) {
            return usage(QCoreApplication::translate("Cli", "idle-lock takes a number of minutes"));
        }
        st = settings.setIdleLockMinutes(minutes, session.login());
    } else {
        return usage(
            QCoreApplication::translate("Cli", "unknown settings subcommand \"%1\"").arg(sub));
    }
    if (!st) {
        return failed(st.error());
    }
    out(QCoreApplication::translate("Cli", "saved"));
    return Ok;
}

int cmdResidents(const Context& c)
{
    if (c.words.size() != 3) {
        return usage(
            QCoreApplication::translate("Cli", "use: residents search QUERY [--json] [--limit N] | "
                                               "import FILE.csv [--skip-bad] | export FILE.csv"));
    }
    const QString sub = c.words[1];
    Database database;
    Session session;
    if (const int code = openSignedIn(c, &database, &session); code != Ok) {
        return code;
    }
    RegistryService registry(database);
    if (sub == QStringLiteral("search")) {
        int limit = 20;
        if (c.parser->isSet(QStringLiteral("limit"))) {
            bool ok = false;
            limit = c.parser->value(QStringLiteral("limit")).toInt(&ok);
            if (!ok || limit < 1 || limit > 1000) {
                return usage(
                    QCoreApplication::translate("Cli", "--limit must be a number from 1 to 1000"));
            }
        }
        SearchService search(database, &registry);
        auto result = search.search({c.words[2], limit, 0, true}, session);
        if (!result) {
            return result.error().code == QStringLiteral("auth.denied") ? denied(result.error())
                                                                        : failed(result.error());
        }
        if (c.parser->isSet(QStringLiteral("json"))) {
            QJsonArray hits;
            for (const SearchHit& h : std::as_const(result->hits)) {
                const Resident& r = h.resident;
                hits.append(
                    QJsonObject{{QStringLiteral("resident_code"), r.residentCode},
                                {QStringLiteral("name"), r.fullName()},
                                {QStringLiteral("kana"), r.fullKana()},
                                {QStringLiteral("birth_date"), r.birthDate.toString(Qt::ISODate)},
                                {QStringLiteral("sex"), r.sex},
                                {QStringLiteral("address"), r.addressDisplay},
                                {QStringLiteral("household_id"), r.householdNo},
                                {QStringLiteral("relationship"), r.relationship},
                                {QStringLiteral("status"), r.status},
                                {QStringLiteral("dv_support"), r.dvSupport},
                                {QStringLiteral("match"), h.matchedKind}});
            }
            out(hits.isEmpty()
                    ? QStringLiteral("[]")
                    : QString::fromUtf8(QJsonDocument(hits).toJson(QJsonDocument::Indented))
                          .trimmed());
            return Ok;
        }
        for (const SearchHit& h : std::as_const(result->hits)) {
            const Resident& r = h.resident;
            out(QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6\t%7")
                    .arg(r.residentCode, r.fullName(), r.fullKana(),
                         text::Wareki::format(r.birthDate), r.sexDisplay(), r.addressDisplay,
                         r.isRemoved() ? QStringLiteral("除票") : QStringLiteral("現住")));
        }
        if (result->more) {
            out(QCoreApplication::translate("Cli", "(more: use --limit)"));
        }
        return Ok;
    }
    if (sub == QStringLiteral("import")) {
        QFile f(c.words[2]);
        if (!f.open(QIODevice::ReadOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot read %1: %2")
                                    .arg(c.words[2], f.errorString())));
        }
        auto report = ResidentCsv::import(&f, registry, database, session,
                                          c.parser->isSet(QStringLiteral("skip-bad")));
        if (!report) {
            return report.error().code == QStringLiteral("auth.denied") ? denied(report.error())
                                                                        : failed(report.error());
        }
        for (const QString& p : std::as_const(report->problems)) {
            err(p);
        }
        out(QCoreApplication::translate("Cli",
                                        "imported %1 residents in %2 households; %3 rows refused")
                .arg(report->imported)
                .arg(report->households)
                .arg(report->problems.size()));
        if (!report->problems.isEmpty() && !c.parser->isSet(QStringLiteral("skip-bad"))) {
            err(QCoreApplication::translate(
                "Cli", "nothing was imported: correct the rows above, or use --skip-bad"));
            return Failed;
        }
        return Ok;
    }
    if (sub == QStringLiteral("export")) {
        QSaveFile f(c.words[2]);
        if (!f.open(QIODevice::WriteOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot write %1: %2")
                                    .arg(c.words[2], f.errorString())));
        }
        auto n = ResidentCsv::exportTo(&f, registry, database, session);
        if (!n) {
            f.cancelWriting();
            return n.error().code == QStringLiteral("auth.denied") ? denied(n.error())
                                                                   : failed(n.error());
        }
        if (!f.commit()) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot write %1: %2")
                                    .arg(c.words[2], f.errorString())));
        }
        out(QCoreApplication::translate("Cli", "exported %1 residents to %2")
                .arg(*n)
                .arg(c.words[2]));
        return Ok;
    }
    return usage(
        QCoreApplication::translate("Cli", "unknown residents subcommand \"%1\"").arg(sub));
}

int cmdCertificates(const Context& c)
{
    if (c.words.size() != 3 || c.words[1] != QStringLiteral("issue")) {
        return usage(QCoreApplication::translate(
            "Cli", "use: certificates issue RESIDENT_CODE --requester TYPE --requester-name NAME "
                   "--id-document DOC "
                   "--purpose TEXT --out FILE.pdf [--household] [--with ITEMS] [--reason TEXT] "
                   "[--power-of-attorney] [--fee N] [--receipt R]"));
    }
    CertificateRequest r;
    const auto type = requesters::fromId(c.parser->value(QStringLiteral("requester")));
    if (!type) {
        return usage(QCoreApplication::translate(
            "Cli", "--requester must be self, household, proxy, third_party or official"));
    }
    const QString outPath = c.parser->value(QStringLiteral("out"));
    if (outPath.isEmpty()) {
        return usage(QCoreApplication::translate("Cli", "certificates issue needs --out FILE.pdf"));
    }
    r.requester = *type;
    r.requesterName = c.parser->value(QStringLiteral("requester-name"));
    r.idDocument = c.parser->value(QStringLiteral("id-document"));
    r.purpose = c.parser->value(QStringLiteral("purpose"));
    r.legitimateReason = c.parser->value(QStringLiteral("reason"));
    r.powerOfAttorney = c.parser->isSet(QStringLiteral("power-of-attorney"));
    r.wholeHousehold = c.parser->isSet(QStringLiteral("household"));
    r.receiptNo = c.parser->value(QStringLiteral("receipt"));
    if (c.parser->isSet(QStringLiteral("fee"))) {
        bool ok = false;
        r.fee = c.parser->value(QStringLiteral("fee")).toInt(&ok);
        if (!ok || r.fee < 0) {
            return usage(QCoreApplication::translate("Cli", "--fee must be a number of yen"));
        }
    }
    for (const QString& item :
         c.parser->value(QStringLiteral("with")).split(u',', Qt::SkipEmptyParts)) {
        if (item == QStringLiteral("honseki")) {
            r.withHonseki = true;
        } else if (item == QStringLiteral("relationship")) {
            r.withRelationship = true;
        } else if (item == QStringLiteral("my_number")) {
            r.withMyNumber = true;
        } else if (item == QStringLiteral("resident_code")) {
            r.withResidentCode = true;
        } else {
            return usage(
                QCoreApplication::translate(
                    "Cli", "unknown item \"%1\" (honseki, relationship, my_number, resident_code)")
                    .arg(item));
        }
    }
    Database database;
    Session session;
    if (const int code = openSignedIn(c, &database, &session); code != Ok) {
        return code;
    }
    RegistryService registry(database);
    auto resident = registry.findByCode(c.words[2]);
    if (!resident) {
        return failed(resident.error());
    }
    if (!resident->has_value()) {
        out(QCoreApplication::translate("Cli", "no resident has the code %1").arg(c.words[2]));
        return Failed;
    }
    r.residentId = (*resident)->id;
    CertificateService certificates(database, &registry);
    auto issued = certificates.issue(r, outPath, session);
    if (!issued) {
        return issued.error().code == QStringLiteral("auth.denied") ? denied(issued.error())
                                                                    : failed(issued.error());
    }
    out(QCoreApplication::translate("Cli", "%1 %2 (%3 persons) written to %4")
            .arg(issued->title, issued->issuanceNumber)
            .arg(issued->persons)
            .arg(issued->pdfPath));
    return Ok;
}

// ---- the My Number card ------------------------------------------------------------------

int cardFailed(const Error& e)
{
    err(e.message);
    static const QStringList absent = {QStringLiteral("card.no_service"),
                                       QStringLiteral("card.no_reader"),
                                       QStringLiteral("card.no_card"),
                                       QStringLiteral("card.removed"), QStringLiteral("card.mute")};
    if (absent.contains(e.code)) {
        return Denied; // 3: no reader or no card
    }
    if (e.code == QStringLiteral("card.pin_format") || e.code == QStringLiteral("card.usage")) {
        return Usage;
    }
    if (e.code == QStringLiteral("card.pin_last_try")) {
        err(QCoreApplication::translate("Cli", "to send it anyway, add --allow-last-try"));
    }
    return Failed;
}

// A PIN from an option, or from stdin for "-" (one line each, in the order asked).
bool pinOption(const Context& c, const QString& name, QString* pin)
{
    QString value = c.parser->value(name);
    if (value == QStringLiteral("-")) {
        static QTextStream in(stdin); // one stream: --old - and --new - read line after line
        value = in.readLine().trimmed();
    }
    *pin = value;
    return !value.isEmpty();
}

QByteArray pem(const QByteArray& der)
{
    QByteArray out = "-----BEGIN CERTIFICATE-----\n";
    const QByteArray b64 = der.toBase64();
    for (qsizetype i = 0; i < b64.size(); i += 64) {
        out += b64.mid(i, 64) + '\n';
    }
    return out + "-----END CERTIFICATE-----\n";
}

Status writeFile(const QString& path, const QByteArray& data)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        return Error(
            QCoreApplication::translate("Cli", "cannot write %1: %2").arg(path, f.errorString()),
            QStringLiteral("cli.io"));
    }
    return {};
}

// The issuance key for card provisioning: MADOGUCHI_ISSUANCE_KEY (64 hex digits), else the file
// MADOGUCHI_ISSUANCE_KEY_FILE names (64 hex digits, surrounding white space ignored). Never an
// option: command lines are visible to every user of the machine.
Result<QByteArray> issuanceKey()
{
    return issuance::issuanceKeyFromEnvironment();
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

// The new PINs a card holder chose, from the environment (MADOGUCHI_PIN_SIGN, _AUTH, _HELPER,
// _JUKI) or asked twice on the terminal; each checked for its form. Ok, or the exit code.
int newPinValues(const QList<card::Pin>& pins, QMap<card::Pin, QString>* values)
{
    using namespace card;
    for (Pin pin : std::as_const(pins)) {
        const QByteArray var = "MADOGUCHI_PIN_" + pinKey(pin).toUpper().toLatin1();
        QString value = qEnvironmentVariable(var.constData());
        if (value.isEmpty()) {
            QString again;
            if (!readSecret(QCoreApplication::translate("Cli", "New %1: ").arg(pinName(pin)),
                            &value) ||
                !readSecret(QCoreApplication::translate("Cli", "Again: "), &again)) {
                return usage(QCoreApplication::translate(
                                 "Cli", "no %1: set %2 or run on a terminal to be asked")
                                 .arg(pinName(pin), QString::fromLatin1(var)));
            }
            if (again != value) {
                return usage(QCoreApplication::translate("Cli", "the two entries differ"));
            }
        }
        // Every PIN is checked before anything is sent to the card.
        if (QString problem = pinFormatProblem(pin, value); !problem.isEmpty()) {
            return usage(problem);
        }
        values->insert(pin, value);
    }
    return Ok;
}

// card set-pins: the initial PINs at hand-over (see MyNumberCard.h). The new PINs come from the
// environment or prompts, never from the command line (visible to every user of the machine).
int cardSetPins(const Context& c, card::CardService& service, bool lastTry)
{
    using namespace card;
    QList<Pin> pins;
    const QString list = c.parser->isSet(QStringLiteral("pins"))
                             ? c.parser->value(QStringLiteral("pins"))
                             : QStringLiteral("sign,auth,helper,juki");
    for (const QString& key : list.split(u',', Qt::SkipEmptyParts)) {
        const auto pin = pinFromKey(key.trimmed());
        if (!pin || pins.contains(*pin)) {
            return usage(QCoreApplication::translate(
                "Cli", "use: card set-pins [--pins sign,auth,helper,juki] (each PIN once)"));
        }
        pins << *pin;
    }
    if (pins.isEmpty()) {
        return usage(QCoreApplication::translate(
            "Cli", "use: card set-pins [--pins sign,auth,helper,juki] (each PIN once)"));
    }
    QMap<Pin, QString> values;
    if (const int rc = newPinValues(pins, &values); rc != Ok) {
        return rc;
    }
    auto issuerKey = issuanceKey();
    if (!issuerKey) {
        return cardFailed(issuerKey.error());
    }
    const QByteArray secret = *issuerKey;
    QStringList done;
    for (qsizetype i = 0; i < pins.size(); ++i) {
        const Pin pin = pins[i];
        const QString value = values.value(pin);
        Status st = service.run([secret, pin, value](MyNumberCard& card) {
            if (Status auth = card.issuerAuthenticate(secret, pin); !auth) {
                return auth;
            }
            return card.setInitialPin(pin, value);
        });
        if (!st) {
            const int code = cardFailed(st.error());
            QStringList rest;
            for (qsizetype j = i; j < pins.size(); ++j) {
                rest << pinKey(pins[j]);
            }
            err(QCoreApplication::translate("Cli", "PINs set: %1; not set: %2")
                    .arg(done.isEmpty() ? QStringLiteral("-") : done.join(u','), rest.join(u',')));
            err(QCoreApplication::translate("Cli",
                                            "to resume: madoguchi-cli card set-pins --pins %1")
                    .arg(rest.join(u',')));
            return code;
        }
        done << pinKey(pin);
        out(QCoreApplication::translate("Cli", "the %1 has been set").arg(pinName(pin)));
    }
    // Each new PIN verifies (a check of what the card now holds; costs no try when right).
    for (Pin pin : std::as_const(pins)) {
        const QString value = values.value(pin);
        Status st = service.run([pin, value, lastTry](MyNumberCard& card) {
            return card.verifyPin(pin, value, lastTry);
        });
        if (!st) {
            return cardFailed(st.error());
        }
        out(QCoreApplication::translate("Cli", "the %1 verifies").arg(pinName(pin)));
    }
    return Ok;
}

int cmdCard(const Context& c)
{
    using namespace card;
    const QString sub = c.words.value(1);
    if (c.words.size() != 2) {
        return usage(QCoreApplication::translate(
            "Cli",
            "use: card status|read-basic|certs|sign|change-pin|provision|write-cert|set-pins (see "
            "--help)"));
    }
    CardService service({c.parser->value(QStringLiteral("reader")), 20000});
    const bool json = c.parser->isSet(QStringLiteral("json"));
    const bool lastTry = c.parser->isSet(QStringLiteral("allow-last-try"));
    if (sub == QStringLiteral("status")) {
        auto report = service.status();
        if (!report) {
            return cardFailed(report.error());
        }
        QStringList readerNames;
        for (const ReaderStatus& r : std::as_const(report->readers)) {
            readerNames << r.reader;
        }
        if (json) {
            QJsonObject tries;
            for (auto it = report->pinTries.cbegin(); it != report->pinTries.cend(); ++it) {
                tries.insert(it.key(), it.value());
            }
            out(QString::fromUtf8(
                QJsonDocument(
                    QJsonObject{
                        {QStringLiteral("service_running"), report->serviceRunning},
                        {QStringLiteral("readers"), QJsonArray::fromStringList(readerNames)},
                        {QStringLiteral("reader"), report->reader},
                        {QStringLiteral("card_present"), report->cardPresent},
                        {QStringLiteral("atr"), QString::fromLatin1(report->atr.toHex().toUpper())},
                        {QStringLiteral("applications"),
                         QJsonArray::fromStringList(report->applications)},
                        {QStringLiteral("pin_tries"), tries}})
                    .toJson(QJsonDocument::Compact)));
        } else {
            out(QCoreApplication::translate("Cli", "card service: %1")
                    .arg(report->serviceRunning
                             ? QCoreApplication::translate("Cli", "running")
                             : QCoreApplication::translate("Cli", "not running")));
            out(QCoreApplication::translate("Cli", "readers: %1")
                    .arg(readerNames.isEmpty() ? QStringLiteral("-")
                                               : readerNames.join(QStringLiteral(", "))));
            if (report->cardPresent) {
                out(QCoreApplication::translate("Cli", "card: %1 (ATR %2)")
                        .arg(report->reader,
                             QString::fromLatin1(report->atr.toHex(' ').toUpper())));
                out(QCoreApplication::translate("Cli", "applications: %1")
                        .arg(report->applications.join(QStringLiteral(", "))));
                for (auto it = report->pinTries.cbegin(); it != report->pinTries.cend(); ++it) {
                    const auto pin = pinFromKey(it.key());
                    out(QCoreApplication::translate("Cli", "%1: %n tries left", nullptr, it.value())
                            .arg(pin ? pinName(*pin) : it.key()));
                }
            } else {
                out(CardMonitor::describe(!report->serviceRunning     ? ReaderState::NoService
                                          : report->readers.isEmpty() ? ReaderState::NoReader
                                                                      : ReaderState::Empty));
            }
        }
        return report->cardPresent ? Ok : Denied;
    }
    if (sub == QStringLiteral("read-basic")) {
        QString pin;
        if (!pinOption(c, QStringLiteral("pin"), &pin)) {
            return usage(QCoreApplication::translate("Cli", "card read-basic needs --pin PIN"));
        }
        auto info = service.call<CardBasicInfo>(
            [pin, lastTry](MyNumberCard& card) { return card.readBasicInfo(pin, lastTry); });
        if (!info) {
            return cardFailed(info.error());
        }
        const QString birth = info->birthDate.toString(Qt::ISODate);
        if (json) {
            out(QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("my_number"), info->myNumber},
                                          {QStringLiteral("name"), info->name},
                                          {QStringLiteral("address"), info->address},
                                          {QStringLiteral("birth_date"), birth},
                                          {QStringLiteral("sex"), info->sex}})
                    .toJson(QJsonDocument::Compact)));
        } else {
            out(QCoreApplication::translate("Cli", "My Number: %1").arg(info->myNumber));
            out(QCoreApplication::translate("Cli", "name: %1").arg(info->name));
            out(QCoreApplication::translate("Cli", "address: %1").arg(info->address));
            out(QCoreApplication::translate("Cli", "date of birth: %1").arg(birth));
            out(QCoreApplication::translate("Cli", "sex: %1").arg(info->sex));
        }
        return Ok;
    }
    if (sub == QStringLiteral("certs")) {
        const QString dir = c.parser->value(QStringLiteral("out"));
        if (dir.isEmpty()) {
            return usage(QCoreApplication::translate("Cli", "card certs needs --out DIR"));
        }
        QString signPin;
        const bool withSign = c.parser->isSet(QStringLiteral("sign-pin"));
        if (withSign && !pinOption(c, QStringLiteral("sign-pin"), &signPin)) {
            return usage(QCoreApplication::translate("Cli", "--sign-pin needs the signature PIN"));
        }
        if (!QDir().mkpath(dir)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot create %1").arg(dir)));
        }
        QList<std::pair<QString, Certificate>> wanted = {
            {QStringLiteral("auth.pem"), Certificate::Auth},
            {QStringLiteral("auth-ca.pem"), Certificate::AuthCa},
            {QStringLiteral("sign-ca.pem"), Certificate::SignCa}};
        if (withSign) {
            wanted.append({QStringLiteral("sign.pem"), Certificate::Sign});
        }
        for (const auto& [file, which] : std::as_const(wanted)) {
            const Certificate kind = which;
            auto der = service.call<QByteArray>([kind, signPin, lastTry](MyNumberCard& card) {
                return card.readCertificate(kind, signPin, lastTry);
            });
            if (!der) {
                return cardFailed(der.error());
            }
            const QString path = QDir(dir).filePath(file);
            if (Status st = writeFile(path, pem(*der)); !st) {
                return failed(st.error());
            }
            out(path);
        }
        return Ok;
    }
    if (sub == QStringLiteral("sign")) {
        const QString keyName = c.parser->value(QStringLiteral("key"));
        const QString inPath = c.parser->value(QStringLiteral("in"));
        const QString outPath = c.parser->value(QStringLiteral("out"));
        QString pin;
        if ((keyName != QStringLiteral("auth") && keyName != QStringLiteral("sign")) ||
            inPath.isEmpty() || outPath.isEmpty() || !pinOption(c, QStringLiteral("pin"), &pin)) {
            return usage(QCoreApplication::translate(
                "Cli", "use: card sign --key auth|sign --pin PIN --in FILE --out SIG"));
        }
        QFile in(inPath);
        if (!in.open(QIODevice::ReadOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot read %1: %2")
                                    .arg(inPath, in.errorString())));
        }
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(&in);
        const QByteArray digest = hash.result();
        const Key key = keyName == QStringLiteral("auth") ? Key::Auth : Key::Sign;
        auto signature = service.call<QByteArray>([key, pin, digest, lastTry](MyNumberCard& card) {
            return card.sign(key, pin, digest, lastTry);
        });
        if (!signature) {
            return cardFailed(signature.error());
        }
        if (Status st = writeFile(outPath, *signature); !st) {
            return failed(st.error());
        }
        out(outPath);
        return Ok;
    }
    if (sub == QStringLiteral("provision")) {
        const QString keyName = c.parser->value(QStringLiteral("key"));
        const QString csrPath = c.parser->value(QStringLiteral("csr-out"));
        QString pin;
        if ((keyName != QStringLiteral("auth") && keyName != QStringLiteral("sign")) ||
            csrPath.isEmpty() || !pinOption(c, QStringLiteral("pin"), &pin)) {
            return usage(QCoreApplication::translate(
                "Cli", "use: card provision --key auth|sign --pin PIN --csr-out FILE"));
        }
        const Key key = keyName == QStringLiteral("auth") ? Key::Auth : Key::Sign;
        // Checked before the card makes a new key: the CSR is signed with this PIN.
        if (QString problem = pinFormatProblem(key == Key::Auth ? Pin::Auth : Pin::Sign, pin);
            !problem.isEmpty()) {
            return usage(problem);
        }
        auto issuerKey = issuanceKey();
        if (!issuerKey) {
            return cardFailed(issuerKey.error());
        }
        const QByteArray secret = *issuerKey;
        auto publicKey = service.call<QByteArray>([secret, key](MyNumberCard& card) {
            if (Status st = card.issuerAuthenticate(secret); !st) {
                return Result<QByteArray>(st.error());
            }
            return card.generateKeyPair(key);
        });
        if (!publicKey) {
            return cardFailed(publicKey.error());
        }
        auto csr = pki::makeCsrSignedBy(
            *publicKey,
            key == Key::Auth ? QStringLiteral("JPKI auth") : QStringLiteral("JPKI sign"),
            [&service, key, pin, lastTry](const QByteArray& digest) {
                return service.call<QByteArray>([key, pin, digest, lastTry](MyNumberCard& card) {
                    return card.sign(key, pin, digest, lastTry);
                });
            });
        if (!csr) {
            return cardFailed(csr.error());
        }
        if (Status st = writeFile(csrPath, *csr); !st) {
            return failed(st.error());
        }
        out(csrPath);
        return Ok;
    }
    if (sub == QStringLiteral("write-cert")) {
        const QString keyName = c.parser->value(QStringLiteral("key"));
        const QString inPath = c.parser->value(QStringLiteral("in"));
        QString signPin;
        if ((keyName != QStringLiteral("auth") && keyName != QStringLiteral("sign")) ||
            inPath.isEmpty() ||
            (keyName == QStringLiteral("sign") && !pinOption(c, QStringLiteral("pin"), &signPin))) {
            return usage(QCoreApplication::translate(
                "Cli", "use: card write-cert --key auth|sign --in CERT.pem (--key sign: also "
                       "--pin with the signature PIN, to read it back)"));
        }
        QFile in(inPath);
        if (!in.open(QIODevice::ReadOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot read %1: %2")
                                    .arg(inPath, in.errorString())));
        }
        const QByteArray der = derOfPem(in.readAll());
        if (der.isEmpty()) {
            return usage(
                QCoreApplication::translate("Cli", "%1 is not a PEM certificate").arg(inPath));
        }
        auto issuerKey = issuanceKey();
        if (!issuerKey) {
            return cardFailed(issuerKey.error());
        }
        const QByteArray secret = *issuerKey;
        const Certificate which =
            keyName == QStringLiteral("auth") ? Certificate::Auth : Certificate::Sign;
        Status st = service.run([secret, which, der](MyNumberCard& card) -> Status {
            if (Status s = card.issuerAuthenticate(secret); !s) {
                return s;
            }
            return card.writeCertificate(which, der);
        });
        if (!st) {
            return cardFailed(st.error());
        }
        // Read back as any reader would (the signature certificate only with the signature PIN).
        auto back = service.call<QByteArray>([which, signPin, lastTry](MyNumberCard& card) {
            return card.readCertificate(which, signPin, lastTry);
        });
        if (!back) {
            return cardFailed(back.error());
        }
        if (*back != der) {
            return cardFailed(Error(QCoreApplication::translate(
                                        "Cli", "the certificate read back from the card differs "
                                               "from the one written"),
                                    QStringLiteral("card.readback")));
        }
        out(QCoreApplication::translate("Cli", "the certificate has been written to the card"));
        return Ok;
    }
    if (sub == QStringLiteral("set-pins")) {
        return cardSetPins(c, service, lastTry);
    }
    if (sub == QStringLiteral("change-pin")) {
        const auto which = pinFromKey(c.parser->value(QStringLiteral("which")));
        QString oldPin;
        QString newPin;
        if (!which || !pinOption(c, QStringLiteral("old"), &oldPin) ||
            !pinOption(c, QStringLiteral("new"), &newPin)) {
            return usage(QCoreApplication::translate(
                "Cli", "use: card change-pin --which auth|sign|helper|juki --old PIN --new PIN"));
        }
        const Pin pin = *which;
        Status st = service.run([pin, oldPin, newPin, lastTry](MyNumberCard& card) {
            return card.changePin(pin, oldPin, newPin, lastTry);
        });
        if (!st) {
            return cardFailed(st.error());
        }
        out(QCoreApplication::translate("Cli", "the %1 has been changed").arg(pinName(pin)));
        return Ok;
    }
    return usage(QCoreApplication::translate("Cli", "unknown card subcommand \"%1\"").arg(sub));
}

// ---- HTTP Message Signatures ---------------------------------------------------------------

Result<QByteArray> readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return Error(
            QCoreApplication::translate("Cli", "cannot read %1: %2").arg(path, f.errorString()),
            QStringLiteral("cli.io"));
    }
    return f.readAll();
}

int cmdSig(const Context& c)
{
    using namespace sig;
    const QString sub = c.words.value(1);
    const QString messagePath = c.parser->value(QStringLiteral("message"));
    if (c.words.size() != 2 || messagePath.isEmpty()) {
        return usage(
            QCoreApplication::translate("Cli", "use: sig base|sign|verify --message FILE ..."));
    }
    auto raw = readAll(messagePath);
    if (!raw) {
        return failed(raw.error());
    }
    auto message = HttpMessage::parse(*raw);
    if (!message) {
        return failed(message.error());
    }
    std::optional<HttpMessage> request;
    if (c.parser->isSet(QStringLiteral("request"))) {
        auto r = readAll(c.parser->value(QStringLiteral("request")));
        if (!r) {
            return failed(r.error());
        }
        auto parsed = HttpMessage::parse(*r);
        if (!parsed) {
            return failed(parsed.error());
        }
        request = *parsed;
    }
    const HttpMessage* req = request ? &*request : nullptr;
    const QString label = c.parser->value(QStringLiteral("label"));
    std::optional<Algorithm> alg;
    if (c.parser->isSet(QStringLiteral("alg"))) {
        alg = algorithmFromName(c.parser->value(QStringLiteral("alg")));
        if (!alg) {
            return usage(QCoreApplication::translate("Cli", "unknown algorithm \"%1\"")
                             .arg(c.parser->value(QStringLiteral("alg"))));
        }
    }
    if (sub == QStringLiteral("base")) {
        auto entries = signaturesOf(*message);
        if (!entries) {
            return failed(entries.error());
        }
        for (const SignatureEntry& e : std::as_const(*entries)) {
            if (label.isEmpty() || e.label == label) {
                auto base = signatureBase(*message, e.params, req);
                if (!base) {
                    return failed(base.error());
                }
                std::fwrite(base->constData(), 1, size_t(base->size()), stdout);
                std::fputc('\n', stdout);
                return Ok;
            }
        }
        return failed(
            Error(QCoreApplication::translate("Cli", "no signature labelled %1").arg(label)));
    }
    const QString keyPath = c.parser->value(QStringLiteral("key"));
    if (keyPath.isEmpty()) {
        return usage(QCoreApplication::translate("Cli", "sig %1 needs --key FILE").arg(sub));
    }
    auto keyData = readAll(keyPath);
    if (!keyData) {
        return failed(keyData.error());
    }
    auto key = loadKey(*keyData);
    if (!key) {
        return failed(key.error());
    }
    if (sub == QStringLiteral("verify")) {
        VerifyOptions options;
        options.label = label;
        options.algorithm = alg;
        if (c.parser->isSet(QStringLiteral("max-age"))) {
            bool ok = false;
            options.maxAgeSeconds = c.parser->value(QStringLiteral("max-age")).toInt(&ok);
            if (!ok || options.maxAgeSeconds < 0) {
                return usage(QCoreApplication::translate("Cli", "--max-age takes seconds"));
            }
        }
        auto verified = verifyMessage(*message, *key, options, req);
        if (!verified) {
            return failed(verified.error());
        }
        out(QCoreApplication::translate("Cli", "signature %1 verifies").arg(verified->label));
        return Ok;
    }
    if (sub == QStringLiteral("sign")) {
        if (!alg) {
            alg = algorithmForKey(*key);
        }
        if (!alg) {
            return usage(QCoreApplication::translate("Cli", "say which algorithm (--alg)"));
        }
        QStringList components =
            c.parser->value(QStringLiteral("components")).split(u',', Qt::SkipEmptyParts);
        if (components.isEmpty()) {
            components =
                message->isRequest
                    ? QStringList{QStringLiteral("@method"), QStringLiteral("@target-uri"),
                                  QStringLiteral("content-digest"), QStringLiteral("content-type")}
                    : QStringList{QStringLiteral("@status"), QStringLiteral("content-digest"),
                                  QStringLiteral("content-type")};
        }
        if (!message->body.isEmpty() && !message->field("content-digest")) {
            message->setField("content-digest", contentDigest(message->body));
        }
        sf::Parameters params{
            {QStringLiteral("created"), sf::Item::integer(Clock::now().toSecsSinceEpoch())},
            {QStringLiteral("alg"), sf::Item::string(algorithmName(*alg))}};
        if (Status st = signMessage(*message, label.isEmpty() ? QStringLiteral("sig1") : label,
                                    components, params, *alg, *key, req);
            !st) {
            return failed(st.error());
        }
        const QByteArray serialized = message->serialize();
        std::fwrite(serialized.constData(), 1, size_t(serialized.size()), stdout);
        return Ok;
    }
    return usage(QCoreApplication::translate("Cli", "unknown sig subcommand \"%1\"").arg(sub));
}

// ---- JPKI certificates ----------------------------------------------------------------------

void printVerification(const pki::CertVerification& v)
{
    if (!v.subject.isEmpty()) {
        out(QCoreApplication::translate("Cli", "subject: %1").arg(v.subject));
        out(QCoreApplication::translate("Cli", "issuer: %1").arg(v.issuer));
        out(QCoreApplication::translate("Cli", "serial: %1").arg(v.serial));
        out(QCoreApplication::translate("Cli", "validity: %1 to %2")
                .arg(pki::formatUtc(v.notBefore), pki::formatUtc(v.notAfter)));
    }
    if (v.valid()) {
        out(QCoreApplication::translate("Cli", "valid"));
    } else {
        out(QCoreApplication::translate("Cli", "invalid: %1").arg(v.reason));
    }
}

// pki verify CERT [--central URL | --ca FILE --crl FILE ...]: the files alone need no database
// and no operator; --central fetches what central publishes; with neither, the installation's
// enrolled central and its cached CRLs (refreshed when stale). No sign-in either way: only
// public CA certificates and CRLs are read and cached.
QJsonObject applicationJson(const issuance::Application& a)
{
    QJsonArray history;
    for (const issuance::HistoryEntry& h : a.history) {
        history.append(QJsonObject{{QStringLiteral("from"), h.from},
                                   {QStringLiteral("to"), h.to},
                                   {QStringLiteral("at"), h.at.toString(Qt::ISODateWithMs)},
                                   {QStringLiteral("operator"), h.operatorLogin},
                                   {QStringLiteral("reason"), h.reason}});
    }
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("resident_code"), a.residentCode},
            {QStringLiteral("state"), issuance::id(a.state)},
            {QStringLiteral("state_name"), issuance::displayName(a.state)},
            {QStringLiteral("applied_at"), a.appliedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("updated_at"), a.updatedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("issued_at"),
             a.issuedAt.isValid() ? a.issuedAt.toString(Qt::ISODateWithMs) : QString()},
            {QStringLiteral("expires_on"), a.expiresOn.toString(Qt::ISODate)},
            {QStringLiteral("proxy"), a.proxy},
            {QStringLiteral("notice_sent_at"),
             a.noticeSentAt.isValid() ? a.noticeSentAt.toString(Qt::ISODateWithMs) : QString()},
            {QStringLiteral("appointment_at"),
             a.appointmentAt.isValid() ? a.appointmentAt.toString(Qt::ISODateWithMs) : QString()},
            {QStringLiteral("collect_by"),
             issuance::collectionDeadline(a.deliveredAt).toString(Qt::ISODate)},
            {QStringLiteral("renewal_reminded_at"),
             a.renewalRemindedAt.isValid() ? a.renewalRemindedAt.toString(Qt::ISODateWithMs)
                                           : QString()},
            {QStringLiteral("card_serial"), a.cardSerial},
            {QStringLiteral("production_id"), a.productionId},
            {QStringLiteral("delegated"), a.delegated},
            {QStringLiteral("delivered_at"),
             a.deliveredAt.isValid() ? a.deliveredAt.toString(Qt::ISODateWithMs) : QString()},
            {QStringLiteral("history"), history}};
}

QJsonObject handOverJson(const issuance::HandOverRecord& r)
{
    return {{QStringLiteral("application"), r.applicationId},
            {QStringLiteral("card_serial"), r.cardSerial},
            {QStringLiteral("step"), r.step},
            {QStringLiteral("pins_done"), QJsonArray::fromStringList(r.pinsDone)},
            {QStringLiteral("auth_serial"), r.authSerial},
            {QStringLiteral("sign_serial"), r.signSerial},
            {QStringLiteral("interrupted"), r.interrupted},
            {QStringLiteral("last_error"), r.lastError},
            {QStringLiteral("started_at"), r.startedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("updated_at"), r.updatedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("operator"), r.operatorLogin}};
}

// issuance hand-over ID: the card part of the hand-over at the counter (see HandOver.h). The
// holder's four new PINs come from the environment or prompts (as card set-pins), the issuance
// key from the environment, central from the enrollment. A stopped hand-over is flagged and
// resumes when run again.
int issuanceHandOver(const Context& c, const Database& database, const Session& session,
                     qint64 appId)
{
    using namespace card;
    QMap<Pin, QString> values;
    if (const int rc = newPinValues({Pin::Sign, Pin::Auth, Pin::Helper, Pin::Juki}, &values);
        rc != Ok) {
        return rc;
    }
    auto key = issuanceKey();
    if (!key) {
        return cardFailed(key.error());
    }
    auto enrollment = sync::loadEnrollment(database);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    issuance::NewPins pins{values.value(Pin::Sign), values.value(Pin::Auth),
                           values.value(Pin::Helper), values.value(Pin::Juki)};
    issuance::HandOver handOver(database,
                                CardService({c.parser->value(QStringLiteral("reader")), 30000}),
                                *key, *enrollment);
    handOver.setAllowLastTry(c.parser->isSet(QStringLiteral("allow-last-try")));
    const bool json = c.parser->isSet(QStringLiteral("json"));
    if (!json) {
        handOver.setProgress([](const QString& text) { err(text); });
    }
    auto result = handOver.run(appId, pins, session);
    if (!result) {
        const int rc = result.error().code == QStringLiteral("auth.denied")
                           ? denied(result.error())
                           : cardFailed(result.error());
        if (result.error().code != QStringLiteral("issuance.handover_state") &&
            result.error().code != QStringLiteral("auth.denied") &&
            result.error().code != QStringLiteral("card.pin_format")) {
            err(QCoreApplication::translate("Cli", "the hand-over is flagged as stopped; to "
                                                   "resume: madoguchi-cli issuance hand-over %1")
                    .arg(appId));
        }
        return rc;
    }
    if (json) {
        QJsonObject o = applicationJson(result->application);
        o.insert(QStringLiteral("auth_serial"), result->authSerial);
        o.insert(QStringLiteral("sign_serial"), result->signSerial);
        o.insert(QStringLiteral("resumed"), result->resumed);
        o.insert(QStringLiteral("apdus"), result->apdus);
        o.insert(QStringLiteral("card_ms"), result->cardMs);
        o.insert(QStringLiteral("central_ms"), result->centralMs);
        o.insert(QStringLiteral("total_ms"), result->totalMs);
        o.insert(QStringLiteral("done"), QJsonArray::fromStringList(result->done));
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    } else {
        for (const QString& line : std::as_const(result->done)) {
            out(line);
        }
    }
    return Ok;
}

int cmdIssuance(const Context& c)
{
    const QString use = QCoreApplication::translate(
        "Cli", "use: issuance apply --resident CODE | issuance advance ID --to STATE [--reason "
               "TEXT] [--proxy] [--at YYYY-MM-DDTHH:MM] | issuance show ID [--json] | issuance "
               "list [--state S] [--json] | issuance notice ID --out FILE.pdf | issuance "
               "reminders [--within-days N] [--json] [--mark] | issuance hand-over ID [--json] | "
               "issuance interrupted [--json]");
    if (c.words.size() < 2) {
        return usage(use);
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    issuance::IssuanceService service(database);
    const QString sub = c.words[1];
    const bool json = c.parser->isSet(QStringLiteral("json"));
    auto show = [&](const issuance::Application& a) {
        if (json || sub == QStringLiteral("apply")) {
            out(QString::fromUtf8(
                QJsonDocument(applicationJson(a)).toJson(QJsonDocument::Compact)));
        } else {
            out(QStringLiteral("%1\t%2\t%3 (%4)")
                    .arg(a.id)
                    .arg(a.residentCode, issuance::id(a.state), issuance::displayName(a.state)));
            for (const issuance::HistoryEntry& h : a.history) {
                out(QStringLiteral("  %1 %2 → %3 %4 %5")
                        .arg(h.at.toString(Qt::ISODate), h.from, h.to, h.operatorLogin, h.reason));
            }
        }
    };
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    if (sub == QStringLiteral("apply") && c.words.size() == 2) {
        const QString code = c.parser->value(QStringLiteral("resident"));
        if (code.isEmpty()) {
            return usage(use);
        }
        auto a = service.apply(code, session);
        if (!a) {
            return refused(a.error());
        }
        show(*a);
        return Ok;
    }
    bool idOk = false;
    const qint64 appId = c.words.size() >= 3 ? c.words[2].toLongLong(&idOk) : 0;
    if (sub == QStringLiteral("advance") && c.words.size() == 3 && idOk) {
        const auto to = issuance::fromId(c.parser->value(QStringLiteral("to")));
        if (!to) {
            QStringList states;
            for (issuance::State s : issuance::allStates()) {
                states << issuance::id(s);
            }
            return usage(use + u'\n' + states.join(QStringLiteral(", ")));
        }
        QDateTime at;
        if (c.parser->isSet(QStringLiteral("at"))) {
            // Japan time as the counter speaks it; an explicit offset or Z is honoured.
            const QString text = c.parser->value(QStringLiteral("at"));
            at = QDateTime::fromString(text, Qt::ISODate);
            if (at.isValid() && at.timeSpec() == Qt::LocalTime) {
                at = QDateTime(at.date(), at.time(), QTimeZone(9 * 3600));
            }
            if (!at.isValid()) {
                return usage(QCoreApplication::translate("Cli", "--at takes a date and time such "
                                                                "as 2026-12-01T10:30, not \"%1\"")
                                 .arg(text));
            }
        }
        auto a = service.advance(appId, *to, c.parser->value(QStringLiteral("reason")), session,
                                 c.parser->isSet(QStringLiteral("proxy")), at);
        if (!a) {
            return refused(a.error());
        }
        show(*a);
        return Ok;
    }
    if (sub == QStringLiteral("notice") && c.words.size() == 3 && idOk) {
        const QString path = c.parser->value(QStringLiteral("out"));
        if (path.isEmpty()) {
            return usage(use);
        }
        auto a = service.writeNotice(appId, path, session);
        if (!a) {
            return refused(a.error());
        }
        out(QCoreApplication::translate("Cli", "card notice for application %1 written to %2")
                .arg(appId)
                .arg(path));
        return Ok;
    }
    if (sub == QStringLiteral("reminders") && c.words.size() == 2) {
        QDate until = issuance::japanToday().addMonths(issuance::kRenewalReminderMonths);
        if (c.parser->isSet(QStringLiteral("within-days"))) {
            bool ok = false;
            const int days = c.parser->value(QStringLiteral("within-days")).toInt(&ok);
            if (!ok || days < 0) {
                return usage(use);
            }
            until = issuance::japanToday().addDays(days);
        }
        auto due = service.renewalsDue(until, 100000);
        if (!due) {
            return failed(due.error());
        }
        const bool mark = c.parser->isSet(QStringLiteral("mark"));
        QJsonArray rows;
        for (const issuance::Application& a : std::as_const(*due)) {
            if (mark) {
                auto marked = service.markReminded(a.id, session);
                if (!marked) {
                    return refused(marked.error());
                }
            }
            if (json) {
                rows.append(
                    QJsonObject{{QStringLiteral("id"), a.id},
                                {QStringLiteral("resident_code"), a.residentCode},
                                {QStringLiteral("expires_on"), a.expiresOn.toString(Qt::ISODate)},
                                {QStringLiteral("reminded"), mark}});
            } else {
                out(QStringLiteral("%1\t%2\t%3")
                        .arg(a.id)
                        .arg(a.residentCode, a.expiresOn.toString(Qt::ISODate)));
            }
        }
        if (json) {
            out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        }
        return Ok;
    }
    if (sub == QStringLiteral("show") && c.words.size() == 3 && idOk) {
        auto a = service.get(appId);
        if (!a) {
            return failed(a.error());
        }
        auto handOver = issuance::HandOver::record(database, appId);
        if (!handOver) {
            return failed(handOver.error());
        }
        if (json) {
            QJsonObject o = applicationJson(*a);
            if (*handOver) {
                o.insert(QStringLiteral("hand_over"), handOverJson(**handOver));
            }
            out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        } else {
            show(*a);
            if (*handOver && (*handOver)->interrupted) {
                out(QCoreApplication::translate("Cli", "  hand-over stopped after %1: %2")
                        .arg((*handOver)->step, (*handOver)->lastError));
            }
        }
        return Ok;
    }
    if (sub == QStringLiteral("hand-over") && c.words.size() == 3 && idOk) {
        return issuanceHandOver(c, database, session, appId);
    }
    if (sub == QStringLiteral("interrupted") && c.words.size() == 2) {
        auto all = issuance::HandOver::interrupted(database);
        if (!all) {
            return failed(all.error());
        }
        QJsonArray rows;
        for (const issuance::HandOverRecord& r : std::as_const(*all)) {
            rows.append(handOverJson(r));
            if (!json) {
                out(QStringLiteral("%1\t%2\t%3\t%4")
                        .arg(r.applicationId)
                        .arg(r.step, r.updatedAt.toString(Qt::ISODate), r.lastError));
            }
        }
        if (json) {
            out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        }
        return Ok;
    }
    if (sub == QStringLiteral("list") && c.words.size() == 2) {
        std::optional<issuance::State> state;
        if (c.parser->isSet(QStringLiteral("state"))) {
            state = issuance::fromId(c.parser->value(QStringLiteral("state")));
            if (!state) {
                return usage(use);
            }
        }
        auto all = service.list(state);
        if (!all) {
            return failed(all.error());
        }
        if (json) {
            QJsonArray rows;
            for (const issuance::Application& a : std::as_const(*all)) {
                rows.append(applicationJson(a));
            }
            out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        } else {
            for (const issuance::Application& a : std::as_const(*all)) {
                show(a);
            }
        }
        return Ok;
    }
    return usage(use);
}

int cmdPkiCounter(const Context& c)
{
    const QString use = QCoreApplication::translate(
        "Cli", "use: pki request sign|auth RESIDENT_CODE --csr FILE --card ID [--out FILE] | pki "
               "revoke SERIAL|--card ID [--reason REASON] | pki list RESIDENT_CODE");
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    if (Status st = session.require(Permission::IssueCards); !st) {
        return denied(st.error());
    }
    auto enrollment = sync::loadEnrollment(database);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    pki::CertificateRequests requests(database, *enrollment);
    const QString sub = c.words[1];
    if (sub == QStringLiteral("request")) {
        const auto kind = c.words.size() == 4 ? pki::jpki::kindFromId(c.words[2]) : std::nullopt;
        const QString csrPath = c.parser->value(QStringLiteral("csr"));
        const QString card = c.parser->value(QStringLiteral("card"));
        if (!kind || csrPath.isEmpty() || card.isEmpty()) {
            return usage(use);
        }
        auto csr = readAll(csrPath);
        if (!csr) {
            return failed(csr.error());
        }
        auto resident = RegistryService(database).findByCode(c.words[3]);
        if (!resident) {
            return failed(resident.error());
        }
        if (!*resident) {
            return failed(Error(
                QCoreApplication::translate("Cli", "no resident has the code %1").arg(c.words[3]),
                QStringLiteral("cli.not_found")));
        }
        auto issued = requests.request(*kind, **resident, *csr, card, session);
        if (!issued) {
            return failed(issued.error());
        }
        const QString outPath = c.parser->value(QStringLiteral("out"));
        if (!outPath.isEmpty()) {
            QSaveFile f(outPath);
            if (!f.open(QIODevice::WriteOnly) || f.write(issued->pem) != issued->pem.size() ||
                !f.commit()) {
                return failed(
                    Error(QCoreApplication::translate("Cli", "cannot write %1").arg(outPath),
                          QStringLiteral("cli.io")));
            }
        } else {
            out(QString::fromLatin1(issued->pem).trimmed());
        }
        out(QCoreApplication::translate("Cli", "issued %1 certificate %2, valid until %3 (%4 "
                                               "earlier one(s) superseded)")
                .arg(issued->kind, issued->serial, issued->notAfter)
                .arg(issued->superseded));
        return Ok;
    }
    if (sub == QStringLiteral("revoke")) {
        const QString reasonText = c.parser->isSet(QStringLiteral("reason"))
                                       ? c.parser->value(QStringLiteral("reason"))
                                       : QStringLiteral("unspecified");
        const auto reason = pki::jpki::reasonFromId(reasonText);
        QJsonObject what;
        if (c.words.size() == 3) {
            what.insert(QStringLiteral("serial"), c.words[2]);
        } else if (c.parser->isSet(QStringLiteral("card"))) {
            what.insert(QStringLiteral("card_id"), c.parser->value(QStringLiteral("card")));
        }
        if (!reason || what.isEmpty()) {
            return usage(use + u'\n' +
                         QCoreApplication::translate(
                             "Cli", "reasons: unspecified, keyCompromise, affiliationChanged, "
                                    "superseded, cessationOfOperation, certificateHold"));
        }
        auto n = requests.revoke(what, *reason, session);
        if (!n) {
            return failed(n.error());
        }
        out(QCoreApplication::translate("Cli", "%1 certificate(s) revoked").arg(*n));
        return *n > 0 ? Ok : Failed;
    }
    if (sub == QStringLiteral("list") && c.words.size() == 3) {
        auto all = requests.list(c.words[2], session);
        if (!all) {
            return failed(all.error());
        }
        for (const pki::CertificateRecord& r : std::as_const(*all)) {
            out(QStringLiteral("%1\t%2\t%3\t%4 – %5\t%6%7")
                    .arg(r.kind, r.serial, r.cardId, r.notBefore, r.notAfter, r.status,
                         r.revokedAt.isEmpty()
                             ? QString()
                             : QStringLiteral(" %1 (%2)").arg(r.revokedAt, r.reason)));
        }
        return Ok;
    }
    return usage(use);
}

int cmdPki(const Context& c)
{
    if (c.words.size() >= 2 &&
        (c.words[1] == QStringLiteral("request") || c.words[1] == QStringLiteral("revoke") ||
         c.words[1] == QStringLiteral("list"))) {
        return cmdPkiCounter(c);
    }
    const QString use = QCoreApplication::translate(
        "Cli", "use: pki verify CERT.pem [--central URL | --ca FILE --crl FILE [--crl FILE]]");
    if (c.words.size() != 3 || c.words[1] != QStringLiteral("verify")) {
        return usage(use);
    }
    const bool hasCa = c.parser->isSet(QStringLiteral("ca"));
    const bool hasCrl = c.parser->isSet(QStringLiteral("crl"));
    const bool hasCentral = c.parser->isSet(QStringLiteral("central"));
    if ((hasCa || hasCrl) && hasCentral) {
        return usage(QCoreApplication::translate(
            "Cli", "give either --central or --ca and --crl, not both"));
    }
    if (hasCa != hasCrl) {
        return usage(QCoreApplication::translate("Cli", "--ca and --crl go together"));
    }
    auto certificate = readAll(c.words[2]);
    if (!certificate) {
        return failed(certificate.error());
    }
    QByteArray bundle;
    QList<QByteArray> crls;
    QString refreshProblem;
    if (hasCa) {
        auto ca = readAll(c.parser->value(QStringLiteral("ca")));
        if (!ca) {
            return failed(ca.error());
        }
        bundle = *ca;
        for (const QString& path : c.parser->values(QStringLiteral("crl"))) {
            auto crl = readAll(path);
            if (!crl) {
                return failed(crl.error());
            }
            crls << *crl;
        }
    } else if (hasCentral) {
        const QUrl central(c.parser->value(QStringLiteral("central")));
        if (!central.isValid() || central.host().isEmpty()) {
            return usage(use);
        }
        sync::CentralClient client(central);
        if (c.parser->isSet(QStringLiteral("tls-ca"))) {
            auto tlsCa = readAll(c.parser->value(QStringLiteral("tls-ca")));
            if (!tlsCa) {
                return failed(tlsCa.error());
            }
            if (Status st = client.setTlsCa(*tlsCa); !st) {
                return failed(st.error());
            }
        }
        auto published = pki::CrlCache::fetch(client);
        if (!published) {
            return failed(published.error());
        }
        bundle = published->caBundle;
        crls = published->crls.values();
    } else {
        auto db = openDatabase(c);
        if (!db) {
            return failed(db.error());
        }
        pki::CrlCache cache(*db);
        bool stale = false;
        for (const QString& ca : pki::CrlCache::caNames()) {
            auto cached = cache.current(ca);
            if (!cached) {
                return failed(cached.error());
            }
            stale = stale || !*cached || !(*cached)->fresh;
        }
        if (stale) {
            auto enrollment = sync::loadEnrollment(*db);
            if (!enrollment) {
                refreshProblem = enrollment.errorMessage();
            } else {
                sync::CentralClient client(*enrollment);
                if (auto r = cache.refresh(client); !r) {
                    refreshProblem = r.errorMessage();
                }
            }
        }
        auto cachedBundle = cache.caBundle();
        auto cachedCrls = cache.crls();
        if (!cachedBundle || !cachedCrls) {
            return failed(cachedBundle ? cachedCrls.error() : cachedBundle.error());
        }
        if (cachedBundle->isEmpty()) {
            return failed(Error(QCoreApplication::translate(
                                    "Cli", "no CA certificates are cached and they cannot be "
                                           "fetched from central: %1")
                                    .arg(refreshProblem)));
        }
        bundle = *cachedBundle;
        crls = *cachedCrls;
    }
    const pki::CertVerification v = pki::verifyCertificateChain(*certificate, bundle, crls);
    printVerification(v);
    if (!refreshProblem.isEmpty()) {
        if (v.status == pki::CertStatus::CrlExpired || v.status == pki::CertStatus::NoCrl) {
            out(QCoreApplication::translate("Cli", "central cannot be reached to fetch a current "
                                                   "CRL: %1")
                    .arg(refreshProblem));
        } else {
            err(QCoreApplication::translate("Cli", "warning: the cached CRLs could not be "
                                                   "refreshed: %1")
                    .arg(refreshProblem));
        }
    }
    return v.valid() ? Ok : Failed;
}

// ---- central ---------------------------------------------------------------------------------

int cmdEnroll(const Context& c)
{
    const QUrl central(c.parser->value(QStringLiteral("central")));
    const QString code = c.parser->value(QStringLiteral("code"));
    if (c.words.size() != 1 || !central.isValid() || central.host().isEmpty() || code.isEmpty()) {
        return usage(QCoreApplication::translate(
            "Cli", "use: enroll --central URL --code CODE [--name TERMINAL] [--tls-ca FILE]"));
    }
    sync::CentralClient client(central);
    if (c.parser->isSet(QStringLiteral("tls-ca"))) {
        const QString caFile = c.parser->value(QStringLiteral("tls-ca"));
        QFile f(caFile);
        if (!f.open(QIODevice::ReadOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot read %1: %2")
                                    .arg(caFile, f.errorString())));
        }
        if (Status st = client.setTlsCa(f.readAll()); !st) {
            return failed(
                Error(QStringLiteral("%1: %2").arg(caFile, st.errorMessage()), st.error().code));
        }
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    if (Status st = session.require(Permission::ManageSettings); !st) {
        return denied(st.error());
    }
    QString name = c.parser->value(QStringLiteral("name"));
    if (name.isEmpty()) {
        name = QSysInfo::machineHostName();
    }
    auto enrollment = client.enroll(code, name);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    if (Status st = sync::saveEnrollment(database, *enrollment); !st) {
        return failed(st.error());
    }
    AuditLog(database)
        .record(session.login(), QStringLiteral("central.enroll"),
                enrollment->terminal + u' ' + central.toString())
        .ok();
    out(QCoreApplication::translate("Cli", "enrolled as terminal %1 with %2 (key %3)")
            .arg(enrollment->terminal, central.toString(), enrollment->keyid.left(16)));
    return Ok;
}

int cmdCentral(const Context& c)
{
    if (c.words.size() != 2 || c.words[1] != QStringLiteral("whoami")) {
        return usage(QCoreApplication::translate("Cli", "use: central whoami"));
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    auto enrollment = sync::loadEnrollment(database);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    sync::CentralClient client(*enrollment);
    auto r =
        client.signedRequest(*enrollment, "GET", QStringLiteral("/v1/whoami"), {}, session.login());
    if (!r) {
        return failed(r.error());
    }
    const QJsonObject o = QJsonDocument::fromJson(r->body).object();
    out(QCoreApplication::translate("Cli", "central knows this workstation as %1, operator %2")
            .arg(o.value(QStringLiteral("terminal")).toString(),
                 o.value(QStringLiteral("operator")).toString()));
    return Ok;
}

int cmdSyncConflicts(const Context& c)
{
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    if (Status st = session.require(Permission::Sync); !st) {
        return denied(st.error());
    }
    sync::Conflicts conflicts(database);
    if (c.words[1] == QStringLiteral("resolve")) {
        const QString keep = c.parser->value(QStringLiteral("keep"));
        bool ok = false;
        const qint64 id = c.parser->value(QStringLiteral("conflict")).toLongLong(&ok);
        if (!ok || (keep != QStringLiteral("mine") && keep != QStringLiteral("central"))) {
            return usage(QCoreApplication::translate(
                "Cli", "use: sync resolve --conflict ID --keep mine|central"));
        }
        Status st = keep == QStringLiteral("mine") ? conflicts.keepMine(id, session)
                                                   : conflicts.takeCentral(id, session);
        if (!st) {
            return st.error().code == QStringLiteral("auth.denied") ? denied(st.error())
                                                                    : failed(st.error());
        }
        out(keep == QStringLiteral("mine")
                ? QCoreApplication::translate("Cli", "conflict %1 resolved: this workstation's "
                                                     "change will be sent again")
                      .arg(id)
                : QCoreApplication::translate("Cli", "conflict %1 resolved: central's change "
                                                     "is applied here")
                      .arg(id));
        return Ok;
    }
    auto list = conflicts.open();
    if (!list) {
        return failed(list.error());
    }
    QJsonArray rows;
    for (const sync::Conflict& k : std::as_const(*list)) {
        QJsonArray theirs;
        for (const sync::ReceivedChange& r : std::as_const(k.theirs)) {
            theirs.append(
                QJsonObject{{QStringLiteral("terminal"), r.terminal},
                            {QStringLiteral("operator"), r.operatorLogin},
                            {QStringLiteral("version"), r.version},
                            {QStringLiteral("after"), r.payload.value(QStringLiteral("after"))}});
        }
        rows.append(QJsonObject{{QStringLiteral("id"), k.id},
                                {QStringLiteral("record"), k.recordKey},
                                {QStringLiteral("base_version"), k.baseVersion},
                                {QStringLiteral("central_version"), k.centralVersion},
                                {QStringLiteral("central_terminal"), k.centralTerminal},
                                {QStringLiteral("mine"), k.mine.value(QStringLiteral("after"))},
                                {QStringLiteral("operator"), k.mineOperator},
                                {QStringLiteral("theirs"), theirs}});
    }
    if (c.parser->isSet(QStringLiteral("json"))) {
        out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented)).trimmed());
        return Ok;
    }
    if (rows.isEmpty()) {
        out(QCoreApplication::translate("Cli", "no open conflicts"));
        return Ok;
    }
    for (const sync::Conflict& k : std::as_const(*list)) {
        out(QCoreApplication::translate("Cli", "%1\t%2\tmine (%3): %4\tcentral v%5 from %6: %7")
                .arg(k.id)
                .arg(k.recordKey, k.mineOperator,
                     QString::fromUtf8(
                         QJsonDocument(k.mine.value(QStringLiteral("after")).toObject())
                             .toJson(QJsonDocument::Compact)))
                .arg(k.centralVersion)
                .arg(
                    k.centralTerminal,
                    k.theirs.isEmpty()
                        ? QCoreApplication::translate("Cli", "(not received yet: sync first)")
                        : QString::fromUtf8(
                              QJsonDocument(
                                  k.theirs.last().payload.value(QStringLiteral("after")).toObject())
                                  .toJson(QJsonDocument::Compact))));
    }
    return Ok;
}

int cmdSyncExport(const Context& c)
{
    const QString path = c.parser->value(QStringLiteral("out"));
    if (path.isEmpty()) {
        return usage(QCoreApplication::translate("Cli", "use: sync export --out FILE"));
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    if (Status st = session.require(Permission::Sync); !st) {
        return denied(st.error());
    }
    auto enrollment = sync::loadEnrollment(database);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    auto header = sync::writeTransportFile(database, *enrollment, path);
    if (!header) {
        return failed(header.error());
    }
    if (Status st = AuditLog(database).record(
            session.login(), QStringLiteral("sync.export"), path,
            QStringLiteral("%1 changes, file %2").arg(header->changes).arg(header->fileId));
        !st) {
        return failed(st.error());
    }
    out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("file"), path},
                                                    {QStringLiteral("file_id"), header->fileId},
                                                    {QStringLiteral("terminal"), header->terminal},
                                                    {QStringLiteral("changes"), header->changes}})
                              .toJson(QJsonDocument::Compact)));
    return Ok;
}

int cmdSync(const Context& c)
{
    if (c.words.size() == 2 &&
        (c.words[1] == QStringLiteral("conflicts") || c.words[1] == QStringLiteral("resolve"))) {
        return cmdSyncConflicts(c);
    }
    if (c.words.size() == 2 && c.words[1] == QStringLiteral("export")) {
        return cmdSyncExport(c);
    }
    if (c.words.size() != 1) {
        return usage(QCoreApplication::translate(
            "Cli", "use: sync [--once] | sync conflicts [--json] | sync resolve --conflict ID "
                   "--keep mine|central | sync export --out FILE"));
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    if (Status st = session.require(Permission::Sync); !st) {
        return denied(st.error());
    }
    auto enrollment = sync::loadEnrollment(database);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    sync::SyncEngine engine(database, *enrollment);
    auto report = c.parser->isSet(QStringLiteral("once"))
                      ? engine.syncOnce(session.login())
                      : engine.runWithRetry(session.login(), 6, 1000);
    if (!report) {
        auto pending = sync::Outbox(database).pendingCount();
        err(QCoreApplication::translate("Cli", "offline: %1").arg(report.errorMessage()));
        out(QCoreApplication::translate("Cli", "%1 changes are kept in the outbox")
                .arg(pending ? *pending : -1));
        return Failed;
    }
    out(QCoreApplication::translate(
            "Cli", "sent %1 changes (%2 central had already), %3 conflicts, received %4 (%5 "
                   "applied here, %6 waiting for a conflict, %7 failed); %8 left in the outbox")
            .arg(report->applied)
            .arg(report->duplicates)
            .arg(report->conflicts)
            .arg(report->pulled)
            .arg(report->appliedHere)
            .arg(report->deferred)
            .arg(report->failedHere)
            .arg(report->pending));
    return report->conflicts > 0 ? Failed : Ok;
}

int cmdAudit(const Context& c)
{
    if (c.words.size() != 2 || c.words[1] != QStringLiteral("verify")) {
        return usage(QCoreApplication::translate("Cli", "use: audit verify"));
    }
    Database database;
    Session session;
    if (const int code = openSignedIn(c, &database, &session); code != Ok) {
        return code;
    }
    if (Status st = session.require(Permission::ViewAudit); !st) {
        return denied(st.error());
    }
    auto v = AuditLog(database).verify();
    if (!v) {
        return failed(v.error());
    }
    if (v->intact) {
        out(QCoreApplication::translate("Cli", "the audit log is intact: %1 entries")
                .arg(v->entries));
        return Ok;
    }
    out(QCoreApplication::translate("Cli", "the audit log is broken at entry %1: %2")
            .arg(v->firstBrokenId)
            .arg(v->reason));
    return Failed;
}

int cmdDb(const Context& c)
{
    if (c.words.size() != 2) {
        return usage(QCoreApplication::translate("Cli", "use: db status|migrate|check"));
    }
    auto db = Database::open(c.dbSpec);
    if (!db) {
        return failed(db.error());
    }
    if (c.words[1] == QStringLiteral("status")) {
        auto v = Migrator::currentVersion(*db);
        if (!v) {
            return failed(v.error());
        }
        out(QStringLiteral("%1\tschema %2 of %3")
                .arg(db->spec().display())
                .arg(*v)
                .arg(Migrator::latestVersion()));
        return *v == Migrator::latestVersion() ? Ok : Failed;
    }
    if (c.words[1] == QStringLiteral("check")) {
        // The full integrity check reads every page: run it on demand, not at every start.
        if (!db->isSQLite()) {
            out(QCoreApplication::translate("Cli",
                                            "PostgreSQL checks its own data; nothing to do here"));
            return Ok;
        }
        auto q = db->exec(QStringLiteral("PRAGMA integrity_check"));
        if (!q) {
            return failed(q.error());
        }
        QStringList problems;
        while (q->next()) {
            problems << q->value(0).toString();
        }
        if (problems == QStringList{QStringLiteral("ok")}) {
            out(QCoreApplication::translate("Cli", "the database file is intact"));
            return Ok;
        }
        for (const QString& p : std::as_const(problems)) {
            out(p);
        }
        return Failed;
    }
    if (c.words[1] == QStringLiteral("migrate")) {
        auto v = Migrator::migrate(*db);
        if (!v) {
            return failed(v.error());
        }
        out(QCoreApplication::translate("Cli", "schema version %1").arg(*v));
        return Ok;
    }
    return usage(
        QCoreApplication::translate("Cli", "unknown db subcommand \"%1\"").arg(c.words[1]));
}

} // namespace

// ---- backups -------------------------------------------------------------------------------

int cmdBackup(const Context& c)
{
    const QString use = QCoreApplication::translate(
        "Cli", "use: backup now [--dir D] | backup list [--dir D] | backup verify FILE | backup "
               "restore FILE --to NEWDB");
    const QString sub = c.words.size() >= 2 ? c.words[1] : QString();
    if (sub == QStringLiteral("verify") && c.words.size() == 3) {
        if (Status st = backup::verify(c.words[2]); !st) {
            return failed(st.error());
        }
        out(QCoreApplication::translate("Cli", "%1: sound").arg(c.words[2]));
        return Ok;
    }
    if (sub == QStringLiteral("restore") && c.words.size() == 3) {
        const QString to = c.parser->value(QStringLiteral("to"));
        if (to.isEmpty()) {
            return usage(use);
        }
        if (Status st = backup::restore(c.words[2], to); !st) {
            return failed(st.error());
        }
        // The restored database's own operators sign in on it, and it keeps the record.
        Context restored = c;
        restored.dbSpec = to;
        Database database;
        Session session;
        int rc = openSignedIn(restored, &database, &session);
        if (rc == Ok) {
            if (Status st = session.require(Permission::ManageSettings); !st) {
                rc = denied(st.error());
            }
        }
        if (rc != Ok) {
            database = Database();
            QFile::remove(to);
            return rc;
        }
        if (Status st = backup::record(database, session.login(), QStringLiteral("backup.restore"),
                                       QFileInfo(to).absoluteFilePath(), c.words[2]);
            !st) {
            return failed(st.error());
        }
        out(QCoreApplication::translate("Cli", "restored %1 into %2").arg(c.words[2], to));
        return Ok;
    }
    if ((sub != QStringLiteral("now") && sub != QStringLiteral("list")) || c.words.size() != 2) {
        return usage(use);
    }
    auto spec = DatabaseSpec::parse(c.dbSpec);
    if (!spec) {
        return failed(spec.error());
    }
    if (Status st = backup::requireSqlite(*spec); !st) {
        return failed(st.error());
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    // A copy of the whole database, to a folder of one's choosing: administrators only (the
    // window's scheduled backups go to the configured folder by themselves).
    if (Status st = session.require(Permission::ManageSettings); !st) {
        return denied(st.error());
    }
    auto settings = backup::settings(database);
    if (!settings) {
        return failed(settings.error());
    }
    const QString dir = c.parser->isSet(QStringLiteral("dir"))
                            ? c.parser->value(QStringLiteral("dir"))
                            : settings->dir;
    if (sub == QStringLiteral("list")) {
        auto all = backup::list(spec->path, dir);
        if (!all) {
            return failed(all.error());
        }
        for (const backup::BackupFile& b : *all) {
            out(QStringLiteral("%1\t%2\t%3")
                    .arg(b.takenAt.toString(Qt::ISODateWithMs), QString::number(b.size), b.path));
        }
        return Ok;
    }
    auto made = backup::create(spec->path, dir, settings->keep);
    if (!made) {
        (void)backup::record(database, session.login(), QStringLiteral("backup.failed"), dir,
                             made.errorMessage());
        return failed(made.error());
    }
    if (Status st = backup::record(database, session.login(), QStringLiteral("backup.create"),
                                   made->path, QString::number(made->size));
        !st) {
        return failed(st.error());
    }
    out(made->path);
    return Ok;
}

// ---- disaster ledger -----------------------------------------------------------------------

QJsonObject disasterJson(const disaster::Disaster& x)
{
    return {{QStringLiteral("id"), x.id},
            {QStringLiteral("code"), x.code},
            {QStringLiteral("name"), x.name},
            {QStringLiteral("type"), x.type},
            {QStringLiteral("occurred_on"), x.occurredOn.toString(Qt::ISODate)},
            {QStringLiteral("affected_areas"), QJsonArray::fromStringList(x.affectedAreas)},
            {QStringLiteral("opened_at"), x.openedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("opened_by"), x.openedBy},
            {QStringLiteral("open"), x.isOpen()}};
}

QJsonObject shelterJson(const disaster::Shelter& s)
{
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("disaster"), s.disasterId},
            {QStringLiteral("name"), s.name},
            {QStringLiteral("address"), s.address},
            {QStringLiteral("kind"), s.kind},
            {QStringLiteral("capacity"), s.capacity},
            {QStringLiteral("occupancy"), s.occupancy},
            {QStringLiteral("open"), s.open},
            {QStringLiteral("contact"), s.contact}};
}

QJsonObject stayJson(const disaster::Stay& s)
{
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("person"), s.personId},
            {QStringLiteral("shelter"), s.shelterId},
            {QStringLiteral("checked_in_at"), s.checkedInAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("checked_out_at"),
             s.checkedOutAt.isValid() ? s.checkedOutAt.toString(Qt::ISODateWithMs) : QString()}};
}

// disaster pfif import FILE [--disaster ID] [--json] | disaster pfif export --out FILE
// [--disaster ID]
int disasterPfif(const Context& c, const Database& database, const Session& session,
                 const QString& use)
{
    const QString what = c.words[2];
    qint64 disasterId = 0;
    if (c.parser->isSet(QStringLiteral("disaster"))) {
        bool ok = false;
        disasterId = c.parser->value(QStringLiteral("disaster")).toLongLong(&ok);
        if (!ok || disasterId <= 0) {
            return usage(use);
        }
    }
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    disaster::LedgerPfif ledger(database);
    if (what == QStringLiteral("export") && c.words.size() == 3) {
        const QString path = c.parser->value(QStringLiteral("out"));
        if (path.isEmpty()) {
            return usage(use);
        }
        auto x = ledger.exportLedger(session, disasterId);
        if (!x) {
            return refused(x.error());
        }
        if (Status st = writeFile(path, x->xml); !st) {
            return failed(st.error());
        }
        out(QCoreApplication::translate(
                "Cli", "%1: %2 persons, %3 notes (%4 new); %5 left out (no consent to enquiries, "
                       "or DV-protected)")
                .arg(path)
                .arg(x->persons)
                .arg(x->notes)
                .arg(x->notesWritten)
                .arg(x->leftOut));
        return Ok;
    }
    if (what == QStringLiteral("import") && c.words.size() == 4) {
        const QString path = c.words[3];
        auto xml = readAll(path);
        if (!xml) {
            return failed(xml.error());
        }
        disaster::PfifImportOptions options;
        options.disasterId = disasterId;
        const QFileInfo file(path);
        options.openAs = QStringLiteral("PFIF %1").arg(file.completeBaseName());
        auto s = ledger.importDocument(*xml, session, options);
        if (!s) {
            return refused(s.error());
        }
        for (const QString& w : s->warnings) {
            err(w);
        }
        if (s->disasterOpened) {
            err(QCoreApplication::translate(
                    "Cli", "no disaster was open: disaster %1 \"%2\" (type other) was opened for "
                           "this import")
                    .arg(s->disasterId)
                    .arg(s->disasterName));
        }
        if (c.parser->isSet(QStringLiteral("json"))) {
            out(QString::fromUtf8(
                QJsonDocument(
                    QJsonObject{{QStringLiteral("disaster"), s->disasterId},
                                {QStringLiteral("disaster_opened"), s->disasterOpened},
                                {QStringLiteral("persons_added"), s->personsAdded},
                                {QStringLiteral("persons_updated"), s->personsUpdated},
                                {QStringLiteral("persons_unchanged"), s->personsUnchanged},
                                {QStringLiteral("persons_kept"), s->personsKept},
                                {QStringLiteral("notes_added"), s->notesAdded},
                                {QStringLiteral("notes_known"), s->notesKnown},
                                {QStringLiteral("notes_skipped"), s->notesSkipped},
                                {QStringLiteral("statuses_changed"), s->statusesChanged},
                                {QStringLiteral("changed_nothing"), s->changedNothing()}})
                    .toJson(QJsonDocument::Compact)));
            return Ok;
        }
        out(QCoreApplication::translate("Cli", "persons: %1 added, %2 updated, %3 unchanged, %4 "
                                               "kept (changed here since); notes: %5 added, %6 "
                                               "already known, %7 about nobody in the ledger; "
                                               "safety statuses changed: %8")
                .arg(s->personsAdded)
                .arg(s->personsUpdated)
                .arg(s->personsUnchanged)
                .arg(s->personsKept)
                .arg(s->notesAdded)
                .arg(s->notesKnown)
                .arg(s->notesSkipped)
                .arg(s->statusesChanged));
        if (s->changedNothing()) {
            out(QCoreApplication::translate(
                "Cli", "nothing changed: the ledger already had everything in this file"));
        }
        return Ok;
    }
    return usage(use);
}

// disaster extract --out FILE --passphrase-file F [--disaster ID] | disaster extract import FILE
// --passphrase-file F
int disasterExtract(const Context& c, const Database& database, const Session& session,
                    const QString& use)
{
    const QString passphraseFile = c.parser->value(QStringLiteral("passphrase-file"));
    if (passphraseFile.isEmpty()) {
        return usage(use);
    }
    auto passphrase = readAll(passphraseFile);
    if (!passphrase) {
        return failed(passphrase.error());
    }
    while (passphrase->endsWith('\n') || passphrase->endsWith('\r')) {
        passphrase->chop(1);
    }
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    disaster::RegisterExtract extract(database);
    if (c.words.size() == 2) {
        const QString path = c.parser->value(QStringLiteral("out"));
        qint64 disasterId = 0;
        if (c.parser->isSet(QStringLiteral("disaster"))) {
            bool ok = false;
            disasterId = c.parser->value(QStringLiteral("disaster")).toLongLong(&ok);
            if (!ok || disasterId <= 0) {
                return usage(use);
            }
        }
        if (path.isEmpty()) {
            return usage(use);
        }
        disaster::ExtractSummary summary;
        auto file = extract.write(*passphrase, session, disasterId, &summary);
        if (!file) {
            return refused(file.error());
        }
        if (Status st = writeFile(path, *file); !st) {
            return failed(st.error());
        }
        QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        out(QCoreApplication::translate("Cli", "%1: %2 residents of disaster %3, encrypted")
                .arg(path)
                .arg(summary.residents)
                .arg(summary.disasterCode));
        return Ok;
    }
    if (c.words.size() == 4 && c.words[2] == QStringLiteral("import")) {
        auto file = readAll(c.words[3]);
        if (!file) {
            return failed(file.error());
        }
        auto s = extract.import(*file, *passphrase, session);
        if (!s) {
            return refused(s.error());
        }
        out(QCoreApplication::translate(
                "Cli", "extract of disaster %1 written %2: %3 residents (%4 added, %5 updated, %6 "
                       "unchanged)")
                .arg(s->disasterCode)
                .arg(s->writtenAt.toString(Qt::ISODate))
                .arg(s->residents)
                .arg(s->added)
                .arg(s->updated)
                .arg(s->unchanged));
        return Ok;
    }
    return usage(use);
}

// ---- disaster recovery: house damage surveys and certificates -----------------------------

QJsonObject surveyBuildingJson(const recovery::Building& b)
{
    QJsonArray residents;
    for (const recovery::Occupant& r : b.residents) {
        residents.append(
            QJsonObject{{QStringLiteral("person"), r.personId}, {QStringLiteral("name"), r.name}});
    }
    QJsonArray surveys;
    for (const recovery::Survey& s : b.surveys) {
        QJsonArray photos;
        for (const recovery::SurveyPhoto& p : s.photos) {
            photos.append(QJsonObject{{QStringLiteral("path"), p.path},
                                      {QStringLiteral("sha256"), p.sha256}});
        }
        surveys.append(QJsonObject{{QStringLiteral("id"), s.id},
                                   {QStringLiteral("round"), s.round},
                                   {QStringLiteral("date"), s.surveyedOn.toString(Qt::ISODate)},
                                   {QStringLiteral("surveyor"), s.surveyor},
                                   {QStringLiteral("loss"), s.lossPercent},
                                   {QStringLiteral("grade"), s.grade},
                                   {QStringLiteral("grade_name"), recovery::gradeName(s.grade)},
                                   {QStringLiteral("notes"), s.notes},
                                   {QStringLiteral("reason"), s.requestReason},
                                   {QStringLiteral("photos"), photos}});
    }
    return {{QStringLiteral("id"), b.id},
            {QStringLiteral("disaster"), b.disasterId},
            {QStringLiteral("address"), b.address},
            {QStringLiteral("owner"), b.owner},
            {QStringLiteral("residential"), b.residential},
            {QStringLiteral("residents"), residents},
            {QStringLiteral("surveys"), surveys}};
}

QJsonObject damageCertificateJson(const recovery::Certificate& x)
{
    return {{QStringLiteral("id"), x.id},       {QStringLiteral("building"), x.buildingId},
            {QStringLiteral("kind"), x.kind},   {QStringLiteral("applicant"), x.applicant},
            {QStringLiteral("proxy"), x.proxy}, {QStringLiteral("state"), x.state},
            {QStringLiteral("grade"), x.grade}, {QStringLiteral("number"), x.number}};
}

// disaster grade PERCENT: no database; the grade's Japanese name, or exit 1 with the reason.
int disasterGrade(const Context& c)
{
    if (c.words.size() != 3) {
        return usage(QCoreApplication::translate("Cli", "use: disaster grade PERCENT"));
    }
    auto loss = recovery::parseLoss(c.words[2]);
    if (!loss) {
        return failed(loss.error());
    }
    out(recovery::gradeForLoss(*loss)->name);
    return Ok;
}

// The survey options: --date --surveyor --loss [--second] [--notes] [--photos F,…] [--reason]
Result<recovery::SurveyInput> surveyInput(const Context& c)
{
    recovery::SurveyInput s;
    auto value = [&](const char* name) {
        return c.parser->value(QLatin1String(name)).trimmed();
    };
    auto date = disaster::parseDate(value("date"));
    if (!date) {
        return date.error();
    }
    auto loss = recovery::parseLoss(value("loss"));
    if (!loss) {
        return loss.error();
    }
    s.surveyedOn = *date;
    s.surveyor = value("surveyor");
    s.lossPercent = *loss;
    s.round = c.parser->isSet(QStringLiteral("second")) ? 2 : 1;
    s.notes = value("notes");
    s.requestReason = value("reason");
    s.photoFiles = value("photos").split(u',', Qt::SkipEmptyParts);
    return s;
}

// disaster survey add|list|resurvey; disaster certificate apply|decide|issue|list
int disasterRecovery(const Context& c, const Database& database, const Session& session,
                     const QString& use)
{
    recovery::RecoveryService service(database);
    const QString sub = c.words[1];
    const QString what = c.words.size() >= 3 ? c.words[2] : QString();
    const bool json = c.parser->isSet(QStringLiteral("json"));
    auto value = [&](const char* name) {
        return c.parser->value(QLatin1String(name)).trimmed();
    };
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    auto print = [](const QJsonObject& o) {
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    };
    qint64 disasterId = 0;
    if (c.parser->isSet(QStringLiteral("disaster"))) {
        disasterId = value("disaster").toLongLong();
        if (disasterId <= 0) {
            return usage(use);
        }
    }
    const qint64 id = c.words.size() == 4 ? c.words[3].toLongLong() : 0;

    if (sub == QStringLiteral("survey") && what == QStringLiteral("add") && c.words.size() == 3) {
        auto input = surveyInput(c);
        if (!input) {
            return failed(input.error());
        }
        recovery::Building b;
        b.disasterId = disasterId;
        b.address = value("address");
        b.owner = value("owner");
        b.residential = !c.parser->isSet(QStringLiteral("non-residential"));
        // Residents: ledger person ids or names, comma-separated.
        for (const QString& r : value("residents").split(u',', Qt::SkipEmptyParts)) {
            bool isId = false;
            const qint64 personId = r.trimmed().toLongLong(&isId);
            b.residents << (isId ? recovery::Occupant{personId, {}}
                                 : recovery::Occupant{0, r.trimmed()});
        }
        auto added = service.addBuilding(b, *input, session);
        if (!added) {
            return refused(added.error());
        }
        print(surveyBuildingJson(*added));
        return Ok;
    }
    if (sub == QStringLiteral("survey") && what == QStringLiteral("resurvey") && id > 0) {
        auto input = surveyInput(c);
        if (!input) {
            return failed(input.error());
        }
        auto b = service.resurvey(id, *input, session);
        if (!b) {
            return refused(b.error());
        }
        print(surveyBuildingJson(*b));
        return Ok;
    }
    if (sub == QStringLiteral("survey") && what == QStringLiteral("list") && c.words.size() == 3) {
        auto list = service.buildings(disasterId);
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::Building& b : *list) {
            const recovery::Survey* s = b.latest();
            if (json) {
                rows.append(surveyBuildingJson(b));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4%\t%5\t%6")
                        .arg(b.id)
                        .arg(b.address, b.owner)
                        .arg(s->lossPercent)
                        .arg(b.residential ? recovery::gradeName(s->grade)
                                           : QCoreApplication::translate("Cli", "non-residential"))
                        .arg(QCoreApplication::translate("Cli", "%n survey(s)", nullptr,
                                                         int(b.surveys.size()))));
            }
        }
        if (json) {
            out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        }
        return Ok;
    }
    if (sub == QStringLiteral("certificate") && what == QStringLiteral("apply") &&
        c.words.size() == 3) {
        const qint64 building = value("building").toLongLong();
        if (building <= 0) {
            return usage(use);
        }
        auto x =
            service.apply(building, value("applicant"), c.parser->isSet(QStringLiteral("proxy")),
                          c.parser->isSet(QStringLiteral("power-of-attorney")), session);
        if (!x) {
            return refused(x.error());
        }
        print(damageCertificateJson(*x));
        return Ok;
    }
    if (sub == QStringLiteral("certificate") && what == QStringLiteral("decide") && id > 0) {
        auto x = service.decide(id, session);
        if (!x) {
            return refused(x.error());
        }
        print(damageCertificateJson(*x));
        return Ok;
    }
    if (sub == QStringLiteral("certificate") && what == QStringLiteral("issue") && id > 0) {
        if (value("out").isEmpty()) {
            return usage(use);
        }
        auto x = service.issue(id, value("out"), session);
        if (!x) {
            return refused(x.error());
        }
        print(damageCertificateJson(*x));
        return Ok;
    }
    if (sub == QStringLiteral("certificate") && what == QStringLiteral("list") &&
        c.words.size() == 3) {
        auto list = service.certificates(disasterId);
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::Certificate& x : *list) {
            if (json) {
                rows.append(damageCertificateJson(x));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                        .arg(x.id)
                        .arg(x.buildingId)
                        .arg(x.kind == QStringLiteral("risai") ? QStringLiteral("罹災証明書")
                                                               : QStringLiteral("被災証明書"),
                             x.applicant, x.state, x.number));
            }
        }
        if (json) {
            out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
        }
        return Ok;
    }
    return usage(use);
}

// disaster payment apply --household-key H --part basic|additional --grade G [--rebuild W]
// --members N | disaster payment review|pay ID | disaster payment reject ID --reason R |
// disaster payment list [--state S] [--json] | disaster payment amounts [--json] |
// disaster payment amount KEY --yen N | disaster payment due [--within-days N] [--json]
QJsonObject paymentJson(const recovery::Payment& p)
{
    return {{QStringLiteral("id"), p.id},
            {QStringLiteral("disaster"), p.disasterId},
            {QStringLiteral("household"), p.household},
            {QStringLiteral("part"), p.part},
            {QStringLiteral("grade"), p.grade},
            {QStringLiteral("grade_name"), recovery::gradeDisplay(p.grade)},
            {QStringLiteral("rebuild"), p.rebuild},
            {QStringLiteral("members"), p.members},
            {QStringLiteral("amount"), p.amount},
            {QStringLiteral("state"), p.state},
            {QStringLiteral("state_name"), recovery::paymentStateDisplay(p.state)},
            {QStringLiteral("applied_on"), p.appliedOn.toString(Qt::ISODate)},
            {QStringLiteral("deadline"), p.deadline.toString(Qt::ISODate)},
            {QStringLiteral("reason"), p.reason}};
}

int disasterPayment(const Context& c, const Database& database, const Session& session,
                    const QString& use)
{
    if (c.words.size() < 3) {
        return usage(use);
    }
    const QString what = c.words[2];
    const bool json = c.parser->isSet(QStringLiteral("json"));
    auto value = [&](const char* name) {
        return c.parser->value(QLatin1String(name)).trimmed();
    };
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    auto print = [](const QJsonValue& v) {
        out(QString::fromUtf8(v.isArray()
                                  ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)));
    };
    qint64 disasterId = 0;
    if (c.parser->isSet(QStringLiteral("disaster"))) {
        disasterId = value("disaster").toLongLong();
        if (disasterId <= 0) {
            return usage(use);
        }
    }
    recovery::SupportPayments payments(database);
    bool idOk = false;
    const qint64 id = c.words.size() == 4 ? c.words[3].toLongLong(&idOk) : 0;

    if (what == QStringLiteral("apply") && c.words.size() == 3) {
        bool membersOk = false;
        recovery::Payment p;
        p.disasterId = disasterId;
        p.household = value("household-key");
        p.part = value("part");
        p.grade = value("grade");
        p.rebuild = value("rebuild");
        p.members = value("members").toInt(&membersOk);
        if (p.household.isEmpty() || p.part.isEmpty() || p.grade.isEmpty() || !membersOk) {
            return usage(use);
        }
        auto r = payments.apply(p, session);
        if (!r) {
            return refused(r.error());
        }
        print(paymentJson(*r));
        return Ok;
    }
    if ((what == QStringLiteral("review") || what == QStringLiteral("pay") ||
         what == QStringLiteral("reject")) &&
        idOk) {
        const QString to = what == QStringLiteral("review") ? QStringLiteral("review")
                           : what == QStringLiteral("pay")  ? QStringLiteral("paid")
                                                            : QStringLiteral("rejected");
        auto r = payments.advance(id, to, session, value("reason"));
        if (!r) {
            return refused(r.error());
        }
        print(paymentJson(*r));
        return Ok;
    }
    if (what == QStringLiteral("list") && c.words.size() == 3) {
        auto list = payments.payments(disasterId, value("state"));
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::Payment& p : *list) {
            if (json) {
                rows.append(paymentJson(p));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                        .arg(p.id)
                        .arg(p.household, p.part, recovery::gradeDisplay(p.grade))
                        .arg(p.amount)
                        .arg(recovery::paymentStateDisplay(p.state)));
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    if (what == QStringLiteral("amounts") && c.words.size() == 3) {
        auto table = payments.amounts();
        if (!table) {
            return failed(table.error());
        }
        QJsonObject o;
        for (auto it = table->cbegin(); it != table->cend(); ++it) {
            if (json) {
                o.insert(it.key(), it.value());
            } else {
                out(QStringLiteral("%1\t%2").arg(it.key()).arg(it.value()));
            }
        }
        if (json) {
            print(o);
        }
        return Ok;
    }
    if (what == QStringLiteral("amount") && c.words.size() == 4) {
        bool ok = false;
        const qint64 yen = value("yen").toLongLong(&ok);
        if (!ok) {
            return usage(use);
        }
        if (Status st = payments.setAmount(c.words[3], yen, session); !st) {
            return refused(st.error());
        }
        return Ok;
    }
    if (what == QStringLiteral("due") && c.words.size() == 3) {
        int days = 30;
        if (c.parser->isSet(QStringLiteral("within-days"))) {
            bool ok = false;
            days = value("within-days").toInt(&ok);
            if (!ok || days < 0) {
                return usage(use);
            }
        }
        auto due = payments.dueSoon(days, disasterId);
        if (!due) {
            return failed(due.error());
        }
        QJsonArray rows;
        for (const recovery::DueItem& d : *due) {
            if (json) {
                rows.append(
                    QJsonObject{{QStringLiteral("household"), d.household},
                                {QStringLiteral("part"), d.part},
                                {QStringLiteral("deadline"), d.deadline.toString(Qt::ISODate)},
                                {QStringLiteral("days_left"), d.daysLeft}});
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4")
                        .arg(d.household, d.part, d.deadline.toString(Qt::ISODate))
                        .arg(d.daysLeft));
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    return usage(use);
}

QJsonObject unitJson(const recovery::HousingUnit& u)
{
    return {{QStringLiteral("id"), u.id},
            {QStringLiteral("disaster"), u.disasterId},
            {QStringLiteral("site"), u.site},
            {QStringLiteral("type"), u.type},
            {QStringLiteral("size"), u.size},
            {QStringLiteral("accessible"), u.accessible},
            {QStringLiteral("occupied_by"), u.occupiedBy}};
}

QJsonObject housingJson(const recovery::HousingApplication& a)
{
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("disaster"), a.disasterId},
            {QStringLiteral("household"), a.household},
            {QStringLiteral("members"), a.members},
            {QStringLiteral("needs"), QJsonArray::fromStringList(a.needs)},
            {QStringLiteral("priority"), a.priority()},
            {QStringLiteral("state"), a.state},
            {QStringLiteral("unit"), a.unitId},
            {QStringLiteral("moved_in_on"), a.movedInOn.toString(Qt::ISODate)},
            {QStringLiteral("moved_out_on"), a.movedOutOn.toString(Qt::ISODate)}};
}

QJsonObject itemJson(const recovery::SupplyItem& i)
{
    return {{QStringLiteral("id"), i.id},
            {QStringLiteral("name"), i.name},
            {QStringLiteral("unit"), i.unit},
            {QStringLiteral("low_stock"), i.lowStock},
            {QStringLiteral("total"), i.total}};
}

QJsonObject requestJson(const recovery::SupplyRequest& r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("shelter"), r.shelterId},
            {QStringLiteral("item"), r.itemId},
            {QStringLiteral("quantity"), r.quantity},
            {QStringLiteral("priority"), r.priority},
            {QStringLiteral("state"), r.state},
            {QStringLiteral("from"), r.fromLocation}};
}

// disaster housing …: units, applications, assignment, moves (see the usage text).
int disasterHousing(const Context& c, const Database& database, const Session& session,
                    const QString& use)
{
    if (c.words.size() < 3) {
        return usage(use);
    }
    const QString what = c.words[2];
    const bool json = c.parser->isSet(QStringLiteral("json"));
    auto value = [&](const char* name) {
        return c.parser->value(QLatin1String(name)).trimmed();
    };
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    auto print = [](const QJsonValue& v) {
        out(QString::fromUtf8(v.isArray()
                                  ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)));
    };
    recovery::TemporaryHousing housing(database);
    bool idOk = false;
    const qint64 id = c.words.size() == 4 ? c.words[3].toLongLong(&idOk) : 0;
    auto done = [&](const Result<recovery::HousingApplication>& r) {
        if (!r) {
            return refused(r.error());
        }
        print(housingJson(*r));
        return int(Ok);
    };
    if (what == QStringLiteral("unit") && c.words.size() == 4 &&
        c.words[3] == QStringLiteral("add")) {
        recovery::HousingUnit u;
        u.site = value("site");
        if (!value("type").isEmpty()) {
            u.type = value("type");
        }
        u.size = value("size");
        u.accessible = c.parser->isSet(QStringLiteral("accessible"));
        if (u.site.isEmpty()) {
            return usage(use);
        }
        auto r = housing.addUnit(u, session);
        if (!r) {
            return refused(r.error());
        }
        print(unitJson(*r));
        return Ok;
    }
    if (what == QStringLiteral("units") && c.words.size() == 3) {
        auto list = housing.units(0, c.parser->isSet(QStringLiteral("free")));
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::HousingUnit& u : *list) {
            if (json) {
                rows.append(unitJson(u));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4\t%5")
                        .arg(u.id)
                        .arg(u.site, u.type, u.size)
                        .arg(u.occupiedBy));
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    if (what == QStringLiteral("apply") && c.words.size() == 3) {
        bool ok = false;
        recovery::HousingApplication a;
        a.household = value("household-key");
        a.members = value("members").toInt(&ok);
        if (a.household.isEmpty() || !ok) {
            return usage(use);
        }
        return done(housing.apply(a, session));
    }
    if (what == QStringLiteral("waiting") && c.words.size() == 3) {
        auto list = housing.waiting();
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::HousingApplication& a : *list) {
            if (json) {
                rows.append(housingJson(a));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4")
                        .arg(a.id)
                        .arg(a.household)
                        .arg(a.members)
                        .arg(a.needs.join(u',')));
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    const qint64 unit = value("unit").toLongLong();
    if (what == QStringLiteral("assign") && idOk && unit > 0) {
        return done(housing.assign(id, unit, session));
    }
    if (what == QStringLiteral("assign-next") && c.words.size() == 3 && unit > 0) {
        return done(housing.assignNext(unit, session));
    }
    if ((what == QStringLiteral("move-in") || what == QStringLiteral("move-out")) && idOk) {
        auto date = disaster::parseDate(value("date"));
        if (!date) {
            return failed(date.error());
        }
        if (!date->isValid()) {
            return usage(use);
        }
        return done(what == QStringLiteral("move-in") ? housing.moveIn(id, *date, session)
                                                      : housing.moveOut(id, *date, session));
    }
    if (what == QStringLiteral("withdraw") && idOk) {
        return done(housing.withdraw(id, session));
    }
    return usage(use);
}

// disaster supplies …: items, stock, requests, distribution, warnings (see the usage text).
int disasterSupplies(const Context& c, const Database& database, const Session& session,
                     const QString& use)
{
    if (c.words.size() < 3) {
        return usage(use);
    }
    const QString what = c.words[2];
    const bool json = c.parser->isSet(QStringLiteral("json"));
    auto value = [&](const char* name) {
        return c.parser->value(QLatin1String(name)).trimmed();
    };
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    auto print = [](const QJsonValue& v) {
        out(QString::fromUtf8(v.isArray()
                                  ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)));
    };
    recovery::ReliefSupplies supplies(database);
    bool idOk = false;
    const qint64 id = c.words.size() == 4 ? c.words[3].toLongLong(&idOk) : 0;
    auto done = [&](const Result<recovery::SupplyRequest>& r) {
        if (!r) {
            return refused(r.error());
        }
        print(requestJson(*r));
        return int(Ok);
    };
    bool quantityOk = false;
    const qint64 quantity = value("quantity").toLongLong(&quantityOk);
    if (what == QStringLiteral("item") && c.words.size() == 4 &&
        c.words[3] == QStringLiteral("add")) {
        recovery::SupplyItem i;
        i.name = value("name");
        if (!value("measure").isEmpty()) {
            i.unit = value("measure");
        }
        if (c.parser->isSet(QStringLiteral("low-stock"))) {
            bool ok = false;
            i.lowStock = value("low-stock").toLongLong(&ok);
            if (!ok) {
                return usage(use);
            }
        }
        if (i.name.isEmpty()) {
            return usage(use);
        }
        auto r = supplies.addItem(i, session);
        if (!r) {
            return refused(r.error());
        }
        print(itemJson(*r));
        return Ok;
    }
    if (what == QStringLiteral("items") && c.words.size() == 3) {
        auto list = supplies.items();
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::SupplyItem& i : *list) {
            if (json) {
                rows.append(itemJson(i));
            } else {
                out(QStringLiteral("%1\t%2\t%3 %4").arg(i.id).arg(i.name).arg(i.total).arg(i.unit));
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    if (what == QStringLiteral("receive") && idOk) {
        if (!quantityOk) {
            return usage(use);
        }
        auto expiry = disaster::parseDate(value("expiry"));
        if (!expiry) {
            return failed(expiry.error());
        }
        auto r = supplies.receive(id, value("location"), quantity, *expiry, session);
        if (!r) {
            return refused(r.error());
        }
        out(QCoreApplication::translate("Cli", "%1 now at %2")
                .arg(*supplies.available(id, r->location))
                .arg(r->location));
        return Ok;
    }
    if (what == QStringLiteral("request") && c.words.size() == 3) {
        const qint64 shelter = value("shelter").toLongLong();
        const qint64 item = value("item").toLongLong();
        int priority = 2;
        if (c.parser->isSet(QStringLiteral("priority"))) {
            bool ok = false;
            priority = value("priority").toInt(&ok);
            if (!ok) {
                return usage(use);
            }
        }
        if (shelter <= 0 || item <= 0 || !quantityOk) {
            return usage(use);
        }
        return done(supplies.request(shelter, item, quantity, priority, session));
    }
    if (what == QStringLiteral("requests") && c.words.size() == 3) {
        auto list = supplies.openRequests();
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::SupplyRequest& r : *list) {
            if (json) {
                rows.append(requestJson(r));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                        .arg(r.id)
                        .arg(r.priority)
                        .arg(r.shelterId)
                        .arg(r.itemId)
                        .arg(r.quantity)
                        .arg(r.state));
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    if (what == QStringLiteral("commit") && idOk) {
        return done(supplies.commit(id, value("location"), session));
    }
    if (what == QStringLiteral("send") && idOk) {
        return done(supplies.send(id, session));
    }
    if (what == QStringLiteral("received") && idOk) {
        return done(supplies.receiveRequest(id, session));
    }
    if (what == QStringLiteral("warnings") && c.words.size() == 3) {
        int days = 30;
        if (c.parser->isSet(QStringLiteral("within-days"))) {
            bool ok = false;
            days = value("within-days").toInt(&ok);
            if (!ok || days < 0) {
                return usage(use);
            }
        }
        auto list = supplies.warnings(days);
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const recovery::SupplyWarning& w : *list) {
            if (json) {
                rows.append(QJsonObject{{QStringLiteral("kind"), w.kind},
                                        {QStringLiteral("item"), w.itemId},
                                        {QStringLiteral("location"), w.location},
                                        {QStringLiteral("quantity"), w.quantity},
                                        {QStringLiteral("expiry"), w.expiry.toString(Qt::ISODate)},
                                        {QStringLiteral("message"), w.message}});
            } else {
                out(w.message);
            }
        }
        if (json) {
            print(rows);
        }
        return Ok;
    }
    return usage(use);
}

int cmdDisaster(const Context& c)
{
    const QString use = QCoreApplication::translate(
        "Cli",
        "use: disaster open --name N --type T --date YYYY-MM-DD [--areas CODES] | disaster "
        "close ID | disaster list [--json] | disaster shelter add --name N --capacity C "
        "[--address A] [--kind K] | disaster shelter open|close ID | disaster shelter "
        "capacity ID --capacity C | disaster shelters [--json] | disaster register "
        "--family F --given G --family-kana K --given-kana K --birth YYYY-MM-DD --sex "
        "male|female [--shelter ID] [--status S] [--needs a,b] | disaster register "
        "--resident CODE [--shelter ID] | disaster checkin ID --shelter S | disaster "
        "checkout ID | disaster transfer ID --shelter S | disaster status ID --to S | "
        "disaster search TEXT [--json] | disaster export [--staff] | disaster duplicates "
        "[--json] | disaster merge --keep A --drop B | disaster unmerge ID | disaster pfif "
        "import FILE.xml [--disaster ID] [--json] | disaster pfif export --out FILE.xml "
        "[--disaster ID] | disaster extract --out FILE --passphrase-file F [--disaster ID] | "
        "disaster extract import FILE --passphrase-file F | disaster grade PERCENT | "
        "disaster survey add --address A --owner O [--residents ID|NAME,...] --date "
        "YYYY-MM-DD --surveyor S --loss PERCENT [--second] [--notes N] [--photos F,...] "
        "[--non-residential] [--disaster ID] | disaster survey resurvey BUILDING --date D "
        "--surveyor S --loss PERCENT [--second] [--reason R] [--photos F,...] | disaster "
        "survey list [--json] | disaster certificate apply --building ID --applicant NAME "
        "[--proxy --power-of-attorney] | disaster certificate decide|issue ID [--out F.pdf] | "
        "disaster certificate list [--json] | disaster payment apply "
        "--household-key H --part basic|additional --grade G [--rebuild build|repair|rent] "
        "--members N | disaster payment review|pay ID | disaster payment reject ID --reason R | "
        "disaster payment list [--state S] [--json] | disaster payment amounts [--json] | "
        "disaster payment amount KEY --yen N | disaster payment due [--within-days N] [--json] | "
        "disaster housing unit add --site S [--type prefab|wooden|leased] [--size Z] "
        "[--accessible] | disaster housing units [--free] [--json] | disaster housing apply "
        "--household-key H --members N | disaster housing waiting [--json] | disaster housing "
        "assign APP --unit U | disaster housing assign-next --unit U | disaster housing "
        "move-in|move-out APP --date YYYY-MM-DD | disaster housing withdraw APP | disaster "
        "supplies item add --name N [--measure M] [--low-stock N] | disaster supplies items "
        "[--json] | disaster supplies receive ITEM --location L --quantity N [--expiry "
        "YYYY-MM-DD] | disaster supplies request --shelter S --item I --quantity N [--priority "
        "1-3] | disaster supplies requests [--json] | disaster supplies commit REQ --location L "
        "| disaster supplies send|received REQ | disaster supplies warnings [--within-days N] "
        "[--json]");
    if (c.words.size() < 2) {
        return usage(use);
    }
    const QString sub = c.words[1];
    if (sub == QStringLiteral("grade")) {
        return disasterGrade(c);
    }
    const QStringList known = {
        QStringLiteral("open"),        QStringLiteral("close"),    QStringLiteral("list"),
        QStringLiteral("shelter"),     QStringLiteral("shelters"), QStringLiteral("register"),
        QStringLiteral("checkin"),     QStringLiteral("checkout"), QStringLiteral("transfer"),
        QStringLiteral("status"),      QStringLiteral("search"),   QStringLiteral("export"),
        QStringLiteral("duplicates"),  QStringLiteral("merge"),    QStringLiteral("unmerge"),
        QStringLiteral("pfif"),        QStringLiteral("extract"),  QStringLiteral("survey"),
        QStringLiteral("certificate"), QStringLiteral("payment"),  QStringLiteral("housing"),
        QStringLiteral("supplies")};
    if (!known.contains(sub)) {
        return usage(use);
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    disaster::DisasterService service(database);
    const bool json = c.parser->isSet(QStringLiteral("json"));
    auto value = [&](const char* name) {
        return c.parser->value(QLatin1String(name)).trimmed();
    };
    auto refused = [&](const Error& e) {
        return e.code == QStringLiteral("auth.denied") ? denied(e) : failed(e);
    };
    auto printJson = [](const QJsonValue& v) {
        out(QString::fromUtf8(v.isArray()
                                  ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact)));
    };
    // A positive number from a word or an option; 0 when it is not one.
    auto number = [](const QString& text) {
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        return ok && n > 0 ? n : qint64(0);
    };
    const qint64 idWord = c.words.size() >= 3 ? number(c.words[2]) : 0;

    if (sub == QStringLiteral("open") && c.words.size() == 2) {
        auto date = disaster::parseDate(value("date"));
        if (!date) {
            return failed(date.error());
        }
        if (value("name").isEmpty() || value("type").isEmpty() || !date->isValid()) {
            return usage(use);
        }
        auto x = service.openDisaster(value("name"), value("type"), *date,
                                      value("areas").split(u',', Qt::SkipEmptyParts), session);
        if (!x) {
            return refused(x.error());
        }
        printJson(disasterJson(*x));
        return Ok;
    }
    if (sub == QStringLiteral("close") && c.words.size() == 3 && idWord != 0) {
        auto x = service.closeDisaster(idWord, session);
        if (!x) {
            return refused(x.error());
        }
        printJson(disasterJson(*x));
        return Ok;
    }
    if (sub == QStringLiteral("list") && c.words.size() == 2) {
        auto list = service.disasters();
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const disaster::Disaster& x : *list) {
            if (json) {
                rows.append(disasterJson(x));
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4\t%5")
                        .arg(x.id)
                        .arg(x.occurredOn.toString(Qt::ISODate), x.type, x.name,
                             x.isOpen() ? QCoreApplication::translate("Cli", "open")
                                        : QCoreApplication::translate("Cli", "closed")));
            }
        }
        if (json) {
            printJson(rows);
        }
        return Ok;
    }
    if (sub == QStringLiteral("shelter") && c.words.size() >= 3) {
        const QString what = c.words[2];
        const qint64 shelterId = c.words.size() == 4 ? number(c.words[3]) : 0;
        const qint64 capacity = number(value("capacity"));
        Result<disaster::Shelter> s = Error();
        if (what == QStringLiteral("add") && c.words.size() == 3) {
            if (value("name").isEmpty() || !c.parser->isSet(QStringLiteral("capacity"))) {
                return usage(use);
            }
            disaster::Shelter n;
            n.name = value("name");
            n.address = value("address");
            n.capacity = int(capacity);
            if (!value("kind").isEmpty()) {
                n.kind = value("kind");
            }
            s = service.addShelter(n, session);
        } else if ((what == QStringLiteral("open") || what == QStringLiteral("close")) &&
                   shelterId != 0) {
            s = service.setShelterOpen(shelterId, what == QStringLiteral("open"), session);
        } else if (what == QStringLiteral("capacity") && shelterId != 0 &&
                   c.parser->isSet(QStringLiteral("capacity"))) {
            auto old = service.shelter(shelterId);
            if (!old) {
                return failed(old.error());
            }
            disaster::Shelter n = *old;
            n.capacity = int(capacity);
            s = service.updateShelter(n, session);
        } else {
            return usage(use);
        }
        if (!s) {
            return refused(s.error());
        }
        printJson(shelterJson(*s));
        return Ok;
    }
    if (sub == QStringLiteral("shelters") && c.words.size() == 2) {
        auto list = service.shelters();
        if (!list) {
            return failed(list.error());
        }
        QJsonArray rows;
        for (const disaster::Shelter& s : *list) {
            if (json) {
                rows.append(shelterJson(s));
            } else {
                out(QStringLiteral("%1\t%2\t%3/%4\t%5")
                        .arg(s.id)
                        .arg(s.name)
                        .arg(s.occupancy)
                        .arg(s.capacity)
                        .arg(s.open ? QCoreApplication::translate("Cli", "open")
                                    : QCoreApplication::translate("Cli", "closed")));
            }
        }
        if (json) {
            printJson(rows);
        }
        return Ok;
    }
    if (sub == QStringLiteral("register") && c.words.size() == 2) {
        const qint64 shelterId = number(value("shelter"));
        if (c.parser->isSet(QStringLiteral("shelter")) && shelterId == 0) {
            return usage(use);
        }
        Result<disaster::Person> p = Error();
        if (!value("resident").isEmpty()) {
            p = service.registerResident(value("resident"), session, shelterId);
        } else {
            auto birth = disaster::parseDate(value("birth"));
            if (!birth) {
                return failed(birth.error());
            }
            disaster::Person n;
            n.familyName = value("family");
            n.givenName = value("given");
            n.familyKana = value("family-kana");
            n.givenKana = value("given-kana");
            n.birthDate = *birth;
            n.sex = value("sex");
            n.phone = value("phone");
            n.whereabouts = value("whereabouts");
            n.registeredAddress = value("address");
            if (!value("status").isEmpty()) {
                n.safety = value("status");
            }
            n.needs = value("needs").split(u',', Qt::SkipEmptyParts);
            p = service.registerPerson(n, session, shelterId);
        }
        if (!p) {
            return refused(p.error());
        }
        printJson(disaster::DisasterService::toJson(*p));
        return Ok;
    }
    if ((sub == QStringLiteral("checkin") || sub == QStringLiteral("transfer")) &&
        c.words.size() == 3 && idWord != 0) {
        const qint64 shelterId = number(value("shelter"));
        if (shelterId == 0) {
            return usage(use);
        }
        auto s = sub == QStringLiteral("checkin") ? service.checkIn(idWord, shelterId, session)
                                                  : service.transfer(idWord, shelterId, session);
        if (!s) {
            return refused(s.error());
        }
        printJson(stayJson(*s));
        return Ok;
    }
    if (sub == QStringLiteral("checkout") && c.words.size() == 3 && idWord != 0) {
        auto s = service.checkOut(idWord, session);
        if (!s) {
            return refused(s.error());
        }
        printJson(stayJson(*s));
        return Ok;
    }
    if (sub == QStringLiteral("status") && c.words.size() == 3 && idWord != 0) {
        const QString to = value("to");
        if (!disaster::safetyStatuses().contains(to)) {
            return usage(use + u'\n' + disaster::safetyStatuses().join(QStringLiteral(", ")));
        }
        auto p = service.setSafety(idWord, to, session);
        if (!p) {
            return refused(p.error());
        }
        printJson(disaster::DisasterService::toJson(*p));
        return Ok;
    }
    if (sub == QStringLiteral("search") && c.words.size() == 3) {
        auto found = service.searchForEnquiry(c.words[2], session);
        if (!found) {
            return refused(found.error());
        }
        QJsonArray rows;
        for (const disaster::Person& p : *found) {
            // An enquiry answers with the name, the safety status and the shelter only.
            rows.append(QJsonObject{{QStringLiteral("id"), p.id},
                                    {QStringLiteral("name"), p.fullName()},
                                    {QStringLiteral("kana"), p.fullKana()},
                                    {QStringLiteral("safety"), p.safety},
                                    {QStringLiteral("shelter"), p.shelterId}});
            if (!json) {
                out(QStringLiteral("%1\t%2\t%3\t%4")
                        .arg(p.id)
                        .arg(p.fullName(), p.fullKana(), disaster::safetyDisplay(p.safety)));
            }
        }
        if (json) {
            printJson(rows);
        }
        return Ok;
    }
    if (sub == QStringLiteral("export") && c.words.size() == 2) {
        auto rows = service.exportRecords(c.parser->isSet(QStringLiteral("staff"))
                                              ? disaster::Audience::Staff
                                              : disaster::Audience::Outward,
                                          session);
        if (!rows) {
            return refused(rows.error());
        }
        printJson(*rows);
        return Ok;
    }
    if (sub == QStringLiteral("duplicates") && c.words.size() == 2) {
        auto pairs = service.duplicateCandidates();
        if (!pairs) {
            return failed(pairs.error());
        }
        QJsonArray rows;
        for (const disaster::DuplicatePair& p : *pairs) {
            if (json) {
                rows.append(QJsonObject{
                    {QStringLiteral("a"), p.a.id},
                    {QStringLiteral("b"), p.b.id},
                    {QStringLiteral("score"), p.score},
                    {QStringLiteral("reasons"), QJsonArray::fromStringList(p.reasons)}});
            } else {
                out(QStringLiteral("%1\t%2\t%3\t%4 / %5\t%6")
                        .arg(p.a.id)
                        .arg(p.b.id)
                        .arg(p.score)
                        .arg(p.a.fullName(), p.b.fullName(), p.reasons.join(u',')));
            }
        }
        if (json) {
            printJson(rows);
        }
        return Ok;
    }
    if (sub == QStringLiteral("merge") && c.words.size() == 2) {
        const qint64 keep = number(value("keep"));
        const qint64 drop = number(value("drop"));
        if (keep == 0 || drop == 0) {
            return usage(use);
        }
        auto p = service.merge(keep, drop, session);
        if (!p) {
            return refused(p.error());
        }
        printJson(disaster::DisasterService::toJson(*p));
        return Ok;
    }
    if (sub == QStringLiteral("pfif") && c.words.size() >= 3) {
        return disasterPfif(c, database, session, use);
    }
    if (sub == QStringLiteral("extract")) {
        return disasterExtract(c, database, session, use);
    }
    if (sub == QStringLiteral("payment")) {
        return disasterPayment(c, database, session, use);
    }
    if (sub == QStringLiteral("housing")) {
        return disasterHousing(c, database, session, use);
    }
    if (sub == QStringLiteral("supplies")) {
        return disasterSupplies(c, database, session, use);
    }
    if (sub == QStringLiteral("survey") || sub == QStringLiteral("certificate")) {
        return disasterRecovery(c, database, session, use);
    }
    if (sub == QStringLiteral("unmerge") && c.words.size() == 3 && idWord != 0) {
        auto p = service.unmerge(idWord, session);
        if (!p) {
            return refused(p.error());
        }
        printJson(disaster::DisasterService::toJson(*p));
        return Ok;
    }
    return usage(use);
}

// ---- training: course packages (docs/course-package.md) -----------------------------------

bool isCoursePackageCommand(const QStringList& words)
{
    static const QStringList subs = {QStringLiteral("trust"),     QStringLiteral("publishers"),
                                     QStringLiteral("revoke"),    QStringLiteral("pack"),
                                     QStringLiteral("import"),    QStringLiteral("courses"),
                                     QStringLiteral("catalogue"), QStringLiteral("fetch")};
    return words.size() >= 2 && subs.contains(words[1]);
}

int learningRefused(const Error& e)
{
    return e.code.startsWith(QStringLiteral("auth.")) ? denied(e) : failed(e);
}

QJsonObject installedCourseJson(const learning::InstalledCourse& c)
{
    return {{QStringLiteral("id"), c.courseId},
            {QStringLiteral("version"), c.version},
            {QStringLiteral("title"), c.title},
            {QStringLiteral("title_en"), c.titleEn},
            {QStringLiteral("publisher"), c.publisher},
            {QStringLiteral("publisher_key_id"), c.publisherKeyId},
            {QStringLiteral("source"), c.source},
            {QStringLiteral("sha256"), c.sha256},
            {QStringLiteral("lessons"), c.lessonCount},
            {QStringLiteral("pages"), c.pageCount},
            {QStringLiteral("imported_at"), c.importedAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("imported_by"), c.importedBy}};
}

int printImported(const learning::ImportResult& r)
{
    out(QCoreApplication::translate("Cli", "imported %1 version %2 \"%3\": %4 lessons, %5 pages "
                                           "(%6)")
            .arg(r.course.courseId)
            .arg(r.course.version)
            .arg(r.course.title)
            .arg(r.course.lessonCount)
            .arg(r.course.pageCount)
            .arg(r.course.source));
    if (!r.unplayable.isEmpty()) {
        out(QCoreApplication::translate("Cli", "not imported (cannot be played here):"));
        for (const QString& line : r.unplayable) {
            out(QStringLiteral("  ") + line);
        }
    }
    return Ok;
}

int learningPack(const Context& c)
{
    const QString keyFile = c.parser->value(QStringLiteral("key"));
    const QString outFile = c.parser->value(QStringLiteral("out"));
    if (c.words.size() != 3 || keyFile.isEmpty() || outFile.isEmpty()) {
        return usage(QCoreApplication::translate(
            "Cli", "use: learning pack DIR --key PRIVATE.pem --out PACKAGE.mdcourse"));
    }
    QFile key(keyFile);
    if (!key.open(QIODevice::ReadOnly)) {
        return failed(Error(QCoreApplication::translate("Cli", "cannot read %1 (%2)")
                                .arg(keyFile, key.errorString())));
    }
    auto package = learning::packCourse(c.words[2], key.readAll());
    if (!package) {
        return failed(package.error());
    }
    QSaveFile f(outFile);
    if (!f.open(QIODevice::WriteOnly) || f.write(*package) != package->size() || !f.commit()) {
        return failed(Error(QCoreApplication::translate("Cli", "cannot write %1 (%2)")
                                .arg(outFile, f.errorString())));
    }
    out(QCoreApplication::translate("Cli", "wrote %1 (%2 bytes, sha256 %3)")
            .arg(outFile)
            .arg(package->size())
            .arg(QString::fromLatin1(
                QCryptographicHash::hash(*package, QCryptographicHash::Sha256).toHex())));
    return Ok;
}

int cmdLearningPackages(const Context& c)
{
    const QString use = QCoreApplication::translate(
        "Cli", "use: learning trust PUBKEY.pem [--name NAME] | learning publishers | learning "
               "revoke KEYID | learning pack DIR --key KEY --out PKG | learning import PKG "
               "[--allow-unsigned-scorm] | learning courses [--json] | learning catalogue | "
               "learning fetch ID");
    const QString sub = c.words[1];
    if (sub == QStringLiteral("pack")) {
        return learningPack(c);
    }
    const bool oneValue = sub == QStringLiteral("trust") || sub == QStringLiteral("revoke") ||
                          sub == QStringLiteral("import") || sub == QStringLiteral("fetch");
    if (c.words.size() != (oneValue ? 3 : 2)) {
        return usage(use);
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    learning::CoursePackages packages(database);
    if (sub == QStringLiteral("trust")) {
        QFile f(c.words[2]);
        if (!f.open(QIODevice::ReadOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot read %1 (%2)")
                                    .arg(c.words[2], f.errorString())));
        }
        QString name = c.parser->value(QStringLiteral("name"));
        if (name.isEmpty()) {
            name = QFileInfo(c.words[2]).completeBaseName();
        }
        auto p = packages.trust(f.readAll(), name, session);
        if (!p) {
            return learningRefused(p.error());
        }
        out(QCoreApplication::translate("Cli", "trusted publisher \"%1\", key %2")
                .arg(p->name, p->keyId));
        return Ok;
    }
    if (sub == QStringLiteral("revoke")) {
        auto p = packages.revoke(c.words[2], session);
        if (!p) {
            return learningRefused(p.error());
        }
        out(QCoreApplication::translate("Cli", "revoked publisher \"%1\", key %2")
                .arg(p->name, p->keyId));
        return Ok;
    }
    if (sub == QStringLiteral("publishers")) {
        auto list = packages.publishers();
        if (!list) {
            return failed(list.error());
        }
        for (const learning::Publisher& p : std::as_const(*list)) {
            out(QStringLiteral("%1\t%2\t%3")
                    .arg(p.keyId, p.name,
                         p.revoked() ? QCoreApplication::translate("Cli", "revoked %1 by %2")
                                           .arg(p.revokedAt.toString(Qt::ISODate), p.revokedBy)
                                     : QCoreApplication::translate("Cli", "trusted %1 by %2")
                                           .arg(p.trustedAt.toString(Qt::ISODate), p.trustedBy)));
        }
        return Ok;
    }
    if (sub == QStringLiteral("import")) {
        QFile f(c.words[2]);
        if (!f.open(QIODevice::ReadOnly)) {
            return failed(Error(QCoreApplication::translate("Cli", "cannot read %1 (%2)")
                                    .arg(c.words[2], f.errorString())));
        }
        if (f.size() > learning::kMaxPackageBytes) {
            return learningRefused(
                Error(QCoreApplication::translate("Cli",
                                                  "%1 is larger than %2 MiB: it cannot be a course "
                                                  "package, and was not read")
                          .arg(c.words[2])
                          .arg(learning::kMaxPackageBytes / (1024 * 1024)),
                      QStringLiteral("learning.zip")));
        }
        auto r = packages.import(f.readAll(), session, QStringLiteral("package"),
                                 c.parser->isSet(QStringLiteral("allow-unsigned-scorm")));
        if (!r) {
            return learningRefused(r.error());
        }
        return printImported(*r);
    }
    if (sub == QStringLiteral("courses")) {
        auto list = packages.installed();
        if (!list) {
            return failed(list.error());
        }
        if (c.parser->isSet(QStringLiteral("json"))) {
            QJsonArray rows;
            for (const learning::InstalledCourse& k : std::as_const(*list)) {
                rows.append(installedCourseJson(k));
            }
            out(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
            return Ok;
        }
        for (const learning::InstalledCourse& k : std::as_const(*list)) {
            out(QStringLiteral("%1\tv%2\t%3\t%4\t%5")
                    .arg(k.courseId)
                    .arg(k.version)
                    .arg(k.title,
                         QCoreApplication::translate("Cli", "%1 lessons, %2 pages")
                             .arg(k.lessonCount)
                             .arg(k.pageCount),
                         k.source));
        }
        return Ok;
    }
    // catalogue / fetch: central's catalogue, over signed requests.
    auto enrollment = sync::loadEnrollment(database);
    if (!enrollment) {
        return failed(enrollment.error());
    }
    sync::CentralClient client(*enrollment);
    auto catalogue = client.learningCatalogue(*enrollment, session.login());
    if (!catalogue) {
        return failed(catalogue.error());
    }
    if (sub == QStringLiteral("catalogue")) {
        for (const sync::CatalogueEntry& e : std::as_const(*catalogue)) {
            out(QStringLiteral("%1\tv%2\t%3\t%4")
                    .arg(e.courseId)
                    .arg(e.version)
                    .arg(e.title, e.sha256));
        }
        return Ok;
    }
    if (sub == QStringLiteral("fetch")) {
        const sync::CatalogueEntry* newest = nullptr;
        for (const sync::CatalogueEntry& e : std::as_const(*catalogue)) {
            if (e.courseId == c.words[2] && (!newest || e.version > newest->version)) {
                newest = &e;
            }
        }
        if (!newest) {
            return failed(
                Error(QCoreApplication::translate("Cli", "central's catalogue has no course %1")
                          .arg(c.words[2]),
                      QStringLiteral("learning.not_found")));
        }
        auto bytes =
            client.learningPackage(*enrollment, newest->courseId, newest->version, session.login());
        if (!bytes) {
            return failed(bytes.error());
        }
        // Exactly the package the catalogue lists, then the same verification as a package from
        // a file: signature, hashes, trust.
        auto r = packages.importFromCatalogue(*bytes, newest->courseId, newest->version,
                                              newest->sha256, session);
        if (!r) {
            return learningRefused(r.error());
        }
        return printImported(*r);
    }
    return usage(use);
}

// ---- training records ----------------------------------------------------------------------

// operator roles LOGIN ROLE[,ROLE…]: a role that requires a passed course is refused until then.
int operatorRolesCommand(const Context& c)
{
    if (c.words.size() != 4) {
        return usage(QCoreApplication::translate("Cli", "use: operator roles LOGIN ROLE[,ROLE…]"));
    }
    QList<Role> wanted;
    for (const QString& part : c.words[3].split(u',', Qt::SkipEmptyParts)) {
        auto role = roles::fromId(part.trimmed());
        if (!role) {
            return usage(QCoreApplication::translate("Cli", "unknown role \"%1\"").arg(part));
        }
        wanted << *role;
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    auto changed = OperatorService(database).setRoles(c.words[2], wanted, session);
    if (!changed) {
        return learningRefused(changed.error());
    }
    out(QCoreApplication::translate("Cli", "%1 now has the roles %2")
            .arg(changed->login, changed->rolesDisplay()));
    return Ok;
}

QString jstDate(const QDateTime& t)
{
    return t.isValid() ? t.toTimeZone(QTimeZone(9 * 3600)).date().toString(Qt::ISODate) : QString();
}

int learningStatus(const Context& c, const Database& database, const Session& session)
{
    learning::LearningService service(database);
    auto list = service.enrolments(session.login());
    if (!list) {
        return learningRefused(list.error());
    }
    QJsonArray rows;
    for (const learning::Enrolment& e : std::as_const(*list)) {
        auto progress = service.progress(e.id);
        auto tries = service.attempts(e.id);
        auto course = service.course(e.courseId, e.courseVersion);
        if (!progress || !tries || !course) {
            return failed(!progress ? progress.error() : (!tries ? tries.error() : course.error()));
        }
        int viewed = 0;
        QJsonArray lessons;
        for (const learning::LessonProgress& p : std::as_const(*progress)) {
            viewed += p.completed ? 1 : 0;
            lessons.append(QJsonObject{{QStringLiteral("lesson"), p.lessonId},
                                       {QStringLiteral("pages_viewed"), int(p.pagesViewed.size())},
                                       {QStringLiteral("pages"), p.pageCount},
                                       {QStringLiteral("resume_page"), p.lastPage},
                                       {QStringLiteral("seconds"), p.seconds},
                                       {QStringLiteral("completed"), p.completed}});
        }
        int best = -1;
        for (const learning::Attempt& a : std::as_const(*tries)) {
            best = std::max(best, a.maxScore > 0 ? a.score * 100 / a.maxScore : 100);
        }
        const QJsonObject row{{QStringLiteral("course"), e.courseId},
                              {QStringLiteral("title"), course->title},
                              {QStringLiteral("version"), e.courseVersion},
                              {QStringLiteral("lessons"), lessons},
                              {QStringLiteral("attempts"), int(tries->size())},
                              {QStringLiteral("max_attempts"), course->quiz.maxAttempts},
                              {QStringLiteral("best_score"), best},
                              {QStringLiteral("completed"), jstDate(e.completedAt)},
                              {QStringLiteral("certificate"), e.certificateNumber}};
        rows.append(row);
        if (!c.parser->isSet(QStringLiteral("json"))) {
            out(QStringList{
                e.courseId, course->title,
                QCoreApplication::translate("Cli", "lessons %1/%2")
                    .arg(viewed)
                    .arg(progress->size()),
                QCoreApplication::translate("Cli", "attempts %1").arg(tries->size()),
                QCoreApplication::translate("Cli", "best score %1")
                    .arg(best >= 0 ? QStringLiteral("%1%").arg(best) : QStringLiteral("-")),
                e.completedAt.isValid()
                    ? QCoreApplication::translate("Cli", "completed %1, certificate %2")
                          .arg(jstDate(e.completedAt), e.certificateNumber)
                    : QCoreApplication::translate("Cli", "in progress")}
                    .join(u'\t'));
        }
    }
    if (c.parser->isSet(QStringLiteral("json"))) {
        out(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("login"), session.login()},
                                                        {QStringLiteral("courses"), rows}})
                                  .toJson(QJsonDocument::Indented))
                .trimmed());
    } else if (rows.isEmpty()) {
        out(QCoreApplication::translate("Cli", "%1 is enrolled on no course").arg(session.login()));
    }
    return Ok;
}

// Checks a certificate number here and, when this workstation is enrolled, at central.
int learningVerify(const Context& c, const QString& input)
{
    const QString number = input.trimmed().toUpper();
    if (!learning::LearningService::isValidCertificateNumber(number)) {
        err(QCoreApplication::translate("Cli", "%1 is not a certificate number (LC-ISSUER-YEAR-"
                                               "NNNNNN-C, with a check character that fits)")
                .arg(input));
        return Failed;
    }
    auto db = openDatabase(c);
    if (!db) {
        return failed(db.error());
    }
    auto local = learning::LearningService(*db).certificate(number);
    if (!local) {
        return failed(local.error());
    }
    bool known = false;
    if (local->has_value()) {
        const learning::CertificateRecord& r = **local;
        out(QCoreApplication::translate("Cli", "%1: %2 completed %3 on %4 (recorded here)")
                .arg(r.number, r.displayName, r.courseTitle, jstDate(r.completedAt)));
        known = true;
    }
    auto enrollment = sync::loadEnrollment(*db);
    if (enrollment) {
        sync::CentralClient client(*enrollment, 5000);
        auto answer =
            client.exchange("GET", QStringLiteral("/v1/learning/certificates/") + number, {}, {});
        if (!answer) {
            err(QCoreApplication::translate("Cli", "central could not be asked: %1")
                    .arg(answer.errorMessage()));
        } else if (answer->status == 200) {
            const QJsonObject o = QJsonDocument::fromJson(answer->body).object();
            const QString completed = o.value(QStringLiteral("completed")).toString();
            out(QCoreApplication::translate("Cli",
                                            "%1: %2 completed %3 on %4 (confirmed by central)")
                    .arg(number, o.value(QStringLiteral("name")).toString(),
                         o.value(QStringLiteral("course")).toString(),
                         jstDate(QDateTime::fromString(completed, Qt::ISODateWithMs))));
            known = true;
        } else if (answer->status == 404) {
            out(QCoreApplication::translate("Cli", "central knows no certificate %1").arg(number));
        } else {
            err(QCoreApplication::translate("Cli", "central answered %1").arg(answer->status));
        }
    }
    if (!known) {
        err(QCoreApplication::translate("Cli", "no certificate %1 is known").arg(number));
        return Failed;
    }
    return Ok;
}

int learningRecordsCommand(const Context& c)
{
    const QString use = QCoreApplication::translate(
        "Cli", "use: learning enrol COURSE | status [--json] | report [--csv FILE] | certificate "
               "pdf NUMBER --out FILE | certificate verify NUMBER | require ROLE COURSE | "
               "unrequire ROLE COURSE | requirements");
    const QString sub = c.words.value(1);
    if (sub == QStringLiteral("certificate") && c.words.value(2) == QStringLiteral("verify")) {
        if (c.words.size() != 4) {
            return usage(use);
        }
        return learningVerify(c, c.words[3]); // anyone: no sign-in
    }
    const bool known = QStringList{QStringLiteral("enrol"),       QStringLiteral("status"),
                                   QStringLiteral("report"),      QStringLiteral("certificate"),
                                   QStringLiteral("require"),     QStringLiteral("unrequire"),
                                   QStringLiteral("requirements")}
                           .contains(sub);
    if (!known) {
        return usage(use);
    }
    Database database;
    Session session;
    if (const int rc = openSignedIn(c, &database, &session); rc != Ok) {
        return rc;
    }
    learning::LearningService service(database);
    if (sub == QStringLiteral("enrol")) {
        if (c.words.size() != 3) {
            return usage(use);
        }
        auto e = service.enrol(c.words[2], session);
        if (!e) {
            return learningRefused(e.error());
        }
        out(QCoreApplication::translate("Cli", "%1 is enrolled on %2 (version %3)")
                .arg(session.login(), e->courseId)
                .arg(e->courseVersion));
        return Ok;
    }
    if (sub == QStringLiteral("status")) {
        return learningStatus(c, database, session);
    }
    if (sub == QStringLiteral("report")) {
        auto rows = service.completionReport(session);
        if (!rows) {
            return learningRefused(rows.error());
        }
        if (c.parser->isSet(QStringLiteral("csv"))) {
            QSaveFile file(c.parser->value(QStringLiteral("csv")));
            const QByteArray csv = learning::LearningService::completionCsv(*rows);
            if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() ||
                !file.commit()) {
                return failed(Error(file.errorString()));
            }
            out(QCoreApplication::translate("Cli", "%1 rows written to %2")
                    .arg(rows->size())
                    .arg(file.fileName()));
            return Ok;
        }
        for (const learning::CompletionRow& r : std::as_const(*rows)) {
            out(QStringLiteral("%1\t%2\t%3\t%4\t%5/%6\t%7\t%8")
                    .arg(r.login, r.displayName, r.courseId, r.state)
                    .arg(r.lessonsViewed)
                    .arg(r.lessonCount)
                    .arg(r.bestScore >= 0 ? QStringLiteral("%1%").arg(r.bestScore)
                                          : QStringLiteral("-"))
                    .arg(r.certificateNumber));
        }
        return Ok;
    }
    if (sub == QStringLiteral("certificate")) {
        if (c.words.size() != 4 || c.words[2] != QStringLiteral("pdf") ||
            !c.parser->isSet(QStringLiteral("out"))) {
            return usage(use);
        }
        auto cert = service.certificate(c.words[3]);
        if (!cert) {
            return failed(cert.error());
        }
        // The holder, or someone who may see everyone's records.
        if (cert->has_value() && (*cert)->login != session.login()) {
            if (Status st = session.require(Permission::ViewTrainingRecords); !st) {
                return denied(st.error());
            }
        }
        auto pdf = service.certificatePdf(c.words[3]);
        if (!pdf) {
            return failed(pdf.error());
        }
        QSaveFile file(c.parser->value(QStringLiteral("out")));
        if (!file.open(QIODevice::WriteOnly) || file.write(*pdf) != pdf->size() || !file.commit()) {
            return failed(Error(file.errorString()));
        }
        if (Status st = AuditLog(database).record(
                session.login(), QStringLiteral("learning.certificate.print"), c.words[3]);
            !st) {
            return failed(st.error());
        }
        out(QCoreApplication::translate("Cli", "certificate %1 written to %2")
                .arg(c.words[3].toUpper(), file.fileName()));
        return Ok;
    }
    if (sub == QStringLiteral("require") || sub == QStringLiteral("unrequire")) {
        if (c.words.size() != 4) {
            return usage(use);
        }
        Status st = sub == QStringLiteral("require")
                        ? service.requireCourse(c.words[2], c.words[3], session)
                        : service.dropRequirement(c.words[2], c.words[3], session);
        if (!st) {
            return learningRefused(st.error());
        }
        out(sub == QStringLiteral("require")
                ? QCoreApplication::translate("Cli", "role %1 now requires course %2")
                      .arg(c.words[2], c.words[3])
                : QCoreApplication::translate("Cli", "role %1 no longer requires course %2")
                      .arg(c.words[2], c.words[3]));
        return Ok;
    }
    auto list = service.requirements();
    if (!list) {
        return failed(list.error());
    }
    for (const learning::RoleRequirement& r : std::as_const(*list)) {
        out(QStringLiteral("%1\t%2").arg(r.role, r.courseId));
    }
    return Ok;
}

int run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    const QList<QCommandLineOption> options = {
        {QStringLiteral("db"), QStringLiteral("database"), QStringLiteral("DB")},
        {QStringLiteral("operator"), QStringLiteral("operator"), QStringLiteral("NAME")},
        {QStringLiteral("lang"), QStringLiteral("language"), QStringLiteral("LANG")},
        {QStringLiteral("residents"), QStringLiteral("residents"), QStringLiteral("N")},
        {QStringLiteral("seed"), QStringLiteral("seed"), QStringLiteral("S")},
        {QStringLiteral("lg-code"), QStringLiteral("code"), QStringLiteral("C")},
        {QStringLiteral("role"), QStringLiteral("role"), QStringLiteral("ROLE")},
        {QStringLiteral("name"), QStringLiteral("name"), QStringLiteral("NAME")},
        {QStringLiteral("lg-codes"), QStringLiteral("file"), QStringLiteral("FILE")},
        {QStringLiteral("postal"), QStringLiteral("file"), QStringLiteral("FILE")},
        {QStringLiteral("json"), QStringLiteral("JSON output")},
        {QStringLiteral("requester"), QStringLiteral("requester type"), QStringLiteral("TYPE")},
        {QStringLiteral("requester-name"), QStringLiteral("requester"), QStringLiteral("NAME")},
        {QStringLiteral("id-document"), QStringLiteral("identity document"), QStringLiteral("DOC")},
        {QStringLiteral("purpose"), QStringLiteral("purpose"), QStringLiteral("TEXT")},
        {QStringLiteral("reason"), QStringLiteral("legitimate reason"), QStringLiteral("TEXT")},
        {QStringLiteral("power-of-attorney"), QStringLiteral("a power of attorney was shown")},
        {QStringLiteral("household"), QStringLiteral("the whole household")},
        {QStringLiteral("with"), QStringLiteral("optional items"), QStringLiteral("ITEMS")},
        {QStringLiteral("fee"), QStringLiteral("fee"), QStringLiteral("N")},
        {QStringLiteral("receipt"), QStringLiteral("receipt number"), QStringLiteral("R")},
        {QStringLiteral("out"), QStringLiteral("output file"), QStringLiteral("FILE")},
        {QStringLiteral("csv"), QStringLiteral("CSV file"), QStringLiteral("FILE")},
        {QStringLiteral("limit"), QStringLiteral("limit"), QStringLiteral("N")},
        {QStringLiteral("skip-bad"),
         QStringLiteral("import the good rows of a file with bad rows")},
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("help")},
        {QStringLiteral("version"), QStringLiteral("version")},
        {QStringLiteral("pin"), QStringLiteral("PIN"), QStringLiteral("PIN")},
        {QStringLiteral("sign-pin"), QStringLiteral("signature PIN"), QStringLiteral("PIN")},
        {QStringLiteral("key"), QStringLiteral("card key"), QStringLiteral("KEY")},
        {QStringLiteral("in"), QStringLiteral("input file"), QStringLiteral("FILE")},
        {QStringLiteral("csr-out"), QStringLiteral("where the CSR goes"), QStringLiteral("FILE")},
        {QStringLiteral("which"), QStringLiteral("which PIN"), QStringLiteral("PIN")},
        {QStringLiteral("pins"), QStringLiteral("which PINs"), QStringLiteral("LIST")},
        {QStringLiteral("old"), QStringLiteral("old PIN"), QStringLiteral("PIN")},
        {QStringLiteral("new"), QStringLiteral("new PIN"), QStringLiteral("PIN")},
        {QStringLiteral("reader"), QStringLiteral("card reader"), QStringLiteral("NAME")},
        {QStringLiteral("message"), QStringLiteral("HTTP message file"), QStringLiteral("FILE")},
        {QStringLiteral("request"), QStringLiteral("the request of a response"),
         QStringLiteral("FILE")},
        {QStringLiteral("alg"), QStringLiteral("signature algorithm"), QStringLiteral("ALG")},
        {QStringLiteral("label"), QStringLiteral("signature label"), QStringLiteral("L")},
        {QStringLiteral("max-age"), QStringLiteral("seconds"), QStringLiteral("S")},
        {QStringLiteral("components"), QStringLiteral("covered components"),
         QStringLiteral("LIST")},
        {QStringLiteral("central"), QStringLiteral("central URL"), QStringLiteral("URL")},
        {QStringLiteral("code"), QStringLiteral("enrollment code"), QStringLiteral("CODE")},
        {QStringLiteral("tls-ca"), QStringLiteral("CA certificate for central's TLS"),
         QStringLiteral("FILE")},
        {QStringLiteral("once"), QStringLiteral("one sync pass")},
        {QStringLiteral("conflict"), QStringLiteral("sync conflict"), QStringLiteral("ID")},
        {QStringLiteral("keep"), QStringLiteral("mine or central"), QStringLiteral("SIDE")},
        {QStringLiteral("allow-last-try"), QStringLiteral("send a PIN even when one try is left")},
        {QStringLiteral("ca"), QStringLiteral("CA certificates (PEM bundle)"),
         QStringLiteral("FILE")},
        {QStringLiteral("crl"), QStringLiteral("certificate revocation list"),
         QStringLiteral("FILE")},
        {QStringLiteral("csr"), QStringLiteral("certificate signing request (PEM)"),
         QStringLiteral("FILE")},
        {QStringLiteral("card"), QStringLiteral("card identifier"), QStringLiteral("ID")},
        {QStringLiteral("to"), QStringLiteral("next state"), QStringLiteral("STATE")},
        {QStringLiteral("state"), QStringLiteral("state"), QStringLiteral("STATE")},
        {QStringLiteral("resident"), QStringLiteral("resident code"), QStringLiteral("CODE")},
        {QStringLiteral("proxy"), QStringLiteral("collected by a proxy (代理)")},
        {QStringLiteral("at"), QStringLiteral("appointment (Japan time)"),
         QStringLiteral("YYYY-MM-DDTHH:MM")},
        {QStringLiteral("within-days"), QStringLiteral("days"), QStringLiteral("N")},
        {QStringLiteral("mark"), QStringLiteral("record the reminders as sent")},
        {QStringLiteral("type"), QStringLiteral("disaster type"), QStringLiteral("TYPE")},
        {QStringLiteral("date"), QStringLiteral("date"), QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("areas"), QStringLiteral("local-government codes"), QStringLiteral("LIST")},
        {QStringLiteral("capacity"), QStringLiteral("capacity"), QStringLiteral("N")},
        {QStringLiteral("address"), QStringLiteral("address"), QStringLiteral("TEXT")},
        {QStringLiteral("kind"), QStringLiteral("kind of shelter"), QStringLiteral("KIND")},
        {QStringLiteral("family"), QStringLiteral("family name"), QStringLiteral("NAME")},
        {QStringLiteral("given"), QStringLiteral("given name"), QStringLiteral("NAME")},
        {QStringLiteral("family-kana"), QStringLiteral("family name kana"), QStringLiteral("KANA")},
        {QStringLiteral("given-kana"), QStringLiteral("given name kana"), QStringLiteral("KANA")},
        {QStringLiteral("birth"), QStringLiteral("birth date"), QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("sex"), QStringLiteral("sex"), QStringLiteral("SEX")},
        {QStringLiteral("phone"), QStringLiteral("phone"), QStringLiteral("TEXT")},
        {QStringLiteral("whereabouts"), QStringLiteral("whereabouts (居所)"),
         QStringLiteral("TEXT")},
        {QStringLiteral("shelter"), QStringLiteral("shelter"), QStringLiteral("ID")},
        {QStringLiteral("status"), QStringLiteral("safety status"), QStringLiteral("S")},
        {QStringLiteral("needs"), QStringLiteral("special-care needs"), QStringLiteral("LIST")},
        {QStringLiteral("drop"), QStringLiteral("record merged away"), QStringLiteral("ID")},
        {QStringLiteral("staff"), QStringLiteral("the staff view (DV-protected persons too)")},
        {QStringLiteral("disaster"), QStringLiteral("disaster"), QStringLiteral("ID")},
        {QStringLiteral("dir"), QStringLiteral("folder"), QStringLiteral("DIR")},
        {QStringLiteral("passphrase-file"), QStringLiteral("file holding the passphrase"),
         QStringLiteral("FILE")},
        {QStringLiteral("owner"), QStringLiteral("owner"), QStringLiteral("NAME")},
        {QStringLiteral("surveyor"), QStringLiteral("surveyor"), QStringLiteral("NAME")},
        {QStringLiteral("loss"), QStringLiteral("economic-loss share"), QStringLiteral("PERCENT")},
        {QStringLiteral("second"), QStringLiteral("a second survey (第2次調査)")},
        {QStringLiteral("notes"), QStringLiteral("notes"), QStringLiteral("TEXT")},
        {QStringLiteral("photos"), QStringLiteral("photo files"), QStringLiteral("LIST")},
        {QStringLiteral("non-residential"), QStringLiteral("non-residential property")},
        {QStringLiteral("building"), QStringLiteral("surveyed building"), QStringLiteral("ID")},
        {QStringLiteral("applicant"), QStringLiteral("applicant"), QStringLiteral("NAME")},
        {QStringLiteral("household-key"), QStringLiteral("household"), QStringLiteral("H")},
        {QStringLiteral("part"), QStringLiteral("basic or additional"), QStringLiteral("PART")},
        {QStringLiteral("grade"), QStringLiteral("damage grade"), QStringLiteral("GRADE")},
        {QStringLiteral("rebuild"), QStringLiteral("way of rebuilding"), QStringLiteral("WAY")},
        {QStringLiteral("members"), QStringLiteral("household members"), QStringLiteral("N")},
        {QStringLiteral("yen"), QStringLiteral("amount in yen"), QStringLiteral("N")},
        {QStringLiteral("site"), QStringLiteral("housing site"), QStringLiteral("S")},
        {QStringLiteral("size"), QStringLiteral("unit size"), QStringLiteral("Z")},
        {QStringLiteral("accessible"), QStringLiteral("an accessible unit")},
        {QStringLiteral("free"), QStringLiteral("free units only")},
        {QStringLiteral("unit"), QStringLiteral("housing unit"), QStringLiteral("ID")},
        {QStringLiteral("item"), QStringLiteral("supply item"), QStringLiteral("ID")},
        {QStringLiteral("location"), QStringLiteral("stock location"), QStringLiteral("L")},
        {QStringLiteral("quantity"), QStringLiteral("quantity"), QStringLiteral("N")},
        {QStringLiteral("expiry"), QStringLiteral("expiry date"), QStringLiteral("YYYY-MM-DD")},
        {QStringLiteral("priority"), QStringLiteral("1 urgent, 2 normal, 3 low"),
         QStringLiteral("P")},
        {QStringLiteral("measure"), QStringLiteral("unit of an item (本, 箱)"),
         QStringLiteral("M")},
        {QStringLiteral("low-stock"), QStringLiteral("low-stock level"), QStringLiteral("N")},
        {QStringLiteral("allow-unsigned-scorm"),
         QStringLiteral("import an unsigned SCORM package")},
    };
    parser.addOptions(options);
    if (!parser.parse(arguments)) {
        return usage(parser.errorText());
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out(QStringLiteral("madoguchi-cli %1").arg(QCoreApplication::applicationVersion()));
        return Ok;
    }

    i18n::Language lang = i18n::configured();
    QString langText = parser.value(QStringLiteral("lang"));
    if (langText.isEmpty()) {
        langText = qEnvironmentVariable("MADOGUCHI_LANG");
    }
    if (!langText.isEmpty()) {
        bool ok = false;
        lang = i18n::parse(langText, &ok);
        if (!ok) {
            return usage(QStringLiteral("unknown language \"%1\" (use ja or en)").arg(langText));
        }
    }
    i18n::install(QCoreApplication::instance(), lang);

    Context c;
    c.parser = &parser;
    c.words = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help")) || c.words.isEmpty()) {
        std::fputs(usageText().toUtf8().constData(), stdout);
        std::fputc('\n', stdout);
        return c.words.isEmpty() && !parser.isSet(QStringLiteral("help")) ? Usage : Ok;
    }
    c.dbSpec = parser.value(QStringLiteral("db"));
    if (c.dbSpec.isEmpty()) {
        c.dbSpec = qEnvironmentVariable("MADOGUCHI_DB");
    }
    if (c.dbSpec.isEmpty()) {
        c.dbSpec = DatabaseSpec::defaultPath();
    }

    const QString command = c.words.first();
    if (command == QStringLiteral("ids")) {
        return cmdIds(c);
    }
    if (command == QStringLiteral("text")) {
        return cmdText(c);
    }
    if (command == QStringLiteral("demo")) {
        return cmdDemo(c);
    }
    if (command == QStringLiteral("operator") && c.words.value(1) == QStringLiteral("roles")) {
        return operatorRolesCommand(c);
    }
    if (command == QStringLiteral("operator")) {
        return cmdOperator(c);
    }
    if (command == QStringLiteral("refdata")) {
        return cmdRefdata(c);
    }
    if (command == QStringLiteral("settings")) {
        return cmdSettings(c);
    }
    if (command == QStringLiteral("residents")) {
        return cmdResidents(c);
    }
    if (command == QStringLiteral("certificates")) {
        return cmdCertificates(c);
    }
    if (command == QStringLiteral("audit")) {
        return cmdAudit(c);
    }
    if (command == QStringLiteral("db")) {
        return cmdDb(c);
    }
    if (command == QStringLiteral("card")) {
        return cmdCard(c);
    }
    if (command == QStringLiteral("sig")) {
        return cmdSig(c);
    }
    if (command == QStringLiteral("issuance")) {
        return cmdIssuance(c);
    }
    if (command == QStringLiteral("disaster")) {
        return cmdDisaster(c);
    }
    if (command == QStringLiteral("backup")) {
        return cmdBackup(c);
    }
    if (command == QStringLiteral("pki")) {
        return cmdPki(c);
    }
    if (command == QStringLiteral("enroll")) {
        return cmdEnroll(c);
    }
    if (command == QStringLiteral("central")) {
        return cmdCentral(c);
    }
    if (command == QStringLiteral("sync")) {
        return cmdSync(c);
    }
    if (command == QStringLiteral("learning") && isCoursePackageCommand(c.words)) {
        return cmdLearningPackages(c);
    }
    if (command == QStringLiteral("learning")) {
        return learningRecordsCommand(c);
    }
    return usage(QCoreApplication::translate("Cli", "unknown command \"%1\"").arg(command));
}

} // namespace madoguchi::cli
