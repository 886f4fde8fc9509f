#include "registry/ResidentCsv.h"

#include "audit/AuditLog.h"
#include "common/Clock.h"
#include "common/Csv.h"
#include "registry/RegistryService.h"
#include "storage/Transaction.h"
#include "text/Wareki.h"

#include <QCoreApplication>
#include <QHash>

namespace madoguchi {

namespace {
QString csvField(const QString& v)
{
    if (v.contains(u',') || v.contains(u'"') || v.contains(u'\n') || v.contains(u'\r')) {
        return u'"' + QString(v).replace(u'"', QStringLiteral("\"\"")) + u'"';
    }
    return v;
}

QDate parseDate(const QString& text, bool* ok)
{
    *ok = true;
    if (text.trimmed().isEmpty()) {
        return {};
    }
    auto d = text::Wareki::parse(text);
    *ok = d.ok();
    return d.ok() ? *d : QDate();
}
} // namespace

QStringList ResidentCsv::columns()
{
    return {QStringLiteral("resident_code"),
            QStringLiteral("household_key"),
            QStringLiteral("relationship"),
            QStringLiteral("family_name"),
            QStringLiteral("given_name"),
            QStringLiteral("family_kana"),
            QStringLiteral("given_kana"),
            QStringLiteral("alpha_name"),
            QStringLiteral("nationality"),
            QStringLiteral("residence_status"),
            QStringLiteral("residence_period"),
            QStringLiteral("residence_expiry"),
            QStringLiteral("residence_card_no"),
            QStringLiteral("birth_date"),
            QStringLiteral("sex"),
            QStringLiteral("lg_code"),
            QStringLiteral("postal_code"),
            QStringLiteral("town"),
            QStringLiteral("banchi"),
            QStringLiteral("building"),
            QStringLiteral("became_resident_on"),
            QStringLiteral("honseki"),
            QStringLiteral("hittousha"),
            QStringLiteral("notes"),
            QStringLiteral("status"),
            QStringLiteral("removed_on"),
            QStringLiteral("removed_reason")};
}

Result<ResidentImportReport> ResidentCsv::import(QIODevice* csv, RegistryService& registry,
                                                 const Database& db, const Session& by,
                                                 bool skipBad)
{
    if (Status st = by.require(Permission::EditResidents); !st) {
        return st.error();
    }
    CsvReader reader(csv);
    const QStringList required = {QStringLiteral("household_key"), QStringLiteral("family_kana"),
                                  QStringLiteral("birth_date"),    QStringLiteral("sex"),
                                  QStringLiteral("lg_code"),       QStringLiteral("postal_code"),
                                  QStringLiteral("town"),          QStringLiteral("banchi")};
    if (Status st = reader.readHeader(required); !st) {
        return st.error();
    }
    ResidentImportReport report;
    // Strict: one transaction for the whole file, rolled back at the first problem's end.
    std::optional<Transaction> tx;
    if (!skipBad) {
        tx.emplace(db);
        if (!tx->ok()) {
            return tx->error();
        }
    }
    QHash<QString, qint64> households;
    auto problem = [&](qint64 line, const QString& why) {
        report.problems
            << QCoreApplication::translate("ResidentCsv", "line %1: %2").arg(line).arg(why);
    };
    while (reader.next()) {
        const qint64 line = reader.lineNumber();
        auto f = [&](const char* column) {
            return reader.field(QString::fromLatin1(column)).trimmed();
        };
        NewResident n;
        Resident& p = n.person;
        n.residentCode = f("resident_code");
        p.relationship = f("relationship");
        p.familyName = f("family_name");
        p.givenName = f("given_name");
        p.familyKana = f("family_kana");
        p.givenKana = f("given_kana");
        p.alphaName = f("alpha_name");
        p.isForeign = !p.alphaName.isEmpty();
        p.nationality = f("nationality");
        p.residenceStatus = f("residence_status");
        p.residencePeriod = f("residence_period");
        p.residenceCardNo = f("residence_card_no");
        p.honseki = f("honseki");
        p.hittousha = f("hittousha");
        p.notes = f("notes");
        p.address = {f("lg_code"), f("postal_code"), f("town"), f("banchi"), f("building")};
        const QString sex = f("sex");
        p.sex = (sex == QStringLiteral("男") || sex == QStringLiteral("male"))
                    ? QStringLiteral("male")
                : (sex == QStringLiteral("女") || sex == QStringLiteral("female"))
                    ? QStringLiteral("female")
                    : sex;
        bool ok = true;
        p.birthDate = parseDate(f("birth_date"), &ok);
        if (!ok || !p.birthDate.isValid()) {
            problem(line, QCoreApplication::translate("ResidentCsv",
                                                      "the date of birth \"%1\" is not a date")
                              .arg(f("birth_date")));
            continue;
        }
        p.residenceExpiry = parseDate(f("residence_expiry"), &ok);
        if (!ok) {
            problem(line, QCoreApplication::translate(
                              "ResidentCsv", "the end of the period of stay \"%1\" is not a date")
                              .arg(f("residence_expiry")));
            continue;
        }
        QDate since = parseDate(f("became_resident_on"), &ok);
        if (!ok) {
            problem(line, QCoreApplication::translate("ResidentCsv",
                                                      "the date of moving in \"%1\" is not a date")
                              .arg(f("became_resident_on")));
            continue;
        }
        if (!since.isValid()) {
            since = Clock::today();
        }
        const QString key = f("household_key");
        if (key.isEmpty()) {
            problem(line, QCoreApplication::translate("ResidentCsv", "the household key is empty"));
            continue;
        }
        n.householdId = households.value(key, 0);
        auto r = registry.registerResident(
            n, MoveKind::MoveIn, since, QCoreApplication::translate("ResidentCsv", "import"), by);
        if (!r) {
            problem(line, r.errorMessage());
            continue;
        }
        if (n.householdId == 0) {
            households.insert(key, r->householdId);
            ++report.households;
        }
        ++report.imported;
    }
    if (!reader.error().isEmpty()) {
        report.problems << reader.error();
        if (!skipBad) {
            return report; // the transaction rolls back
        }
    }
    if (!skipBad) {
        if (!report.problems.isEmpty()) {
            report.imported = 0;
            report.households = 0;
            return report; // nothing is imported from a file with errors
        }
        if (Status st = tx->commit(); !st) {
            return st.error();
        }
    }
    AuditLog(db)
        .record(by.login(), QStringLiteral("resident.import"), QString(),
                QStringLiteral("%1 residents, %2 problems")
                    .arg(report.imported)
                    .arg(report.problems.size()))
        .ok();
    return report;
}

Result<int> ResidentCsv::exportTo(QIODevice* out, RegistryService& registry, const Database& db,
                                  const Session& by, bool includeRemoved)
{
    if (Status st = by.require(Permission::ViewResidents); !st) {
        return st.error();
    }
    auto q =
        db.exec(QStringLiteral("SELECT id FROM residents %1 ORDER BY kana_key, birth_date, id")
                    .arg(includeRemoved ? QString() : QStringLiteral("WHERE status = 'current'")));
    if (!q) {
        return q.error();
    }
    QList<qint64> ids;
    while (q->next()) {
        ids << q->value(0).toLongLong();
    }
    q->finish();
    out->write(columns().join(u',').toUtf8() + "\n");
    int written = 0;
    for (qsizetype from = 0; from < ids.size(); from += 500) {
        auto batch = registry.loadMany(ids.mid(from, 500));
        if (!batch) {
            return batch.error();
        }
        for (const Resident& r : std::as_const(*batch)) {
            auto iso = [](const QDate& d) {
                return d.isValid() ? d.toString(Qt::ISODate) : QString();
            };
            const QStringList fields = {
                r.residentCode,    r.householdNo,        r.relationship,
                r.familyName,      r.givenName,          r.familyKana,
                r.givenKana,       r.alphaName,          r.nationality,
                r.residenceStatus, r.residencePeriod,    iso(r.residenceExpiry),
                r.residenceCardNo, iso(r.birthDate),     r.sex,
                r.address.lgCode,  r.address.postalCode, r.address.town,
                r.address.banchi,  r.address.building,   iso(r.becameResidentOn),
                r.honseki,         r.hittousha,          r.notes,
                r.status,          iso(r.removedOn),     r.removedReason};
            QStringList escaped;
            for (const QString& v : fields) {
                escaped << csvField(v);
            }
            if (out->write(escaped.join(u',').toUtf8() + "\n") < 0) {
                return Error(QCoreApplication::translate("ResidentCsv", "cannot write: %1")
                                 .arg(out->errorString()),
                             QStringLiteral("registry.export"));
            }
            ++written;
        }
    }
    if (Status st = AuditLog(db).record(by.login(), QStringLiteral("resident.export"), QString(),
                                        QStringLiteral("%1 residents").arg(written));
        !st) {
        return st.error();
    }
    return written;
}

} // namespace madoguchi
