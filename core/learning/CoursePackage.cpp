#include "learning/CoursePackage.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "crypto/OpenSsl.h"
#include "learning/Scorm.h"
#include "storage/Transaction.h"

#include <poppler-qt6.h>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <zip.h>

#include <algorithm>
#include <memory>

namespace madoguchi::learning {

namespace {

Error zipError(const QString& what)
{
    return Error(QCoreApplication::translate("CoursePackage", "The package is not a safe zip: %1")
                     .arg(visibleText(what)),
                 QStringLiteral("learning.zip"));
}

Error keyError(const QString& what)
{
    return Error(what, QStringLiteral("learning.key"));
}

QString sha256Hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

bool isSafeEntryName(const QString& path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char('\\')) ||
        (path.size() >= 2 && path.at(1) == QLatin1Char(':'))) {
        return false;
    }
    const QStringList parts = path.split(QLatin1Char('/'));
    for (const QString& p : parts) {
        if (p.isEmpty() || p == QLatin1String(".") || p == QLatin1String("..")) {
            return false;
        }
    }
    return true;
}

struct ZipDiscard
{
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileClose
{
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// 1980-01-01 12:00 UTC: the same files give the same zip.
constexpr time_t kZipTime = 315576000;

ossl::Pkey readPublicKey(const QByteArray& pem)
{
    ossl::Bio bio = ossl::memBio(pem);
    return ossl::Pkey(bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

ossl::Pkey readPrivateKey(const QByteArray& pem)
{
    ossl::Bio bio = ossl::memBio(pem);
    return ossl::Pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                          : nullptr);
}

Status checkKeyStrength(EVP_PKEY* key)
{
    if (!EVP_PKEY_is_a(key, "EC") || EVP_PKEY_get_bits(key) < 256) {
        return keyError(QCoreApplication::translate(
            "CoursePackage", "a publisher key must be an EC key of 256 bits or more (P-256, P-384, "
                             "P-521); RSA and smaller keys are refused"));
    }
    return {};
}

Result<PublicKeyInfo> keyInfo(EVP_PKEY* key)
{
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    if (len <= 0) {
        return keyError(ossl::errorString(
            QCoreApplication::translate("CoursePackage", "cannot encode the public key")));
    }
    const QByteArray spki(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    ossl::Bio out(BIO_new(BIO_s_mem()));
    if (!out || PEM_write_bio_PUBKEY(out.get(), key) != 1) {
        return keyError(ossl::errorString(
            QCoreApplication::translate("CoursePackage", "cannot encode the public key")));
    }
    return PublicKeyInfo{ossl::bioData(out.get()), sha256Hex(spki)};
}

Error tampered(const QString& what)
{
    return Error(QCoreApplication::translate("CoursePackage",
                                             "The package was changed after it was signed: %1")
                     .arg(visibleText(what)),
                 QStringLiteral("learning.tampered"));
}

Error signatureError(const QString& what)
{
    return Error(QCoreApplication::translate("CoursePackage",
                                             "The package's signature.json is not valid: %1")
                     .arg(visibleText(what)),
                 QStringLiteral("learning.signature"));
}

Error manifestProblem(const QString& what)
{
    return Error(
        QCoreApplication::translate("CoursePackage", "The course manifest is not valid: %1")
            .arg(visibleText(what)),
        QStringLiteral("learning.manifest"));
}

QDateTime timeOf(const QVariant& v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs);
}

Publisher publisherFromRow(const QSqlQuery& q)
{
    Publisher p;
    p.id = q.value(0).toLongLong();
    p.keyId = q.value(1).toString();
    p.name = q.value(2).toString();
    p.publicKeyPem = q.value(3).toString().toLatin1();
    p.trustedAt = timeOf(q.value(4));
    p.trustedBy = q.value(5).toString();
    p.revokedAt = timeOf(q.value(6));
    p.revokedBy = q.value(7).toString();
    return p;
}

constexpr const char* kPublisherColumns =
    "id, key_id, name, public_key, trusted_at, trusted_by, revoked_at, revoked_by";

Result<std::optional<Publisher>> publisherByKey(const Database& db, const QString& keyId)
{
    auto q = db.exec(QStringLiteral("SELECT %1 FROM learning_publishers WHERE key_id = ?")
                         .arg(QLatin1String(kPublisherColumns)),
                     {keyId});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return std::optional<Publisher>();
    }
    return std::optional<Publisher>(publisherFromRow(*q));
}

constexpr const char* kCourseColumns =
    "c.id, c.course_id, c.version, c.title, c.title_en, c.publisher, c.publisher_key_id, "
    "c.source, c.package_sha256, c.imported_at, c.imported_by, "
    "(SELECT COUNT(*) FROM course_lessons l WHERE l.course_row = c.id), "
    "(SELECT COALESCE(SUM(l.pages), 0) FROM course_lessons l WHERE l.course_row = c.id)";

InstalledCourse courseFromRow(const QSqlQuery& q)
{
    InstalledCourse c;
    c.row = q.value(0).toLongLong();
    c.courseId = q.value(1).toString();
    c.version = q.value(2).toInt();
    c.title = q.value(3).toString();
    c.titleEn = q.value(4).toString();
    c.publisher = q.value(5).toString();
    c.publisherKeyId = q.value(6).toString();
    c.source = q.value(7).toString();
    c.sha256 = q.value(8).toString();
    c.importedAt = timeOf(q.value(9));
    c.importedBy = q.value(10).toString();
    c.lessonCount = q.value(11).toInt();
    c.pageCount = q.value(12).toInt();
    return c;
}

} // namespace

// ---- zip ---------------------------------------------------------------------------------

Result<QMap<QString, QByteArray>> readZip(const QByteArray& zip, const ZipReadOptions& options)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t* src = zip_source_buffer_create(zip.constData(), zip_uint64_t(zip.size()), 0, &ze);
    if (!src) {
        const QString why = QString::fromUtf8(zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return zipError(why);
    }
    zip_t* opened = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!opened) {
        // libzip refuses an archive with two entries of one name as it opens it.
        const QString why =
            zip_error_code_zip(&ze) == ZIP_ER_EXISTS
                ? QCoreApplication::translate("CoursePackage", "two entries have the same name")
                : QString::fromUtf8(zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(src);
        return zipError(
            QCoreApplication::translate("CoursePackage", "it cannot be opened (%1)").arg(why));
    }
    zip_error_fini(&ze);
    std::unique_ptr<zip_t, ZipDiscard> za(opened);

    const zip_int64_t count = zip_get_num_entries(za.get(), 0);
    if (count > kMaxEntries) {
        return zipError(QCoreApplication::translate("CoursePackage",
                                                    "it has %1 entries, more than the %2 allowed")
                            .arg(count)
                            .arg(kMaxEntries));
    }
    struct Entry
    {
        zip_uint64_t index;
        QString name;
        qint64 size;
    };
    QList<Entry> entries;
    QSet<QString> seen;
    qint64 total = 0;
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(za.get(), zip_uint64_t(i), ZIP_FL_ENC_GUESS, &st) != 0 || !st.name) {
            return zipError(
                QCoreApplication::translate("CoursePackage", "entry %1 cannot be read (%2)")
                    .arg(i)
                    .arg(QString::fromUtf8(zip_strerror(za.get()))));
        }
        const QString name = QString::fromUtf8(st.name);
        if (std::any_of(name.cbegin(), name.cend(), isHiddenCharacter)) {
            return zipError(
                QCoreApplication::translate("CoursePackage",
                                            "entry \"%1\" has a control or invisible character "
                                            "in its name")
                    .arg(visibleText(name)));
        }
        if (name.endsWith(QLatin1Char('/'))) {
            if (options.skipDirectories && isSafeEntryName(name.chopped(1))) {
                continue;
            }
            return zipError(
                QCoreApplication::translate("CoursePackage", "entry \"%1\" is a directory")
                    .arg(name));
        }
        if (!isSafeEntryName(name)) {
            return zipError(
                QCoreApplication::translate(
                    "CoursePackage",
                    "entry \"%1\" is not a plain relative path (\"..\", an absolute path or a "
                    "drive)")
                    .arg(name));
        }
        zip_uint8_t opsys = 0;
        zip_uint32_t attributes = 0;
        if (zip_file_get_external_attributes(za.get(), zip_uint64_t(i), 0, &opsys, &attributes) ==
                0 &&
            opsys == ZIP_OPSYS_UNIX) {
            const mode_t mode = mode_t(attributes >> 16);
            if ((mode & S_IFMT) == S_IFLNK) {
                return zipError(
                    QCoreApplication::translate("CoursePackage", "entry \"%1\" is a symbolic link")
                        .arg(name));
            }
            if ((mode & S_IFMT) != 0 && (mode & S_IFMT) != S_IFREG) {
                return zipError(
                    QCoreApplication::translate("CoursePackage", "entry \"%1\" is not a plain file")
                        .arg(name));
            }
        }
        if (seen.contains(name)) {
            return zipError(
                QCoreApplication::translate("CoursePackage", "entry \"%1\" appears twice")
                    .arg(name));
        }
        seen.insert(name);
        if (!(st.valid & ZIP_STAT_SIZE) || st.size > zip_uint64_t(kMaxUncompressed)) {
            return zipError(
                QCoreApplication::translate("CoursePackage",
                                            "entry \"%1\" is larger than %2 MiB once uncompressed")
                    .arg(name)
                    .arg(kMaxUncompressed / (1024 * 1024)));
        }
        total += qint64(st.size);
        if (total > kMaxUncompressed) {
            return zipError(QCoreApplication::translate(
                                "CoursePackage",
                                "its entries come to more than %1 MiB once uncompressed (at "
                                "\"%2\"): refused as a possible zip bomb")
                                .arg(kMaxUncompressed / (1024 * 1024))
                                .arg(name));
        }
        entries.append({zip_uint64_t(i), name, qint64(st.size)});
    }

    QMap<QString, QByteArray> files;
    for (const Entry& e : std::as_const(entries)) {
        std::unique_ptr<zip_file_t, ZipFileClose> f(zip_fopen_index(za.get(), e.index, 0));
        if (!f) {
            return zipError(
                QCoreApplication::translate("CoursePackage", "entry \"%1\" cannot be read (%2)")
                    .arg(e.name, QString::fromUtf8(zip_strerror(za.get()))));
        }
        QByteArray data;
        data.resize(e.size);
        qint64 got = 0;
        // One byte more than declared: an entry that inflates beyond its size is refused.
        char extra = 0;
        while (got < e.size) {
            const zip_int64_t n = zip_fread(f.get(), data.data() + got, zip_uint64_t(e.size - got));
            if (n < 0) {
                return zipError(
                    QCoreApplication::translate("CoursePackage", "entry \"%1\" cannot be read (%2)")
                        .arg(e.name, QString::fromUtf8(zip_file_strerror(f.get()))));
            }
            if (n == 0) {
                break;
            }
            got += n;
        }
        const zip_int64_t more = zip_fread(f.get(), &extra, 1);
        if (got != e.size || more != 0) {
            return zipError(
                QCoreApplication::translate("CoursePackage",
                                            "entry \"%1\" does not inflate to the size it declares")
                    .arg(e.name));
        }
        files.insert(e.name, data);
    }
    return files;
}

