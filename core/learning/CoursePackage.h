#pragma once
// Course packages (docs/course-package.md): a zip of manifest.json, quiz.json and lessons/*.pdf
// signed by its publisher (signature.json, ECDSA with an EC key of 256 bits or more).
//
// Reading is safe against hostile zips: entries with "..", absolute paths, symbolic links,
// directories, duplicate names, names with control characters, more than kMaxEntries entries or
// more than kMaxUncompressed bytes once inflated are refused ("learning.zip", naming the entry)
// before anything is used.
//
// CoursePackages keeps the publishers this installation trusts (learning_publishers) and
// imports packages into courses / course_lessons in one transaction: the same version twice is
// "already installed" and changes nothing, an older version than the installed one is refused,
// a newer one is added and becomes the one learners take, unless the installed version was
// signed with another key that is still trusted, or the newer one is an unsigned SCORM zip
// over a signed or bundled course (learning.publisher). Every refusal has its own code
// (learning.unsigned, learning.signature, learning.tampered, learning.untrusted,
// learning.revoked, learning.zip, learning.manifest, learning.quiz, learning.older,
// learning.installed, learning.publisher, learning.key) and a message that says what is wrong;
// trust, revoke, import and every refusal of an import are audited. Trust, revoke and import need
// ManageSettings.

#include "auth/Session.h"
#include "learning/Course.h"
#include "storage/Database.h"

#include <QDateTime>
#include <QMap>

namespace madoguchi::learning {

inline constexpr int kMaxEntries = 500;
inline constexpr qint64 kMaxUncompressed = 200LL * 1024 * 1024;
// A package file larger than this is refused unread: its entries could not fit the limit above.
inline constexpr qint64 kMaxPackageBytes = kMaxUncompressed + 16LL * 1024 * 1024;
inline constexpr const char* kSignatureEntry = "signature.json";
inline constexpr const char* kSignatureAlgorithm = "ecdsa-sha256";

// The files of a zip by path, in path order. Options for SCORM zips, which may carry
// directory entries (skipped, never refused).
struct ZipReadOptions
{
    bool skipDirectories = false;
};
Result<QMap<QString, QByteArray>> readZip(const QByteArray& zip, const ZipReadOptions& = {});
// A zip of these files, names as given, with a fixed time stamp (the same files give the same
// bytes).
Result<QByteArray> writeZip(const QMap<QString, QByteArray>& files);

// An EC public key (PEM) of 256 bits or more and its key id: the SHA-256 of its DER
// SubjectPublicKeyInfo, hex. RSA and smaller keys are refused ("learning.key").
struct PublicKeyInfo
{
    QByteArray pem; // normalised PEM
    QString keyId;
};
Result<PublicKeyInfo> publisherKey(const QByteArray& pem);

// The `signed` text: "<sha256 hex>  <path>\n" for every file, sorted by path.
QByteArray signedList(const QMap<QString, QByteArray>& files);

// Signs the files (none named signature.json) with a PEM private key (EC, 256 bits or more)
// and returns the package.
Result<QByteArray> signPackage(const QMap<QString, QByteArray>& files,
                               const QByteArray& privateKeyPem);
// A package from a course folder as committed: manifest.json, quiz.json and the lesson PDFs
// the manifest names (other files of the folder, such as lesson sources, are left out). The
// manifest and quiz are checked before anything is signed.
Result<QByteArray> packCourse(const QString& dir, const QByteArray& privateKeyPem);

// A course folder as committed (resources/courses/<id>): its manifest and quiz checked, the
// entries a package of it holds.
struct CourseFolder
{
    Course course; // with its quiz
    QByteArray manifest;
    QByteArray quiz;
    QMap<QString, QByteArray> files; // package path → bytes
};
Result<CourseFolder> readCourseFolder(const QString& dir);

// A package whose signature, hashes, manifest and quiz are all good (the publisher's key is
// not checked against any trust list here).
struct VerifiedPackage
{
    Course course; // with its quiz
    QByteArray manifest;
    QByteArray quiz;
    QMap<QString, QByteArray> files; // every entry but signature.json
    PublicKeyInfo key;
    QString sha256; // of the package bytes, hex
};
Result<VerifiedPackage> verifyPackage(const QByteArray& package);

struct Publisher
{
    qint64 id = 0;
    QString keyId;
    QString name;
    QByteArray publicKeyPem;
    QDateTime trustedAt;
    QString trustedBy;
    QDateTime revokedAt; // invalid while trusted
    QString revokedBy;
    bool revoked() const { return revokedAt.isValid(); }
};

struct InstalledCourse
{
    qint64 row = 0; // courses.id
    QString courseId;
    int version = 0;
    QString title;
    QString titleEn;
    QString publisher;
    QString publisherKeyId;
    QString source; // package / catalogue / scorm
    QString sha256;
    int lessonCount = 0;
    int pageCount = 0;
    QDateTime importedAt;
    QString importedBy;
};

struct ImportResult
{
    InstalledCourse course;
    QStringList unplayable; // SCORM: the parts that cannot be played here
};

class CoursePackages
{
public:
    explicit CoursePackages(Database db) : m_db(std::move(db)) {}

    // Trusting a key that is trusted already returns it unchanged; a revoked key stays revoked.
    Result<Publisher> trust(const QByteArray& publicKeyPem, const QString& name, const Session& by);
    Result<QList<Publisher>> publishers() const;
    Result<Publisher> revoke(const QString& keyId, const Session& by);

    // source: package (a file) or catalogue (fetched from central). An unsigned SCORM zip goes
    // to importScorm (refused unless allowUnsignedScorm).
    Result<ImportResult> import(const QByteArray& package, const Session& by,
                                const QString& source = QStringLiteral("package"),
                                bool allowUnsignedScorm = false);
    // A package fetched from central's catalogue as the entry courseId / version / sha256:
    // refused (learning.catalogue, audited) unless it is exactly that package, then imported
    // as source "catalogue" with every check of import().
    Result<ImportResult> importFromCatalogue(const QByteArray& package, const QString& courseId,
                                             int version, const QString& sha256, const Session& by);
    // A SCORM 1.2 zip (imsmanifest.xml at its root): unsigned, so only when allowUnsigned is
    // set. Its PDF lessons are imported, the rest reported in ImportResult::unplayable.
    Result<ImportResult> importScorm(const QByteArray& zip, bool allowUnsigned, const Session& by);

    // The newest version of each installed course, by course id.
    Result<QList<InstalledCourse>> installed() const;

    // The starter courses shipped with the application (every course folder under dir, e.g.
    // ":/courses"), installed as source "bundled" unless that version or a newer one is here.
    Result<QList<InstalledCourse>> installBundled(const QString& dir);

private:
    Error refused(const Session& by, const QString& target, const Error& e);
    Result<InstalledCourse> store(const Course& course, const QByteArray& manifest,
                                  const QByteArray& quiz, const QMap<QString, QByteArray>& files,
                                  const QByteArray& package, const QString& keyId,
                                  const QString& source, const Session& by);

    Database m_db;
};

// Pages of a PDF as Poppler reads its page tree; -1 when it cannot be opened or is encrypted.
int pdfPageCount(const QByteArray& pdf);

} // namespace madoguchi::learning
