#include "learning/Scorm.h"

#include "learning/Course.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <QXmlStreamReader>

namespace madoguchi::learning {

namespace {

Error scormError(const QString& what)
{
    return Error(QCoreApplication::translate("Scorm", "The SCORM package cannot be imported: %1")
                     .arg(visibleText(what)),
                 QStringLiteral("learning.scorm"));
}

struct Item
{
    QString identifier;
    QString resourceRef; // identifierref; empty for an item that only groups others
    QString title;
    QList<Item> children;
};

struct Organization
{
    QString identifier;
    QString title;
    QList<Item> items;
};

struct Resource
{
    QString identifier;
    QString href; // relative to the zip's root (xml:base applied)
    QString type;
    QString scormType; // sco / asset
};

struct Manifest
{
    QString identifier;
    QString version;
    QString defaultOrganization;
    QList<Organization> organizations;
    QMap<QString, Resource> resources;
    bool sawOrganizations = false;
};

QString attribute(const QXmlStreamReader& x, const char* localName)
{
    for (const QXmlStreamAttribute& a : x.attributes()) {
        if (a.name().compare(QLatin1String(localName), Qt::CaseInsensitive) == 0) {
            return a.value().toString().trimmed();
        }
    }
    return {};
}

// The text of a <title> element (the reader is on its start).
QString readTitle(QXmlStreamReader& x)
{
    return x.readElementText(QXmlStreamReader::IncludeChildElements).simplified();
}

// Items nest at most this deep: a hostile manifest nested without end would exhaust the
// stack of the reader and of the builder that walks the items.
constexpr int kMaxItemDepth = 32;

Item readItem(QXmlStreamReader& x, int depth = 1)
{
    Item item;
    if (depth > kMaxItemDepth) {
        x.raiseError(QCoreApplication::translate(
                         "Scorm", "imsmanifest.xml nests items more than %1 levels deep")
                         .arg(kMaxItemDepth));
        return item;
    }
    item.identifier = attribute(x, "identifier");
    item.resourceRef = attribute(x, "identifierref");
    while (x.readNextStartElement()) {
        if (x.name() == QLatin1String("title")) {
            item.title = readTitle(x);
        } else if (x.name() == QLatin1String("item")) {
            item.children.append(readItem(x, depth + 1));
        } else {
            x.skipCurrentElement();
        }
    }
    return item;
}

Organization readOrganization(QXmlStreamReader& x)
{
    Organization o;
    o.identifier = attribute(x, "identifier");
    while (x.readNextStartElement()) {
        if (x.name() == QLatin1String("title")) {
            o.title = readTitle(x);
        } else if (x.name() == QLatin1String("item")) {
            o.items.append(readItem(x));
        } else {
            x.skipCurrentElement();
        }
    }
    return o;
}

QString joinPath(const QString& base, const QString& href)
{
    QString h = href;
    const qsizetype cut = h.indexOf(QRegularExpression(QStringLiteral("[?#]")));
    if (cut >= 0) {
        h.truncate(cut);
    }
    if (base.isEmpty()) {
        return h;
    }
    return base.endsWith(QLatin1Char('/')) ? base + h : base + QLatin1Char('/') + h;
}

Result<Manifest> readManifest(const QByteArray& xml)
{
    Manifest m;
    QXmlStreamReader x(xml);
    if (!x.readNextStartElement() || x.name() != QLatin1String("manifest")) {
        if (x.hasError()) {
            return scormError(
                QCoreApplication::translate("Scorm", "imsmanifest.xml is not XML (line %1: %2)")
                    .arg(x.lineNumber())
                    .arg(x.errorString()));
        }
        return scormError(
            QCoreApplication::translate("Scorm", "imsmanifest.xml has no <manifest> root element"));
    }
    m.identifier = attribute(x, "identifier");
    m.version = attribute(x, "version");
    const QString manifestBase = attribute(x, "base");
    while (x.readNextStartElement()) {
        if (x.name() == QLatin1String("organizations")) {
            m.sawOrganizations = true;
            m.defaultOrganization = attribute(x, "default");
            while (x.readNextStartElement()) {
                if (x.name() == QLatin1String("organization")) {
                    m.organizations.append(readOrganization(x));
                } else {
                    x.skipCurrentElement();
                }
            }
        } else if (x.name() == QLatin1String("resources")) {
            const QString resourcesBase = joinPath(manifestBase, attribute(x, "base"));
            while (x.readNextStartElement()) {
                if (x.name() == QLatin1String("resource")) {
                    Resource r;
                    r.identifier = attribute(x, "identifier");
                    r.type = attribute(x, "type");
                    r.scormType = attribute(x, "scormtype").toLower();
                    const QString href = attribute(x, "href");
                    if (!href.isEmpty()) {
                        r.href = joinPath(joinPath(resourcesBase, attribute(x, "base")), href);
                    }
                    x.skipCurrentElement();
                    if (r.identifier.isEmpty()) {
                        return scormError(
                            QCoreApplication::translate("Scorm", "a resource has no identifier"));
                    }
                    m.resources.insert(r.identifier, r);
                } else {
                    x.skipCurrentElement();
                }
            }
        } else {
            x.skipCurrentElement();
        }
    }
    if (x.error() == QXmlStreamReader::CustomError) {
        return scormError(x.errorString());
    }
    if (x.hasError()) {
        return scormError(
            QCoreApplication::translate("Scorm", "imsmanifest.xml is not XML (line %1: %2)")
                .arg(x.lineNumber())
                .arg(x.errorString()));
    }
    if (!m.sawOrganizations || m.organizations.isEmpty()) {
        return scormError(
            QCoreApplication::translate("Scorm", "imsmanifest.xml has no organization"));
    }
    return m;
}

// [A-Za-z0-9_-]{1,64}, unique within `taken`.
QString partId(const QString& wanted, const QString& fallback, QSet<QString>& taken)
{
    QString id = wanted;
    id.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]")), QStringLiteral("-"));
    id.truncate(56);
    if (id.isEmpty()) {
        id = fallback;
    }
    QString unique = id;
    for (int n = 2; taken.contains(unique); ++n) {
        unique = QStringLiteral("%1-%2").arg(id).arg(n);
    }
    taken.insert(unique);
    return unique;
}

QString courseIdFrom(const QString& identifier)
{
    QString id = identifier.toLower();
    id.replace(QRegularExpression(QStringLiteral("[^a-z0-9-]+")), QStringLiteral("-"));
    id.replace(QRegularExpression(QStringLiteral("^-+|-+$")), QString());
    id.truncate(64);
    if (id.size() < 3) {
        id = id.isEmpty() ? QStringLiteral("scorm-course") : QStringLiteral("scorm-") + id;
    }
    return id;
}

// Each line as a message quotes it, one under the other.
QString visibleLines(const QStringList& lines)
{
    QStringList out;
    for (const QString& l : lines) {
        out.append(visibleText(l));
    }
    return out.join(QLatin1Char('\n'));
}

class Builder
{
public:
    Builder(const Manifest& m, const QMap<QString, QByteArray>& files) : m_m(m), m_files(files) {}