Result<QByteArray> writeZip(const QMap<QString, QByteArray>& files)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &ze);
    if (!out) {
        const QString why = QString::fromUtf8(zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return zipError(why);
    }
    zip_source_keep(out);
    zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &ze);
    if (!za) {
        const QString why = QString::fromUtf8(zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(out);
        zip_source_free(out);
        return zipError(why);
    }
    zip_error_fini(&ze);
    auto fail = [&](const QString& why) {
        zip_discard(za);
        zip_source_free(out);
        return zipError(why);
    };
    for (auto it = files.constBegin(); it != files.constEnd(); ++it) {
        zip_source_t* s =
            zip_source_buffer(za, it.value().constData(), zip_uint64_t(it.value().size()), 0);
        if (!s) {
            return fail(QString::fromUtf8(zip_strerror(za)));
        }
        const zip_int64_t index =
            zip_file_add(za, it.key().toUtf8().constData(), s, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(s);
            return fail(QCoreApplication::translate("CoursePackage", "cannot add \"%1\" (%2)")
                            .arg(it.key(), QString::fromUtf8(zip_strerror(za))));
        }
        zip_file_set_mtime(za, zip_uint64_t(index), kZipTime, 0);
        zip_file_set_external_attributes(za, zip_uint64_t(index), 0, ZIP_OPSYS_UNIX,
                                         zip_uint32_t(S_IFREG | 0644) << 16);
    }
    if (zip_close(za) != 0) {
        return fail(QString::fromUtf8(zip_strerror(za)));
    }
    QByteArray bytes;
    if (zip_source_open(out) == 0) {
        zip_source_seek(out, 0, SEEK_END);
        const zip_int64_t size = zip_source_tell(out);
        zip_source_seek(out, 0, SEEK_SET);
        if (size > 0) {
            bytes.resize(size);
            const zip_int64_t n = zip_source_read(out, bytes.data(), zip_uint64_t(size));
            if (n != size) {
                bytes.clear();
            }
        }
        zip_source_close(out);
    }
    zip_source_free(out);
    if (bytes.isEmpty()) {
        return zipError(
            QCoreApplication::translate("CoursePackage", "the zip could not be written"));
    }
    return bytes;
}

