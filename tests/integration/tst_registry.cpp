// The register: entering, moves, history, corrections with approval, My Number privacy, DV flag,
// against SQLite and PostgreSQL.
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "ids/Identifiers.h"
#include "registry/RegistryService.h"

#include <QTest>

using namespace madoguchi;

namespace {
NewResident takahashi()
{
    NewResident n = test::hanako();
    n.person.address.postalCode = QStringLiteral("〒248-0012"); // typed as a clerk would
    n.person.honseki = QStringLiteral("神奈川県鎌倉市御成町1番");
    n.myNumber = QStringLiteral("123456789018");
    return n;
}
} // namespace

class TestRegistry : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    struct Fixture
    {
        Database db;
        test::Staff staff;
    };
    Fixture make(const QString& engine)
    {
        auto db = test::registerDatabase(engine, m_dir);
        if (!db) {
            qFatal("%s", qPrintable(db.errorMessage()));
        }
        auto staff = test::makeStaff(*db);
        if (!staff) {
            qFatal("%s", qPrintable(staff.errorMessage()));
        }
        return {*db, *staff};
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    }

    void registerViewAndHousehold_data() { test::addEngineRows(); }
    void registerViewAndHousehold()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        auto r = reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1),
                                      QStringLiteral("東京都から"), f.staff.clerk);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        QCOMPARE(r->familyName, QStringLiteral("髙橋")); // stored exactly as registered
        QCOMPARE(r->relationship, QStringLiteral("世帯主"));
        QCOMPARE(r->address.postalCode, QStringLiteral("2480012"));
        QCOMPARE(r->addressDisplay, QStringLiteral("神奈川県鎌倉市御成町1丁目2番3号"));
        QCOMPARE(r->becameResidentOn, QDate(2020, 4, 1));
        QVERIFY(r->hasMyNumber);
        QVERIFY(ids::check(ids::Kind::ResidentCode, r->residentCode).valid);

        NewResident spouse;
        spouse.person = takahashi().person;
        spouse.person.givenName = QStringLiteral("一郎");
        spouse.person.givenKana = QStringLiteral("イチロウ");
        spouse.person.sex = QStringLiteral("male");
        spouse.person.birthDate = QDate(1972, 7, 7);
        spouse.person.relationship = QStringLiteral("夫");
        spouse.householdId = r->householdId;
        auto s =
            reg.registerResident(spouse, MoveKind::MoveIn, QDate(2020, 4, 1), {}, f.staff.clerk);
        QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
        auto members = reg.householdMembers(r->householdId, f.staff.clerk);
        QVERIFY(members.ok());
        QCOMPARE(members->size(), 2);
        QCOMPARE(members->first().id, r->id); // the head first

        auto seen = reg.view(r->id, QStringLiteral("住民票の写しの請求"), f.staff.clerk);
        QVERIFY(seen.ok());
        auto log = AuditLog(f.db).query(AuditFilter::of(QStringLiteral("resident.view"), r->id));
        QVERIFY(log.ok());
        QCOMPARE(log->size(), 1);
        QCOMPARE(log->first().purpose, QStringLiteral("住民票の写しの請求"));
        QCOMPARE(log->first().operatorLogin, QStringLiteral("clerk"));

        // A trainee may not look residents up nor enter them.
        QCOMPARE(reg.view(r->id, {}, f.staff.trainee).error().code, QStringLiteral("auth.denied"));
        QCOMPARE(reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                      f.staff.trainee)
                     .error()
                     .code,
                 QStringLiteral("auth.denied"));
    }

    void badInputIsRefused_data()
    {
        QTest::addColumn<int>("what");
        for (int i = 0; i < 8; ++i) {
            QTest::newRow(QByteArray::number(i).constData()) << i;
        }
    }
    void badInputIsRefused()
    {
        QFETCH(int, what);
        Fixture f = make(QStringLiteral("sqlite"));
        RegistryService reg(f.db);
        NewResident n = takahashi();
        switch (what) {
        case 0:
            n.person.familyKana = QStringLiteral("高橋"); // reading not in kana
            break;
        case 1:
            n.person.birthDate = QDate::currentDate().addDays(3);
            break;
        case 2:
            n.person.address.postalCode = QStringLiteral("248-001");
            break;
        case 3:
            n.residentCode = QStringLiteral("12345678900"); // wrong check digit
            break;
        case 4:
            n.myNumber = QStringLiteral("123456789017");
            break;
        case 5:
            n.person.address.lgCode = QStringLiteral("142041");
            break;
        case 6:
            n.person.givenName.clear();
            break;
        case 7:
            n.person.isForeign = true;
            n.person.alphaName = QStringLiteral("SMITH JOHN"); // no status of residence
            break;
        }
        auto r = reg.registerResident(n, MoveKind::MoveIn, QDate(2020, 4, 1), {}, f.staff.clerk);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("registry.invalid"));
        QVERIFY(!r.errorMessage().isEmpty());
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM residents"))->toInt(), 0);
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM households"))->toInt(), 0);
    }

    void movesLeaveHistory_data() { test::addEngineRows(); }
    void movesLeaveHistory()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        auto r = reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                      f.staff.clerk);
        QVERIFY(r.ok());
        auto moved = reg.relocate(r->id,
                                  {QStringLiteral("142042"), QStringLiteral("2480005"),
                                   QStringLiteral("雪ノ下"), QStringLiteral("3丁目4番5号"),
                                   QStringLiteral("コーポ雪ノ下 201")},
                                  QDate(2022, 5, 10), f.staff.clerk);
        QVERIFY2(moved.ok(), qPrintable(moved.errorMessage()));
        QCOMPARE(moved->address.town, QStringLiteral("雪ノ下"));
        auto renamed = reg.changeName(r->id, QStringLiteral("山﨑"), QStringLiteral("花子"),
                                      QStringLiteral("ヤマザキ"), QStringLiteral("ハナコ"),
                                      QDate(2023, 1, 20), QStringLiteral("婚姻"), f.staff.clerk);
        QVERIFY2(renamed.ok(), qPrintable(renamed.errorMessage()));
        QCOMPARE(renamed->familyName, QStringLiteral("山﨑"));
        QCOMPARE(f.db.scalar(QStringLiteral(
                                 "SELECT family_name FROM former_names WHERE resident_id = ?"),
                             {r->id})
                     ->toString(),
                 QStringLiteral("髙橋"));
        auto noted =
            reg.updateDetails(r->id, {{QStringLiteral("notes"), QStringLiteral("連絡先変更")}},
                              QDate(2023, 2, 1), {}, f.staff.clerk);
        QVERIFY(noted.ok());
        QVERIFY(!reg.updateDetails(r->id,
                                   {{QStringLiteral("birth_date"), QStringLiteral("1970-01-01")}},
                                   QDate(2023, 2, 1), {}, f.staff.clerk)
                     .ok());
        auto out = reg.moveOut(r->id, QDate(2024, 3, 31),
                               QStringLiteral("東京都千代田区千代田1番1号"), f.staff.clerk);
        QVERIFY(out.ok());
        QVERIFY(out->isRemoved());
        QCOMPARE(out->removedOn, QDate(2024, 3, 31));
        // A removed resident stays in the register, and only corrections change it now.
        auto again = reg.relocate(r->id,
                                  {QStringLiteral("142042"), QStringLiteral("2480012"),
                                   QStringLiteral("御成町"), QStringLiteral("1番"), QString()},
                                  QDate(2024, 5, 1), f.staff.clerk);
        QCOMPARE(again.error().code, QStringLiteral("registry.removed"));
        QCOMPARE(f.db.scalar(QStringLiteral("SELECT COUNT(*) FROM residents"))->toInt(), 1);

        auto history = reg.history(r->id, f.staff.clerk);
        QVERIFY(history.ok());
        QStringList kinds;
        for (const Move& m : *history) {
            kinds << moves::id(m.kind);
            QCOMPARE(m.operatorLogin, QStringLiteral("clerk"));
        }
        QCOMPARE(kinds, (QStringList{QStringLiteral("move_in"), QStringLiteral("relocation"),
                                     QStringLiteral("name_change"), QStringLiteral("update"),
                                     QStringLiteral("move_out")}));
        const Move& relocation = history->at(1);
        QCOMPARE(relocation.before.value(QStringLiteral("town")).toString(),
                 QStringLiteral("御成町"));
        QCOMPARE(relocation.after.value(QStringLiteral("town")).toString(),
                 QStringLiteral("雪ノ下"));
        QCOMPARE(relocation.effectiveDate, QDate(2022, 5, 10));
    }

    void birthDeathAndHousehold_data() { test::addEngineRows(); }
    void birthDeathAndHousehold()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        auto mother = reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                           f.staff.clerk);
        QVERIFY(mother.ok());
        // 出生: a baby enters the mother's household on the day of birth.
        NewResident baby;
        baby.person = takahashi().person;
        baby.person.givenName = QStringLiteral("陽翔");
        baby.person.givenKana = QStringLiteral("ハルト");
        baby.person.sex = QStringLiteral("male");
        baby.person.birthDate = QDate(2024, 6, 1);
        baby.person.relationship = QStringLiteral("子");
        baby.householdId = mother->householdId;
        auto born =
            reg.registerResident(baby, MoveKind::Birth, QDate(2024, 6, 1), {}, f.staff.clerk);
        QVERIFY2(born.ok(), qPrintable(born.errorMessage()));
        QCOMPARE(born->householdId, mother->householdId);
        QCOMPARE(born->becameResidentOn, QDate(2024, 6, 1));
        QCOMPARE(reg.history(born->id, f.staff.clerk)->first().kind, MoveKind::Birth);
        // Not before the birth.
        baby.person.givenName = QStringLiteral("二郎");
        QVERIFY(!reg.registerResident(baby, MoveKind::Birth, QDate(2024, 5, 1), {}, f.staff.clerk)
                     .ok());

        // 世帯変更: the child starts a household of its own, then joins the mother's again.
        auto own = reg.changeHousehold(born->id, 0, QString(), QDate(2024, 7, 1), f.staff.clerk);
        QVERIFY2(own.ok(), qPrintable(own.errorMessage()));
        QVERIFY(own->householdId != mother->householdId);
        QCOMPARE(own->relationship, QStringLiteral("世帯主"));
        QVERIFY(!reg.changeHousehold(born->id, mother->householdId, QString(), QDate(2024, 8, 1),
                                     f.staff.clerk)
                     .ok());
        auto back = reg.changeHousehold(born->id, mother->householdId, QStringLiteral("子"),
                                        QDate(2024, 8, 1), f.staff.clerk);
        QVERIFY(back.ok());
        QCOMPARE(back->householdId, mother->householdId);
        QCOMPARE(reg.householdMembers(mother->householdId, f.staff.clerk)->size(), 2);

        // 死亡: the record stays as 除票 with the date and the reason.
        auto died = reg.recordDeath(mother->id, QDate(2025, 1, 15), f.staff.clerk);
        QVERIFY(died.ok());
        QVERIFY(died->isRemoved());
        QCOMPARE(died->removedOn, QDate(2025, 1, 15));
        QCOMPARE(died->removedReason, QStringLiteral("死亡"));
        QCOMPARE(reg.history(mother->id, f.staff.clerk)->last().kind, MoveKind::Death);
        // Once: the record has left the register.
        QCOMPARE(reg.recordDeath(mother->id, QDate(2025, 1, 16), f.staff.clerk).error().code,
                 QStringLiteral("registry.removed"));
    }

    void correctionNeedsAnotherSupervisor_data() { test::addEngineRows(); }
    void correctionNeedsAnotherSupervisor()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        auto r = reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                      f.staff.clerk);
        QVERIFY(r.ok());
        auto wrong =
            reg.relocate(r->id,
                         {QStringLiteral("142042"), QStringLiteral("2480005"),
                          QStringLiteral("雪ノ下"), QStringLiteral("3丁目4番6号"), QString()},
                         QDate(2022, 5, 10), f.staff.clerk);
        QVERIFY(wrong.ok());
        const qint64 moveId = reg.history(r->id, f.staff.clerk)->last().id;
        const QVariantMap fix = {{QStringLiteral("banchi"), QStringLiteral("3丁目4番5号")}};
        // Not approved by a clerk, nor by the person who enters it, nor without a reason.
        QCOMPARE(reg.correct(moveId, fix, QStringLiteral("入力誤り"), f.staff.clerk, f.staff.clerk)
                     .error()
                     .code,
                 QStringLiteral("auth.denied"));
        QCOMPARE(reg.correct(moveId, fix, QStringLiteral("入力誤り"), f.staff.supervisor,
                             f.staff.supervisor)
                     .error()
                     .code,
                 QStringLiteral("auth.denied"));
        // A correction says why.
        QCOMPARE(
            reg.correct(moveId, fix, QString(), f.staff.clerk, f.staff.supervisor).error().code,
            QStringLiteral("registry.invalid"));
        // Only what the move recorded can be corrected through it.
        QVERIFY(!reg.correct(moveId, {{QStringLiteral("family_name"), QStringLiteral("高橋")}},
                             QStringLiteral("誤り"), f.staff.clerk, f.staff.supervisor)
                     .ok());
        auto c =
            reg.correct(moveId, fix, QStringLiteral("入力誤り"), f.staff.clerk, f.staff.supervisor);
        QVERIFY2(c.ok(), qPrintable(c.errorMessage()));
        QCOMPARE(c->kind, MoveKind::Correction);
        QCOMPARE(c->correctsMoveId, moveId);
        QCOMPARE(c->approvedBy, QStringLiteral("supervisor"));
        QCOMPARE(c->before.value(QStringLiteral("banchi")).toString(),
                 QStringLiteral("3丁目4番6号"));
        QCOMPARE(c->effectiveDate, QDate(2022, 5, 10));
        QCOMPARE(reg.load(r->id)->address.banchi, QStringLiteral("3丁目4番5号"));
        // Both versions are kept: the original move still says what was entered.
        auto history = reg.history(r->id, f.staff.clerk);
        const Move& original = history->at(1);
        QCOMPARE(original.after.value(QStringLiteral("banchi")).toString(),
                 QStringLiteral("3丁目4番6号"));
        QCOMPARE(original.correctedByMoveId, c->id);
        QCOMPARE(reg.correct(moveId, fix, QStringLiteral("再度"), f.staff.clerk, f.staff.chief)
                     .error()
                     .code,
                 QStringLiteral("registry.corrected"));
    }

    void myNumberPrivacy_data() { test::addEngineRows(); }
    void myNumberPrivacy()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        auto r = reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                      f.staff.clerk);
        QVERIFY(r.ok());
        // Stored encrypted: the number is nowhere in the row.
        auto q = f.db.exec(
            QStringLiteral("SELECT my_number_enc, my_number_hmac FROM residents WHERE id = ?"),
            {r->id});
        QVERIFY(q->next());
        QVERIFY(!q->value(0).toString().contains(QStringLiteral("123456789018")));
        QVERIFY(!q->value(1).toString().contains(QStringLiteral("123456789018")));
        QVERIFY(!q->value(0).toString().isEmpty());
        q->finish();

        QCOMPARE(reg.revealMyNumber(r->id, QStringLiteral("確認"), f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));
        // The full number only with a reason.
        QCOMPARE(reg.revealMyNumber(r->id, QString(), f.staff.supervisor).error().code,
                 QStringLiteral("registry.invalid"));
        auto full = reg.revealMyNumber(r->id, QStringLiteral("個人番号カード交付時の確認"),
                                       f.staff.supervisor);
        QVERIFY2(full.ok(), qPrintable(full.errorMessage()));
        QCOMPARE(*full, QStringLiteral("123456789018"));
        auto log = AuditLog(f.db).query(
            AuditFilter::of(QStringLiteral("resident.mynumber.reveal"), r->id));
        QCOMPARE(log->size(), 1);
        QCOMPARE(log->first().purpose, QStringLiteral("個人番号カード交付時の確認"));

        auto found = reg.findByMyNumber(QStringLiteral("1234 5678 9018"), f.staff.supervisor);
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->id, r->id);
        QCOMPARE(reg.findByMyNumber(QStringLiteral("123456789018"), f.staff.clerk).error().code,
                 QStringLiteral("auth.denied"));

        // The same number cannot belong to two residents.
        NewResident other = takahashi();
        other.person.givenName = QStringLiteral("次郎");
        other.person.givenKana = QStringLiteral("ジロウ");
        auto dup =
            reg.registerResident(other, MoveKind::MoveIn, QDate(2020, 4, 1), {}, f.staff.clerk);
        QCOMPARE(dup.error().code, QStringLiteral("registry.duplicate"));
        other.myNumber.clear();
        auto second =
            reg.registerResident(other, MoveKind::MoveIn, QDate(2020, 4, 1), {}, f.staff.clerk);
        QVERIFY(second.ok());
        // A value copied onto another row does not decrypt there.
        QVERIFY(
            f.db.run(
                    QStringLiteral(
                        "UPDATE residents SET my_number_enc = (SELECT my_number_enc FROM residents "
                        "WHERE id = ?) WHERE id = ?"),
                    {r->id, second->id})
                .ok());
        QCOMPARE(
            reg.revealMyNumber(second->id, QStringLiteral("確認"), f.staff.supervisor).error().code,
            QStringLiteral("key.auth_failed"));
    }

    void dvSupportFlag_data() { test::addEngineRows(); }
    void dvSupportFlag()
    {
        QFETCH(QString, engine);
        Fixture f = make(engine);
        RegistryService reg(f.db);
        auto r = reg.registerResident(takahashi(), MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                      f.staff.clerk);
        // DV support is set by a supervisor only.
        QCOMPARE(
            reg.setDvSupport(r->id, true, QStringLiteral("支援措置"), f.staff.clerk).error().code,
            QStringLiteral("auth.denied"));
        QVERIFY(reg.setDvSupport(r->id, true, QStringLiteral("令和8年11月 支援措置申出"),
                                 f.staff.supervisor)
                    .ok());
        QVERIFY(reg.load(r->id)->dvSupport);
        QCOMPARE(
            AuditLog(f.db).query(AuditFilter::of(QStringLiteral("resident.dv.on"), r->id))->size(),
            1);
    }
};

QTEST_GUILESS_MAIN(TestRegistry)
#include "tst_registry.moc"