    Status collect(const Item& item, Module& module)
    {
        if (!item.resourceRef.isEmpty()) {
            if (!m_m.resources.contains(item.resourceRef)) {
                return scormError(QCoreApplication::translate(
                                      "Scorm",
                                      "item \"%1\" names the resource \"%2\", which the manifest "
                                      "does not have")
                                      .arg(item.identifier, item.resourceRef));
            }
            const Resource& r = m_m.resources.value(item.resourceRef);
            if (r.href.isEmpty()) {
                m_unplayable.append(
                    QCoreApplication::translate(
                        "Scorm", "item \"%1\" (%2): resource \"%3\" has no file to open")
                        .arg(item.identifier, item.title, r.identifier));
            } else if (!m_files.contains(r.href)) {
                return scormError(
                    QCoreApplication::translate(
                        "Scorm", "resource \"%1\" points to %2, which is not in the zip")
                        .arg(r.identifier, r.href));
            } else if (r.href.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) &&
                       m_files.value(r.href).startsWith("%PDF-")) {
                Lesson l;
                l.id = partId(item.identifier, QStringLiteral("lesson"), m_lessonIds);
                l.title = item.title.isEmpty() ? r.href : item.title;
                l.pdf = r.href;
                module.lessons.append(l);
                m_lessons.insert(r.href, m_files.value(r.href));
            } else if (r.href.endsWith(QLatin1String(".html"), Qt::CaseInsensitive) ||
                       r.href.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive)) {
                m_unplayable.append(
                    QCoreApplication::translate(
                        "Scorm", "item \"%1\" (%2): %3 is an HTML %4, which cannot be played here")
                        .arg(item.identifier, item.title, r.href,
                             r.scormType == QLatin1String("sco") ? QStringLiteral("SCO")
                                                                 : QStringLiteral("page")));
            } else {
                m_unplayable.append(
                    QCoreApplication::translate(
                        "Scorm", "item \"%1\" (%2): %3 is not a PDF and cannot be played here")
                        .arg(item.identifier, item.title, r.href));
            }
        }
        for (const Item& child : item.children) {
            if (Status st = collect(child, module); !st) {
                return st;
            }
        }
        return {};
    }

    Result<ScormCourse> build()
    {
        ScormCourse out;
        Course& c = out.course;
        c.id = courseIdFrom(m_m.identifier.isEmpty() ? m_m.organizations.first().identifier
                                                     : m_m.identifier);
        bool ok = false;
        const int version = m_m.version.toInt(&ok);
        c.version = ok && version >= 1 ? version : 1;
        const Organization* main = &m_m.organizations.first();
        for (const Organization& o : m_m.organizations) {
            if (o.identifier == m_m.defaultOrganization) {
                main = &o;
            }
        }
        c.title = main->title.isEmpty() ? c.id : main->title;
        c.publisher = QStringLiteral("SCORM");
        c.quizFile.clear();
        c.requireQuiz = false;
        c.requireAllLessons = true;
        // One module per organization, and one per top-level item that holds items of its own.
        for (const Organization& o : m_m.organizations) {
            Module loose;
            loose.id = partId(o.identifier, QStringLiteral("module"), m_moduleIds);
            loose.title = o.title.isEmpty() ? c.title : o.title;
            QList<Module> grouped;
            for (const Item& item : o.items) {
                if (item.children.isEmpty()) {
                    if (Status st = collect(item, loose); !st) {
                        return st.error();
                    }
                    continue;
                }
                Module m;
                m.id = partId(item.identifier, QStringLiteral("module"), m_moduleIds);
                m.title = item.title.isEmpty() ? loose.title : item.title;
                if (Status st = collect(item, m); !st) {
                    return st.error();
                }
                if (!m.lessons.isEmpty()) {
                    grouped.append(m);
                }
            }
            if (!loose.lessons.isEmpty()) {
                c.modules.append(loose);
            }
            c.modules.append(grouped);
        }
        out.unplayable = m_unplayable;
        if (c.modules.isEmpty()) {
            return Error(
                QCoreApplication::translate(
                    "Scorm", "The SCORM package has nothing that can be played here (only PDF "
                             "lessons can):\n%1")
                    .arg(m_unplayable.isEmpty() ? QCoreApplication::translate(
                                                      "Scorm", "it has no item with a resource")
                                                : visibleLines(m_unplayable)),
                QStringLiteral("learning.scorm"));
        }
        out.lessons = m_lessons;
        return out;
    }

private:
    const Manifest& m_m;
    const QMap<QString, QByteArray>& m_files;
    QSet<QString> m_moduleIds;
    QSet<QString> m_lessonIds;
    QStringList m_unplayable;
    QMap<QString, QByteArray> m_lessons;
};

} // namespace

bool isScormPackage(const QMap<QString, QByteArray>& files)
{
    return files.contains(QLatin1String(kScormManifest));
}

Result<ScormCourse> parseScorm(const QMap<QString, QByteArray>& files)
{
    if (!isScormPackage(files)) {
        return scormError(QCoreApplication::translate(
            "Scorm", "there is no imsmanifest.xml at the root of the zip"));
    }
    auto m = readManifest(files.value(QLatin1String(kScormManifest)));
    if (!m) {
        return m.error();
    }
    return Builder(*m, files).build();
}

} // namespace madoguchi::learning