// ---- keys and signatures -----------------------------------------------------------------

Result<PublicKeyInfo> publisherKey(const QByteArray& pem)
{
    ossl::Pkey key = readPublicKey(pem);
    if (!key) {
        return keyError(
            QCoreApplication::translate("CoursePackage",
                                        "not a PEM public key (-----BEGIN PUBLIC KEY-----): %1")
                .arg(ossl::errorString(QStringLiteral("PEM_read_bio_PUBKEY"))));
    }
    if (Status st = checkKeyStrength(key.get()); !st) {
        return st.error();
    }
    return keyInfo(key.get());
}

QByteArray signedList(const QMap<QString, QByteArray>& files)
{
    QByteArray out;
    for (auto it = files.constBegin(); it != files.constEnd(); ++it) {
        out += sha256Hex(it.value()).toLatin1() + "  " + it.key().toUtf8() + '\n';
    }
    return out;
}

Result<QByteArray> signPackage(const QMap<QString, QByteArray>& files,
                               const QByteArray& privateKeyPem)
{
    if (files.contains(QLatin1String(kSignatureEntry))) {
        return zipError(
            QCoreApplication::translate("CoursePackage", "a file to sign cannot be named %1")
                .arg(QLatin1String(kSignatureEntry)));
    }
    ossl::Pkey key = readPrivateKey(privateKeyPem);
    if (!key) {
        return keyError(QCoreApplication::translate("CoursePackage", "not a PEM private key: %1")
                            .arg(ossl::errorString(QStringLiteral("PEM_read_bio_PrivateKey"))));
    }
    if (Status st = checkKeyStrength(key.get()); !st) {
        return st.error();
    }
    auto info = keyInfo(key.get());
    if (!info) {
        return info.error();
    }
    const QByteArray list = signedList(files);
    ossl::MdCtx ctx(EVP_MD_CTX_new());
    size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(list.constData());
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &len, data, size_t(list.size())) != 1) {
        return keyError(ossl::errorString(
            QCoreApplication::translate("CoursePackage", "cannot sign the package")));
    }
    QByteArray signature(qsizetype(len), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len, data,
                       size_t(list.size())) != 1) {
        return keyError(ossl::errorString(
            QCoreApplication::translate("CoursePackage", "cannot sign the package")));
    }
    signature.resize(qsizetype(len));
    const QJsonObject sig{{QStringLiteral("algorithm"), QLatin1String(kSignatureAlgorithm)},
                          {QStringLiteral("public_key"), QString::fromLatin1(info->pem)},
                          {QStringLiteral("key_id"), info->keyId},
                          {QStringLiteral("signed"), QString::fromUtf8(list)},
                          {QStringLiteral("signature"), QString::fromLatin1(signature.toBase64())}};
    QMap<QString, QByteArray> all = files;
    all.insert(QLatin1String(kSignatureEntry), QJsonDocument(sig).toJson(QJsonDocument::Indented));
    return writeZip(all);
}

