#pragma once
// SCORM 1.2 content packages: a zip with imsmanifest.xml at its root (organizations → items →
// resources). Items whose resource is a PDF become lessons, one module per organization or per
// top-level item that has items of its own. Everything else (HTML SCOs, other resources) cannot
// be played here and is listed in `unplayable`, never dropped silently. A package with nothing
// playable is refused with that list; a malformed manifest (not XML, no organizations, an item
// naming a missing resource, a resource whose file is not in the zip) is refused with the
// reason. Code "learning.scorm" (the zip itself: "learning.zip").

#include "learning/Course.h"

#include <QMap>

namespace madoguchi::learning {

inline constexpr const char* kScormManifest = "imsmanifest.xml";

struct ScormCourse
{
    Course course;                     // no quiz; completion: every lesson viewed
    QMap<QString, QByteArray> lessons; // pdf path in the zip → bytes
    QStringList unplayable;            // one line per part that cannot be played
};

bool isScormPackage(const QMap<QString, QByteArray>& files);
Result<ScormCourse> parseScorm(const QMap<QString, QByteArray>& files);

} // namespace madoguchi::learning
