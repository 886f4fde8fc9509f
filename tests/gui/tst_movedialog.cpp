// 異動入力 as a clerk does it: 転入 with a 和暦 date of birth and the address from the postal
// code; impossible dates keep the form open with a message and save nothing; 転居 to a new
// postal code; 転出 makes a 除票; 氏名変更 keeps the former name in the history; joining a
// household by resident code; a trainee cannot start any of it. Moves that change what a signing
// certificate says (転居, 転出, 氏名変更; 死亡: both certificates) tell the clerk before and after
// saving that the resident's certificates are revoked when the move reaches central.
//
// No translator is installed: the UI shows its English source texts.
#include "GuiTestSupport.h"
#include "MoveActions.h"
#include "MoveDialog.h"
#include "ResidentDialog.h"
#include "TestSupport.h"
#include "refdata/ReferenceData.h"
#include "registry/RegistryService.h"
#include "registry/SearchService.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace madoguchi;
using madoguchi::test::whenModal;

namespace {
template <typename T> T* field(QWidget* w, const char* name)
{
    T* f = w->findChild<T*>(QString::fromLatin1(name));
    if (!f) {
        qWarning("no field %s", name);
    }
    return f;
}

// A few postal rows of 鎌倉市 (and one elsewhere) instead of the whole bundled list.
const char kPostalCsv[] = "postal_code,prefecture,city,town,detail\n"
                          "2480012,神奈川県,鎌倉市,御成町,\n"
                          "2480005,神奈川県,鎌倉市,雪ノ下,\n"
                          "2480006,神奈川県,鎌倉市,小町,\n"
                          "2480014,神奈川県,鎌倉市,由比ガ浜,\n"
                          "1000001,東京都,千代田区,千代田,\n";
} // namespace

class TestMoveDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<RegistryService> m_reg;
    test::Staff m_staff;
    qint64 m_hanako = 0;

    ReferenceData refdata() const { return ReferenceData(*m_db); }

    // A 転入 form filled for a person with a valid address (the date of birth as given).
    static void fillNewcomer(QWidget* d, const QString& family, const QString& given,
                             const QString& familyKana, const QString& givenKana,
                             const QString& birth)
    {
        field<QLineEdit>(d, "familyNameEdit")->setText(family);
        field<QLineEdit>(d, "givenNameEdit")->setText(given);
        field<QLineEdit>(d, "familyKanaEdit")->setText(familyKana);
        field<QLineEdit>(d, "givenKanaEdit")->setText(givenKana);
        auto* birthEdit = field<QLineEdit>(d, "birthDateEdit");
        birthEdit->setText(birth);
        auto* sex = field<QComboBox>(d, "sexCombo");
        sex->setCurrentIndex(sex->findData(QStringLiteral("female")));
        QTest::keyClicks(field<QLineEdit>(d, "postalCodeEdit"), QStringLiteral("2480012"));
        field<QLineEdit>(d, "banchiEdit")->setText(QStringLiteral("1丁目2番3号"));
    }

    qint64 hitsFor(const QString& query)
    {
        SearchService search(*m_db, m_reg.get());
        auto r = search.search({query}, m_staff.clerk);
        return r ? r->hits.size() : -1;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        m_db = *db;
        QByteArray csv(kPostalCsv);
        QBuffer buffer(&csv);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        auto imported =
            refdata().importPostalCodes(&buffer, QStringLiteral("test"), QStringLiteral("test"));
        QVERIFY2(imported.ok(), qPrintable(imported.errorMessage()));
        QCOMPARE(imported->unmatched, 0);
        auto staff = test::makeStaff(*m_db);
        QVERIFY2(staff.ok(), qPrintable(staff.errorMessage()));
        m_staff = *staff;
        m_reg = std::make_unique<RegistryService>(*m_db);
    }

    void moveInWithWarekiAndPostalCode()
    {
        MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::MoveIn, nullptr);
        d.show();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        QCOMPARE(d.objectName(), QStringLiteral("moveDialog"));
        QVERIFY(field<QLineEdit>(&d, "familyNameEdit")->hasFocus());
        // The effective date is today by default.
        QCOMPARE(field<QLineEdit>(&d, "effectiveDateEdit")->text(),
                 QDate::currentDate().toString(Qt::ISODate));

        fillNewcomer(&d, QStringLiteral("髙橋"), QStringLiteral("花子"), QStringLiteral("タカハシ"),
                     QStringLiteral("ハナコ"), QStringLiteral("S50.3.1"));
        // The date is shown parsed, in both calendars.
        const QString shown = field<QLabel>(&d, "birthDateEditShown")->text();
        QVERIFY2(shown.contains(QStringLiteral("昭和50年3月1日")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("1975-03-01")), qPrintable(shown));
        // Seven digits fill the city and offer the towns of the municipality.
        const QString city = field<QLabel>(&d, "cityLabel")->text();
        QVERIFY2(city.contains(QStringLiteral("神奈川県鎌倉市")), qPrintable(city));
        QVERIFY2(city.contains(QStringLiteral("142042")), qPrintable(city));
        auto* town = field<QComboBox>(&d, "townCombo");
        QCOMPARE(town->currentText(), QStringLiteral("御成町"));
        QVERIFY(town->findText(QStringLiteral("雪ノ下")) >= 0);
        QVERIFY(town->findText(QStringLiteral("千代田")) < 0); // another municipality
        // The My Number is checked as it is typed.
        auto* myNumber = field<QLineEdit>(&d, "myNumberEdit");
        QTest::keyClicks(myNumber, QStringLiteral("123456789012"));
        QVERIFY(!field<QLabel>(&d, "myNumberStatus")->text().startsWith(u'✓'));
        myNumber->clear();
        QTest::keyClicks(myNumber, QStringLiteral("123456789018"));
        QVERIFY(field<QLabel>(&d, "myNumberStatus")->text().startsWith(u'✓'));
        // A new household by default, as 世帯主.
        QVERIFY(field<QRadioButton>(&d, "newHouseholdRadio")->isChecked());
        QVERIFY(!field<QComboBox>(&d, "relationshipCombo")->isEnabled());

        // Enter saves.
        QTest::keyClick(field<QLineEdit>(&d, "banchiEdit"), Qt::Key_Return);
        QVERIFY2(!d.isVisible(), qPrintable(field<QLabel>(&d, "messageLabel")->text()));
        QCOMPARE(d.result(), int(QDialog::Accepted));
        const Resident& r = d.resident();
        QVERIFY(r.id != 0);
        QCOMPARE(r.familyName, QStringLiteral("髙橋"));
        QCOMPARE(r.givenName, QStringLiteral("花子"));
        QCOMPARE(r.birthDate, QDate(1975, 3, 1));
        QCOMPARE(r.sex, QStringLiteral("female"));
        QCOMPARE(r.address.lgCode, QStringLiteral("142042"));
        QCOMPARE(r.address.postalCode, QStringLiteral("2480012"));
        QCOMPARE(r.address.town, QStringLiteral("御成町"));
        QCOMPARE(r.relationship, QStringLiteral("世帯主"));
        QVERIFY(r.hasMyNumber);
        QVERIFY(r.addressDisplay.startsWith(QStringLiteral("神奈川県鎌倉市御成町")));
        m_hanako = r.id;
    }

    void impossibleDatesKeepTheFormOpen()
    {
        MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::MoveIn, nullptr);
        d.show();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        fillNewcomer(&d, QStringLiteral("髙橋"), QStringLiteral("次郎"), QStringLiteral("タカハシ"),
                     QStringLiteral("ジロウ"), QStringLiteral("令和元年4月30日"));
        auto* shown = field<QLabel>(&d, "birthDateEditShown");
        QVERIFY(!shown->text().isEmpty());
        QVERIFY2(shown->text().contains(QStringLiteral("平成31年4月30日")),
                 qPrintable(shown->text()));
        auto* message = field<QLabel>(&d, "messageLabel");
        QVERIFY(!message->isVisible());

        QTest::keyClick(field<QLineEdit>(&d, "banchiEdit"), Qt::Key_Return);
        QVERIFY(d.isVisible());
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().startsWith(QStringLiteral("Date of birth")),
                 qPrintable(message->text()));
        QVERIFY(field<QLineEdit>(&d, "birthDateEdit")->hasFocus());

        field<QLineEdit>(&d, "birthDateEdit")->setText(QStringLiteral("2月30日"));
        field<QPushButton>(&d, "okButton")->click();
        QVERIFY(d.isVisible());
        QVERIFY2(message->text().startsWith(QStringLiteral("Date of birth")),
                 qPrintable(message->text()));
        field<QLineEdit>(&d, "birthDateEdit")->setText(QStringLiteral("平成2年2月30日"));
        d.submit();
        QVERIFY(d.isVisible());
        QVERIFY(!message->text().isEmpty());
        // Nothing was saved, nothing was lost.
        QCOMPARE(hitsFor(QStringLiteral("髙橋 次郎")), qint64(0));
        QCOMPARE(field<QLineEdit>(&d, "givenNameEdit")->text(), QStringLiteral("次郎"));
        QCOMPARE(field<QComboBox>(&d, "townCombo")->currentText(), QStringLiteral("御成町"));

        // A refusal from the register (a reading not in kana) is shown the same way.
        field<QLineEdit>(&d, "birthDateEdit")->setText(QStringLiteral("H2.2.3"));
        field<QLineEdit>(&d, "givenKanaEdit")->setText(QStringLiteral("jiro"));
        d.submit();
        QVERIFY(d.isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("kana")), qPrintable(message->text()));

        // Corrected, it saves; joining 花子's household by her resident code.
        field<QLineEdit>(&d, "givenKanaEdit")->setText(QStringLiteral("ジロウ"));
        auto hanako = m_reg->load(m_hanako);
        QVERIFY(hanako.ok());
        field<QRadioButton>(&d, "joinHouseholdRadio")->setChecked(true);
        QTest::keyClicks(field<QLineEdit>(&d, "householdCodeEdit"), hanako->residentCode);
        QVERIFY2(field<QLabel>(&d, "householdInfo")->text().contains(hanako->householdNo),
                 qPrintable(field<QLabel>(&d, "householdInfo")->text()));
        d.submit();
        QVERIFY(d.isVisible()); // the 続柄 is missing
        QVERIFY(message->text().contains(QStringLiteral("続柄")));
        field<QComboBox>(&d, "relationshipCombo")->setCurrentText(QStringLiteral("子"));
        d.submit();
        QVERIFY2(!d.isVisible(), qPrintable(message->text()));
        QCOMPARE(d.resident().birthDate, QDate(1990, 2, 3));
        QCOMPARE(d.resident().householdId, hanako->householdId);
        QCOMPARE(d.resident().relationship, QStringLiteral("子"));
        QCOMPARE(hitsFor(QStringLiteral("髙橋 次郎")), qint64(1));
    }

    void relocateWithNewPostalCode()
    {
        QVERIFY(m_hanako != 0);
        auto hanako = m_reg->load(m_hanako);
        QVERIFY(hanako.ok());
        MoveActions actions(m_reg.get(), refdata(), m_staff.clerk);
        actions.setResident(*hanako);
        QVERIFY(actions.moveButton()->isEnabled());
        QVERIFY(actions.registerButton()->isEnabled());

        Resident moved;
        connect(&actions, &MoveActions::moved, this,
                [&moved](const Resident& r, MoveKind) { moved = r; });
        bool seen = false;
        whenModal(QStringLiteral("moveDialog"), [&seen](QWidget* d) {
            seen = true;
            auto* postal = field<QLineEdit>(d, "postalCodeEdit");
            QTest::keyClicks(postal, QStringLiteral("2480012"));
            auto* town = field<QComboBox>(d, "townCombo");
            QCOMPARE(town->currentText(), QStringLiteral("御成町"));
            // Picking another town brings its postal code.
            const int komachi = town->findText(QStringLiteral("小町"));
            QVERIFY(komachi >= 0);
            town->setCurrentIndex(komachi);
            emit town->activated(komachi);
            QCOMPARE(postal->text(), QStringLiteral("2480006"));
            // Typing another code looks it up again.
            postal->clear();
            QTest::keyClicks(postal, QStringLiteral("248-0005"));
            QCOMPARE(town->currentText(), QStringLiteral("雪ノ下"));
            field<QLineEdit>(d, "banchiEdit")->setText(QStringLiteral("3丁目4番5号"));
            field<QLineEdit>(d, "buildingEdit")->setText(QStringLiteral("ハイツ101"));
            field<QLineEdit>(d, "effectiveDateEdit")->setText(QStringLiteral("R6.4.1"));
            // Before saving: what the move does to the signing certificate.
            const QString note = field<QLabel>(d, "certificateNote")->text();
            QVERIFY2(note.contains(QStringLiteral("signing certificate")), qPrintable(note));
            field<QPushButton>(d, "okButton")->click();
        });
        actions.action(MoveKind::Relocation)->trigger();
        QVERIFY(seen);
        QVERIFY(!QApplication::activeModalWidget());
        QCOMPARE(moved.id, m_hanako);
        QCOMPARE(moved.address.postalCode, QStringLiteral("2480005"));
        QCOMPARE(moved.address.town, QStringLiteral("雪ノ下"));
        QCOMPARE(moved.address.building, QStringLiteral("ハイツ101"));
        auto history = m_reg->history(m_hanako, m_staff.clerk);
        QVERIFY(history.ok());
        QCOMPARE(history->last().kind, MoveKind::Relocation);
        QCOMPARE(history->last().effectiveDate, QDate(2024, 4, 1));

        // Esc cancels and saves nothing.
        whenModal(QStringLiteral("moveDialog"),
                  [](QWidget* d) { QTest::keyClick(d, Qt::Key_Escape); });
        QVERIFY(!actions.openMove(MoveKind::Death));
        QVERIFY(!m_reg->load(m_hanako)->isRemoved());
    }

    void moveTellsOfTheCertificates()
    {
        // The notes in the form: the signing certificate for a change of the basic four items,
        // both for a death, none for a change of household.
        auto hanako = m_reg->load(m_hanako);
        QVERIFY(hanako.ok());
        for (MoveKind kind : {MoveKind::Relocation, MoveKind::MoveOut, MoveKind::NameChange}) {
            MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, kind, &*hanako);
            auto* note = d.findChild<QLabel*>(QStringLiteral("certificateNote"));
            QVERIFY(note);
            QVERIFY2(note->text().contains(QStringLiteral("署名用電子証明書")),
                     qPrintable(note->text()));
        }
        {
            MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::Death, &*hanako);
            const QString note = field<QLabel>(&d, "certificateNote")->text();
            QVERIFY2(note.contains(QStringLiteral("Both")) &&
                         note.contains(QStringLiteral("利用者証明用")),
                     qPrintable(note));
        }
        {
            MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::HouseholdChange,
                         &*hanako);
            QVERIFY(!d.findChild<QLabel*>(QStringLiteral("certificateNote")));
        }

        // After a 転居 saved from the resident dialog, the notice stays in view for the clerk
        // to pass on.
        AppContext ctx;
        ctx.db = *m_db;
        ctx.session = m_staff.clerk;
        ResidentDialog dialog(&ctx, m_reg.get(), m_hanako);
        QVERIFY(dialog.load().ok());
        auto* notice = field<QLabel>(&dialog, "certificateNotice");
        QVERIFY(notice->text().isEmpty());
        whenModal(QStringLiteral("moveDialog"), [](QWidget* d) {
            QTest::keyClicks(field<QLineEdit>(d, "postalCodeEdit"), QStringLiteral("2480006"));
            field<QLineEdit>(d, "banchiEdit")->setText(QStringLiteral("2丁目1番1号"));
            field<QPushButton>(d, "okButton")->click();
        });
        auto* actions = dialog.findChild<MoveActions*>(QStringLiteral("moveActions"));
        QVERIFY(actions);
        actions->action(MoveKind::Relocation)->trigger();
        QVERIFY(!QApplication::activeModalWidget());
        QCOMPARE(m_reg->load(m_hanako)->address.town, QStringLiteral("小町"));
        QVERIFY2(notice->text().startsWith(QStringLiteral("Saved.")) &&
                     notice->text().contains(QStringLiteral("signing certificate")) &&
                     notice->text().contains(QStringLiteral("central")),
                 qPrintable(notice->text()));
        QVERIFY(!notice->isHidden());
    }

    void nameChangeKeepsTheFormerName()
    {
        auto hanako = m_reg->load(m_hanako);
        QVERIFY(hanako.ok());
        MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::NameChange, &*hanako);
        QCOMPARE(field<QLineEdit>(&d, "familyNameEdit")->text(), QStringLiteral("髙橋"));
        QCOMPARE(field<QLineEdit>(&d, "givenKanaEdit")->text(), QStringLiteral("ハナコ"));
        field<QLineEdit>(&d, "familyNameEdit")->setText(QStringLiteral("鈴木"));
        field<QLineEdit>(&d, "familyKanaEdit")->setText(QStringLiteral("スズキ"));
        field<QLineEdit>(&d, "reasonEdit")->setText(QStringLiteral("婚姻"));
        d.submit();
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QCOMPARE(d.resident().familyName, QStringLiteral("鈴木"));
        auto history = m_reg->history(m_hanako, m_staff.clerk);
        QVERIFY(history.ok());
        const Move& m = history->last();
        QCOMPARE(moves::id(m.kind), QStringLiteral("name_change"));
        QCOMPARE(m.reason, QStringLiteral("婚姻"));
        QCOMPARE(m.before.value(QStringLiteral("family_name")).toString(), QStringLiteral("髙橋"));
        QCOMPARE(m.after.value(QStringLiteral("family_name")).toString(), QStringLiteral("鈴木"));
        // Still found by the former name.
        QVERIFY(hitsFor(QStringLiteral("髙橋 花子")) >= 1);
    }

    void householdChangeByResidentCode()
    {
        // 次郎 (a member of 花子's household) starts a household of his own.
        SearchService search(*m_db, m_reg.get());
        auto found = search.search({QStringLiteral("髙橋 次郎")}, m_staff.clerk);
        QVERIFY(found.ok() && found->hits.size() == 1);
        auto jiro = m_reg->load(found->hits.first().resident.id);
        QVERIFY(jiro.ok());
        MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::HouseholdChange, &*jiro);
        auto hanako = m_reg->load(m_hanako);
        // Already in that household: refused with a message before anything is saved.
        QTest::keyClicks(field<QLineEdit>(&d, "householdCodeEdit"), hanako->residentCode);
        field<QComboBox>(&d, "relationshipCombo")->setCurrentText(QStringLiteral("子"));
        d.submit();
        QVERIFY(d.result() != QDialog::Accepted);
        QVERIFY(field<QLabel>(&d, "messageLabel")->text().contains(QStringLiteral("already")));
        field<QRadioButton>(&d, "newHouseholdRadio")->setChecked(true);
        d.submit();
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QVERIFY(d.resident().householdId != hanako->householdId);
        QCOMPARE(d.resident().relationship, QStringLiteral("世帯主"));
    }

    void moveOutMakesARemovedRecord()
    {
        auto hanako = m_reg->load(m_hanako);
        QVERIFY(hanako.ok());
        MoveDialog d(m_reg.get(), refdata(), m_staff.clerk, MoveKind::MoveOut, &*hanako);
        d.show();
        QVERIFY(QTest::qWaitForWindowActive(&d));
        QVERIFY(field<QLineEdit>(&d, "destinationEdit")->hasFocus());
        // Without a destination the register refuses; the dialog stays open.
        QTest::keyClick(field<QLineEdit>(&d, "destinationEdit"), Qt::Key_Return);
        QVERIFY(d.isVisible());
        QVERIFY(!field<QLabel>(&d, "messageLabel")->text().isEmpty());
        field<QLineEdit>(&d, "destinationEdit")
            ->setText(QStringLiteral("東京都千代田区千代田1番1号"));
        QTest::keyClick(field<QLineEdit>(&d, "destinationEdit"), Qt::Key_Return);
        QVERIFY(!d.isVisible());
        QVERIFY(d.resident().isRemoved());
        QVERIFY(m_reg->load(m_hanako)->isRemoved());

        // A removed record (除票) takes no more moves.
        MoveActions actions(m_reg.get(), refdata(), m_staff.clerk);
        actions.setResident(d.resident());
        QVERIFY(!actions.moveButton()->isEnabled());
        QVERIFY2(actions.moveButton()->toolTip().contains(QStringLiteral("除票")),
                 qPrintable(actions.moveButton()->toolTip()));
        QVERIFY(!actions.action(MoveKind::Relocation)->isEnabled());
        QVERIFY(!actions.openMove(MoveKind::Relocation));
        QVERIFY(actions.registerButton()->isEnabled());
    }

    void traineeCannotOpenTheActions()
    {
        auto hanako = m_reg->load(m_hanako);
        QVERIFY(hanako.ok());
        MoveActions actions(m_reg.get(), refdata(), m_staff.trainee);
        QVERIFY(!actions.registerButton()->isEnabled());
        QVERIFY(!actions.registerButton()->toolTip().isEmpty());
        QVERIFY(!actions.action(MoveKind::MoveIn)->isEnabled());
        QVERIFY(!actions.moveButton()->isEnabled());
        Resident current = *hanako;
        current.status = QStringLiteral("current");
        actions.setResident(current);
        QVERIFY(!actions.moveButton()->isEnabled());
        QVERIFY(!actions.moveButton()->toolTip().isEmpty());
        QVERIFY(!actions.registerNew());
        QVERIFY(!actions.openMove(MoveKind::NameChange));
        QVERIFY(!QApplication::activeModalWidget());

        // And the register refuses the trainee too, with a message in the form.
        MoveDialog d(m_reg.get(), refdata(), m_staff.trainee, MoveKind::MoveIn, nullptr);
        fillNewcomer(&d, QStringLiteral("研修"), QStringLiteral("例"), QStringLiteral("ケンシュウ"),
                     QStringLiteral("レイ"), QStringLiteral("1980-01-01"));
        d.submit();
        QVERIFY(d.result() != QDialog::Accepted);
        QVERIFY(field<QLabel>(&d, "messageLabel")->text().contains(QStringLiteral("trainee")));
    }
};

QTEST_MAIN(TestMoveDialog)
#include "tst_movedialog.moc"