Result<CourseFolder> readCourseFolder(const QString& dir)
{
    const QDir d(dir);
    auto read = [&](const QString& path) -> Result<QByteArray> {
        QFile f(d.filePath(path));
        if (!f.open(QIODevice::ReadOnly)) {
            return manifestProblem(
                QCoreApplication::translate("CoursePackage", "cannot read %1 (%2)")
                    .arg(f.fileName(), f.errorString()));
        }
        return f.readAll();
    };
    CourseFolder folder;
    auto manifest = read(QStringLiteral("manifest.json"));
    if (!manifest) {
        return manifest.error();
    }
    auto course = parseManifest(*manifest);
    if (!course) {
        return course.error();
    }
    auto quiz = read(course->quizFile);
    if (!quiz) {
        return quiz.error();
    }
    auto parsedQuiz = parseQuiz(*quiz);
    if (!parsedQuiz) {
        return parsedQuiz.error();
    }
    folder.course = *course;
    folder.course.quiz = *parsedQuiz;
    folder.manifest = *manifest;
    folder.quiz = *quiz;
    folder.files.insert(QStringLiteral("manifest.json"), *manifest);
    folder.files.insert(course->quizFile, *quiz);
    for (const Lesson& l : course->lessons()) {
        auto pdf = read(l.pdf);
        if (!pdf) {
            return pdf.error();
        }
        if (!pdf->startsWith("%PDF-")) {
            return manifestProblem(
                QCoreApplication::translate("CoursePackage", "lesson \"%1\": %2 is not a PDF")
                    .arg(l.id, l.pdf));
        }
        folder.files.insert(l.pdf, *pdf);
    }
    return folder;
}

Result<QByteArray> packCourse(const QString& dir, const QByteArray& privateKeyPem)
{
    auto folder = readCourseFolder(dir);
    if (!folder) {
        return folder.error();
    }
    return signPackage(folder->files, privateKeyPem);
}

Result<VerifiedPackage> verifyPackage(const QByteArray& package)
{
    auto read = readZip(package);
    if (!read) {
        return read.error();
    }
    QMap<QString, QByteArray> files = *read;
    if (!files.contains(QLatin1String(kSignatureEntry))) {
        if (isScormPackage(files)) {
            return Error(QCoreApplication::translate(
                             "CoursePackage",
                             "This is a SCORM package, which is not signed: it can be imported "
                             "only when unsigned SCORM packages are allowed explicitly "
                             "(--allow-unsigned-scorm)"),
                         QStringLiteral("learning.unsigned"));
        }
        return Error(
            QCoreApplication::translate("CoursePackage", "The package is not signed: it has no %1")
                .arg(QLatin1String(kSignatureEntry)),
            QStringLiteral("learning.unsigned"));
    }
    QJsonParseError pe;
    const QJsonObject sig =
        QJsonDocument::fromJson(files.take(QLatin1String(kSignatureEntry)), &pe).object();
    if (pe.error != QJsonParseError::NoError) {
        return signatureError(QCoreApplication::translate("CoursePackage", "not a JSON object (%1)")
                                  .arg(pe.errorString()));
    }
    if (sig.value(QStringLiteral("algorithm")).toString() != QLatin1String(kSignatureAlgorithm)) {
        return signatureError(QCoreApplication::translate("CoursePackage", "algorithm must be %1")
                                  .arg(QLatin1String(kSignatureAlgorithm)));
    }
    auto key = publisherKey(sig.value(QStringLiteral("public_key")).toString().toLatin1());
    if (!key) {
        return signatureError(key.error().message);
    }
    if (sig.value(QStringLiteral("key_id")).toString() != key->keyId) {
        return signatureError(QCoreApplication::translate(
            "CoursePackage", "key_id is not the fingerprint of public_key"));
    }
    const QByteArray list = sig.value(QStringLiteral("signed")).toString().toUtf8();
    const auto decoded =
        QByteArray::fromBase64Encoding(sig.value(QStringLiteral("signature")).toString().toLatin1(),
                                       QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray signature = decoded ? *decoded : QByteArray();
    if (list.isEmpty() || sig.value(QStringLiteral("signature")).toString().isEmpty()) {
        return signatureError(
            QCoreApplication::translate("CoursePackage", "signed or signature is missing"));
    }
    // A signature that is not one whole DER ECDSA-Sig-Value (raw r‖s as JWS writes it, or not
    // base64) is a malformed signature.json, not a package changed after it was signed.
    {
        const auto* p = reinterpret_cast<const unsigned char*>(signature.constData());
        ECDSA_SIG* parsed =
            signature.isEmpty() ? nullptr : d2i_ECDSA_SIG(nullptr, &p, long(signature.size()));
        const bool whole =
            parsed &&
            p == reinterpret_cast<const unsigned char*>(signature.constData()) + signature.size();
        ECDSA_SIG_free(parsed);
        ERR_clear_error();
        if (!whole) {
            return signatureError(QCoreApplication::translate(
                "CoursePackage", "signature must be a base64 DER ECDSA signature"));
        }
    }
    ossl::Pkey pkey = readPublicKey(key->pem);
    ossl::MdCtx ctx(EVP_MD_CTX_new());
    if (!pkey || !ctx ||
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1) {
        return signatureError(ossl::errorString(
            QCoreApplication::translate("CoursePackage", "cannot check the signature")));
    }
    const int rc = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
        size_t(signature.size()), reinterpret_cast<const unsigned char*>(list.constData()),
        size_t(list.size()));
    ERR_clear_error();
    if (rc != 1) {
        return tampered(QCoreApplication::translate(
            "CoursePackage", "the signature does not match the list of entries it signs"));
    }
    // The list: "<sha256 hex>  <path>" lines.
    QMap<QString, QString> listed;
    static const QRegularExpression line(QStringLiteral("^([0-9a-f]{64})  (.+)$"));
    for (const QByteArray& raw : list.split('\n')) {
        if (raw.isEmpty()) {
            continue;
        }
        const QRegularExpressionMatch m = line.match(QString::fromUtf8(raw));
        if (!m.hasMatch()) {
            return signatureError(
                QCoreApplication::translate("CoursePackage",
                                            "a line of signed is not \"<sha256>  <path>\": %1")
                    .arg(QString::fromUtf8(raw)));
        }
        if (listed.contains(m.captured(2))) {
            return signatureError(
                QCoreApplication::translate("CoursePackage", "\"%1\" is listed twice")
                    .arg(m.captured(2)));
        }
        listed.insert(m.captured(2), m.captured(1));
    }
    for (auto it = files.constBegin(); it != files.constEnd(); ++it) {
        if (!listed.contains(it.key())) {
            return tampered(QCoreApplication::translate(
                                "CoursePackage", "entry \"%1\" is not covered by the signature")
                                .arg(it.key()));
        }
        if (listed.value(it.key()) != sha256Hex(it.value())) {
            return tampered(QCoreApplication::translate("CoursePackage",
                                                        "entry \"%1\" differs from what was signed")
                                .arg(it.key()));
        }
    }
    for (auto it = listed.constBegin(); it != listed.constEnd(); ++it) {
        if (!files.contains(it.key())) {
            return tampered(QCoreApplication::translate("CoursePackage",
                                                        "entry \"%1\" was signed but is missing")
                                .arg(it.key()));
        }
    }

    VerifiedPackage v;
    v.manifest = files.value(QStringLiteral("manifest.json"));
    if (!files.contains(QStringLiteral("manifest.json"))) {
        return manifestProblem(
            QCoreApplication::translate("CoursePackage", "the package has no manifest.json"));
    }
    auto course = parseManifest(v.manifest);
    if (!course) {
        return course.error();
    }
    if (!files.contains(course->quizFile)) {
        return manifestProblem(
            QCoreApplication::translate("CoursePackage", "the quiz %1 is not in the package")
                .arg(course->quizFile));
    }
    v.quiz = files.value(course->quizFile);
    auto quiz = parseQuiz(v.quiz);
    if (!quiz) {
        return quiz.error();
    }
    course->quiz = *quiz;
    for (const Lesson& l : course->lessons()) {
        if (!files.contains(l.pdf)) {
            return manifestProblem(QCoreApplication::translate(
                                       "CoursePackage", "lesson \"%1\": %2 is not in the package")
                                       .arg(l.id, l.pdf));
        }
        if (!files.value(l.pdf).startsWith("%PDF-")) {
            return manifestProblem(
                QCoreApplication::translate("CoursePackage", "lesson \"%1\": %2 is not a PDF")
                    .arg(l.id, l.pdf));
        }
    }
    v.course = *course;
    v.files = files;
    v.key = *key;
    v.sha256 = sha256Hex(package);
    return v;
}

int pdfPageCount(const QByteArray& pdf)
{
    // Poppler reads the page tree as a viewer does: pages inside compressed object streams
    // count, and objects replaced by an incremental update or bytes after the end do not.
    std::unique_ptr<Poppler::Document> doc(Poppler::Document::loadFromData(pdf));
    if (!doc || doc->isLocked()) {
        return -1;
    }
    return doc->numPages();
}

// ---- the installation's publishers and courses ---------------------------------------------

Result<Publisher> CoursePackages::trust(const QByteArray& publicKeyPem, const QString& name,
                                        const Session& by)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st.error();
    }
    auto key = publisherKey(publicKeyPem);
    if (!key) {
        return key.error();
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto existing = publisherByKey(m_db, key->keyId);
    if (!existing) {
        return existing.error();
    }
    if (*existing) {
        if ((*existing)->revoked()) {
            return Error(QCoreApplication::translate(
                             "CoursePackage", "the key %1 was revoked and cannot be trusted again")
                             .arg(key->keyId),
                         QStringLiteral("learning.revoked"));
        }
        return **existing;
    }
    if (Status st =
            m_db.run(QStringLiteral("INSERT INTO learning_publishers (key_id, name, public_key, "
                                    "trusted_at, trusted_by) VALUES (?, ?, ?, ?, ?)"),
                     {key->keyId, name.trimmed(), QString::fromLatin1(key->pem), Clock::isoNow(),
                      by.login()});
        !st) {
        return st.error();
    }
    if (Status st = AuditLog(m_db).record(by.login(), QStringLiteral("learning.trust"), key->keyId,
                                          name.trimmed());
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto stored = publisherByKey(m_db, key->keyId);
    if (!stored) {
        return stored.error();
    }
    return **stored;
}

Result<QList<Publisher>> CoursePackages::publishers() const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM learning_publishers ORDER BY id")
                           .arg(QLatin1String(kPublisherColumns)));
    if (!q) {
        return q.error();
    }
    QList<Publisher> out;
    while (q->next()) {
        out.append(publisherFromRow(*q));
    }
    return out;
}

Result<Publisher> CoursePackages::revoke(const QString& keyId, const Session& by)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st.error();
    }
    const QString wanted = keyId.trimmed().toLower();
    auto all = publishers();
    if (!all) {
        return all.error();
    }
    // The whole key id, or a prefix of at least 8 characters that names one key.
    QList<Publisher> matches;
    for (const Publisher& p : std::as_const(*all)) {
        if (p.keyId == wanted || (wanted.size() >= 8 && p.keyId.startsWith(wanted))) {
            matches.append(p);
        }
    }
    if (matches.size() != 1) {
        return Error(matches.isEmpty()
                         ? QCoreApplication::translate("CoursePackage",
                                                       "no trusted publisher has the key %1")
                               .arg(keyId)
                         : QCoreApplication::translate(
                               "CoursePackage", "%1 names more than one key: give more of it")
                               .arg(keyId),
                     QStringLiteral("learning.no_publisher"));
    }
    const Publisher p = matches.first();
    if (p.revoked()) {
        return p;
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    if (Status st = m_db.run(QStringLiteral("UPDATE learning_publishers SET revoked_at = ?, "
                                            "revoked_by = ? WHERE id = ?"),
                             {Clock::isoNow(), by.login(), p.id});
        !st) {
        return st.error();
    }
    if (Status st =
            AuditLog(m_db).record(by.login(), QStringLiteral("learning.revoke"), p.keyId, p.name);
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto stored = publisherByKey(m_db, p.keyId);
    if (!stored) {
        return stored.error();
    }
    return **stored;
}

Error CoursePackages::refused(const Session& by, const QString& target, const Error& e)
{
    // The refusal is recorded even though nothing was stored; a failure to record it does not
    // hide the reason.
    (void)AuditLog(m_db).record(by.login(), QStringLiteral("learning.refused"), target,
                                QStringLiteral("%1: %2").arg(e.code, e.message));
    return e;
}

Result<ImportResult> CoursePackages::import(const QByteArray& package, const Session& by,
                                            const QString& source, bool allowUnsignedScorm)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st.error();
    }
    if (package.size() > kMaxPackageBytes) {
        return refused(
            by, QStringLiteral("sha256:") + sha256Hex(package),
            zipError(QCoreApplication::translate("CoursePackage", "it is larger than %1 MiB")
                         .arg(kMaxPackageBytes / (1024 * 1024))));
    }
    {
        ZipReadOptions lenient;
        lenient.skipDirectories = true;
        auto files = readZip(package, lenient);
        if (files && isScormPackage(*files) && !files->contains(QLatin1String(kSignatureEntry))) {
            return importScorm(package, allowUnsignedScorm, by);
        }
    }
    const QString target = QStringLiteral("sha256:") + sha256Hex(package);
    auto v = verifyPackage(package);
    if (!v) {
        return refused(by, target, v.error());
    }
    auto publisher = publisherByKey(m_db, v->key.keyId);
    if (!publisher) {
        return publisher.error();
    }
    if (!*publisher) {
        return refused(
            by, target,
            Error(QCoreApplication::translate(
                      "CoursePackage",
                      "The package is signed by a publisher this installation does not trust (key "
                      "%1, \"%2\"): an administrator must trust the publisher's key first")
                      .arg(v->key.keyId, v->course.publisher),
                  QStringLiteral("learning.untrusted")));
    }
    if ((*publisher)->revoked()) {
        return refused(by, target,
                       Error(QCoreApplication::translate(
                                 "CoursePackage",
                                 "The package is signed with the key %1 (%2), which was revoked on "
                                 "%3")
                                 .arg(v->key.keyId, (*publisher)->name,
                                      (*publisher)->revokedAt.toString(Qt::ISODate)),
                             QStringLiteral("learning.revoked")));
    }
    auto stored =
        store(v->course, v->manifest, v->quiz, v->files, package, v->key.keyId, source, by);
    if (!stored) {
        return refused(by, target, stored.error());
    }
    return ImportResult{*stored, {}};
}

Result<ImportResult> CoursePackages::importFromCatalogue(const QByteArray& package,
                                                         const QString& courseId, int version,
                                                         const QString& sha256, const Session& by)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st.error();
    }
    const QString actual = sha256Hex(package);
    const QString target = QStringLiteral("sha256:") + actual;
    auto mismatch = [&](const QString& what) {
        return refused(
            by, target,
            Error(QCoreApplication::translate(
                      "CoursePackage",
                      "Central sent another package than its catalogue lists for %1 version %2: %3")
                      .arg(courseId)
                      .arg(version)
                      .arg(what),
                  QStringLiteral("learning.catalogue")));
    };
    if (actual != sha256.toLower()) {
        return mismatch(QCoreApplication::translate("CoursePackage",
                                                    "its SHA-256 is %1, the catalogue lists %2")
                            .arg(actual, sha256));
    }
    auto v = verifyPackage(package);
    if (v && (v->course.id != courseId || v->course.version != version)) {
        return mismatch(QCoreApplication::translate("CoursePackage", "it holds %1 version %2")
                            .arg(visibleText(v->course.id))
                            .arg(v->course.version));
    }
    return import(package, by, QStringLiteral("catalogue"));
}

Result<ImportResult> CoursePackages::importScorm(const QByteArray& zip, bool allowUnsigned,
                                                 const Session& by)
{
    if (Status st = by.require(Permission::ManageSettings); !st) {
        return st.error();
    }
    const QString target = QStringLiteral("sha256:") + sha256Hex(zip);
    if (!allowUnsigned) {
        return refused(by, target,
                       Error(QCoreApplication::translate(
                                 "CoursePackage",
                                 "SCORM packages are not signed: importing one must be allowed "
                                 "explicitly (--allow-unsigned-scorm)"),
                             QStringLiteral("learning.unsigned")));
    }
    ZipReadOptions options;
    options.skipDirectories = true;
    auto files = readZip(zip, options);
    if (!files) {
        return refused(by, target, files.error());
    }
    auto scorm = parseScorm(*files);
    if (!scorm) {
        return refused(by, target, scorm.error());
    }
    auto stored = store(scorm->course, manifestJson(scorm->course), {}, scorm->lessons, zip, {},
                        QStringLiteral("scorm"), by);
    if (!stored) {
        return refused(by, target, stored.error());
    }
    return ImportResult{*stored, scorm->unplayable};
}

Result<InstalledCourse> CoursePackages::store(const Course& course, const QByteArray& manifest,
                                              const QByteArray& quiz,
                                              const QMap<QString, QByteArray>& files,
                                              const QByteArray& package, const QString& keyId,
                                              const QString& source, const Session& by)
{
    // Every lesson must open as a PDF with pages: its page count is what "every page viewed"
    // is measured against.
    QHash<QString, int> pages;
    for (const Lesson& l : course.lessons()) {
        const int n = pdfPageCount(files.value(l.pdf));
        if (n <= 0) {
            return Error(QCoreApplication::translate(
                             "CoursePackage",
                             "lesson \"%1\": %2 is not a PDF that can be read (damaged, "
                             "encrypted or without pages)")
                             .arg(visibleText(l.id), visibleText(l.pdf)),
                         QStringLiteral("learning.pdf"));
        }
        pages.insert(l.id, n);
    }
    Transaction tx(m_db);
    if (!tx.ok()) {
        return tx.error();
    }
    auto newest = m_db.scalar(
        QStringLiteral("SELECT MAX(version) FROM courses WHERE course_id = ?"), {course.id});
    if (!newest) {
        return newest.error();
    }
    const int installed = newest->isNull() ? 0 : newest->toInt();
    auto same = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM courses WHERE course_id = ? AND version = ?"),
        {course.id, course.version});
    if (!same) {
        return same.error();
    }
    if (same->toInt() > 0) {
        return Error(QCoreApplication::translate(
                         "CoursePackage", "%1 version %2 is already installed: nothing changed")
                         .arg(course.id)
                         .arg(course.version),
                     QStringLiteral("learning.installed"));
    }
    if (installed > course.version) {
        return Error(
            QCoreApplication::translate(
                "CoursePackage", "%1 version %2 is older than the installed version %3: refused")
                .arg(course.id)
                .arg(course.version)
                .arg(installed),
            QStringLiteral("learning.older"));
    }
    // A course belongs to whoever published its installed version: a package signed with
    // another key replaces it only once that key is revoked (a publisher moving to a new key),
    // and an unsigned SCORM zip never replaces a signed or bundled course.
    if (installed > 0 && source != QLatin1String("bundled")) {
        auto owner = m_db.exec(
            QStringLiteral("SELECT c.source, c.publisher_key_id, p.name, p.revoked_at FROM "
                           "courses c LEFT JOIN learning_publishers p ON p.key_id = "
                           "c.publisher_key_id WHERE c.course_id = ? AND c.version = ?"),
            {course.id, installed});
        if (!owner) {
            return owner.error();
        }
        if (owner->next()) {
            const QString ownerSource = owner->value(0).toString();
            const QString ownerKey = owner->value(1).toString();
            const bool ownerRevoked = !owner->value(3).toString().isEmpty();
            if (source == QLatin1String("scorm") && ownerSource != QLatin1String("scorm")) {
                return Error(QCoreApplication::translate(
                                 "CoursePackage",
                                 "%1 is installed from a signed package or with the "
                                 "application: an unsigned SCORM package cannot replace it")
                                 .arg(course.id),
                             QStringLiteral("learning.publisher"));
            }
            if (!ownerKey.isEmpty() && ownerKey != keyId && !ownerRevoked) {
                return Error(QCoreApplication::translate(
                                 "CoursePackage",
                                 "%1 is published with the key %2 (%3): a package signed with "
                                 "another key cannot replace it while that key is trusted")
                                 .arg(course.id, ownerKey, owner->value(2).toString()),
                             QStringLiteral("learning.publisher"));
            }
        }
    }
    const QString sha = sha256Hex(package);
    if (Status st = m_db.run(
            QStringLiteral("INSERT INTO courses (course_id, version, title, title_en, "
                           "description, publisher, publisher_key_id, source, manifest, quiz, "
                           "package, package_sha256, imported_at, imported_by) VALUES (?, ?, ?, "
                           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {course.id, course.version, course.title, course.titleEn, course.description,
             course.publisher, keyId, source, QString::fromUtf8(manifest), QString::fromUtf8(quiz),
             package, sha, Clock::isoNow(), by.login()});
        !st) {
        return st.error();
    }
    auto row =
        m_db.scalar(QStringLiteral("SELECT id FROM courses WHERE course_id = ? AND version = ?"),
                    {course.id, course.version});
    if (!row) {
        return row.error();
    }
    int position = 0;
    for (const Module& m : course.modules) {
        for (const Lesson& l : m.lessons) {
            const QByteArray pdf = files.value(l.pdf);
            if (Status st = m_db.run(
                    QStringLiteral("INSERT INTO course_lessons (course_row, lesson_id, module_id, "
                                   "position, title, title_en, pages, pdf) VALUES (?, ?, ?, ?, "
                                   "?, ?, ?, ?)"),
                    {row->toLongLong(), l.id, m.id, ++position, l.title, l.titleEn,
                     pages.value(l.id), pdf});
                !st) {
                return st.error();
            }
        }
    }
    if (Status st = AuditLog(m_db).record(
            by.login(), QStringLiteral("learning.import"),
            QStringLiteral("%1 v%2").arg(course.id).arg(course.version),
            QStringLiteral("source=%1 sha256=%2 key=%3 lessons=%4")
                .arg(source, sha, keyId.isEmpty() ? QStringLiteral("-") : keyId)
                .arg(position));
        !st) {
        return st.error();
    }
    if (Status st = tx.commit(); !st) {
        return st.error();
    }
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM courses c WHERE c.id = ?")
                           .arg(QLatin1String(kCourseColumns)),
                       {row->toLongLong()});
    if (!q) {
        return q.error();
    }
    if (!q->next()) {
        return Error(
            QCoreApplication::translate("CoursePackage", "the imported course cannot be read back"),
            QStringLiteral("learning.db"));
    }
    return courseFromRow(*q);
}

Result<QList<InstalledCourse>> CoursePackages::installBundled(const QString& dir)
{
    // The courses that ship inside the application are as trustworthy as the application
    // itself: they are installed from its resources without a publisher signature, as source
    // "bundled", once per version. A newer version already installed (from a package) is kept.
    QList<InstalledCourse> added;
    const QDir root(dir);
    const QStringList ids = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    Operator application;
    application.login = QStringLiteral("madoguchi");
    const Session system(application);
    for (const QString& id : ids) {
        auto folder = readCourseFolder(root.filePath(id));
        if (!folder) {
            return folder.error();
        }
        auto newest =
            m_db.scalar(QStringLiteral("SELECT MAX(version) FROM courses WHERE course_id = ?"),
                        {folder->course.id});
        if (!newest) {
            return newest.error();
        }
        if (!newest->isNull() && newest->toInt() >= folder->course.version) {
            continue;
        }
        auto stored = store(folder->course, folder->manifest, folder->quiz, folder->files, {}, {},
                            QStringLiteral("bundled"), system);
        if (!stored) {
            return stored.error();
        }
        added.append(*stored);
    }
    return added;
}

Result<QList<InstalledCourse>> CoursePackages::installed() const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM courses c WHERE c.version = (SELECT "
                                      "MAX(d.version) FROM courses d WHERE d.course_id = "
                                      "c.course_id) ORDER BY c.course_id")
                           .arg(QLatin1String(kCourseColumns)));
    if (!q) {
        return q.error();
    }
    QList<InstalledCourse> out;
    while (q->next()) {
        out.append(courseFromRow(*q));
    }
    return out;
}

} // namespace madoguchi::learning
