// 復旧・生活再建支援 as a new member of the disaster staff uses it, in Japanese: a house surveyed
// at 45% shows 大規模半壊 while the share is typed, a 罹災証明書 is applied for and issued and
// its preview (Poppler) carries the grade and the number; a support payment for a one-person
// household shows three quarters of the amount before it is saved and goes to 支給済; a unit
// goes to the 要配慮者 household first; a supply request goes committed → sent → received and
// the stock goes down, a commit beyond what is not held is refused with the reason; the CSV
// export writes the rows shown; the dashboard counts them.
#include "GuiTestSupport.h"
#include "PdfPreview.h"
#include "PdfReader.h"
#include "RecoveryDashboard.h"
#include "RecoveryPage.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "common/Csv.h"
#include "demo/DemoSeeder.h"
#include "disaster/Disaster.h"
#include "i18n/Translations.h"
#include "recovery/DamageSurvey.h"
#include "recovery/ReliefSupplies.h"
#include "recovery/SupportPayments.h"
#include "settings/InstallationSettings.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::disaster;
using namespace madoguchi::recovery;

class TestRecoveryPage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    Database m_db;
    test::Staff m_staff;
    Session m_bousai;
    qint64 m_disaster = 0;
    qint64 m_school = 0;

    template <typename T> static T* named(QWidget* w, const char* name)
    {
        T* found = w->findChild<T*>(QString::fromLatin1(name));
        if (!found) {
            qFatal("no widget %s", name);
        }
        return found;
    }
    // Text as a Japanese input method delivers it: one committed string.
    static void commit(QWidget* w, const QString& text)
    {
        w->setFocus();
        QInputMethodEvent event;
        event.setCommitString(text);
        QApplication::sendEvent(w, &event);
    }
    static void click(QWidget* page, const char* button)
    {
        QTest::mouseClick(named<QPushButton>(page, button), Qt::LeftButton);
    }
    // Answers the next file dialog with `path`, as a user picking that file would.
    static void chooseFile(const QString& path)
    {
        test::whenModal(QStringLiteral("QFileDialog"), [path](QWidget* w) {
            auto* dialog = static_cast<QFileDialog*>(w);
            // Typed into the name field (selectFile() leaves a focused field as it is).
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(path);
            static_cast<QDialog*>(dialog)->accept();
        });
    }
    // A click on the box itself (the row is wider than its text).
    static void tick(QCheckBox* box)
    {
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
    }
    // The row whose column `column` reads `text`, -1 when none.
    static int rowOf(const QTableWidget* t, int column, const QString& text)
    {
        for (int r = 0; r < t->rowCount(); ++r) {
            if (t->item(r, column) && t->item(r, column)->text() == text) {
                return r;
            }
        }
        return -1;
    }
    // Clicks the row whose column `column` reads `text`.
    static bool clickRow(QTableWidget* t, int column, const QString& text)
    {
        const int r = rowOf(t, column, text);
        if (r < 0) {
            return false;
        }
        t->scrollToItem(t->item(r, column));
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {},
                          t->visualItemRect(t->item(r, column)).center());
        return t->selectionModel()->isRowSelected(r, {});
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::Japanese));
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        m_db = *db;
        auto staff = test::makeStaff(m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        OperatorService ops(m_db, PasswordHasher::Params{10, 8, 1});
        QVERIFY(
            ops.create(
                   {QStringLiteral("bousai"), QStringLiteral("防災 担当"), {Role::DisasterStaff}},
                   QStringLiteral("test-pass-1"), m_staff.admin)
                .ok());
        m_bousai = *ops.authenticate(QStringLiteral("bousai"), QStringLiteral("test-pass-1"));
        InstallationSettings settings(m_db);
        QVERIFY(settings.setMunicipalityCode(QStringLiteral("142042"), QStringLiteral("admin")));
        QVERIFY(settings.setMayorName(QStringLiteral("松尾 崇"), QStringLiteral("admin")));
        DisasterService s(m_db);
        auto d = s.openDisaster(QStringLiteral("鎌倉市地震"), QStringLiteral("earthquake"),
                                QDate::currentDate().addDays(-3), {}, m_bousai);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        m_disaster = d->id;
        Shelter school;
        school.name = QStringLiteral("腰越中学校");
        school.capacity = 200;
        auto a = s.addShelter(school, m_bousai);
        QVERIFY(a.ok());
        m_school = a->id;
        // Two households in the ledger: 世帯B has an elderly member (要配慮者).
        Person plain;
        plain.familyName = QStringLiteral("青木");
        plain.givenName = QStringLiteral("一郎");
        plain.familyKana = QStringLiteral("アオキ");
        plain.birthDate = QDate(1980, 4, 1);
        plain.householdKey = QStringLiteral("世帯A");
        QVERIFY(s.registerPerson(plain, m_bousai, m_school).ok());
        Person elderly;
        elderly.familyName = QStringLiteral("石井");
        elderly.givenName = QStringLiteral("トメ");
        elderly.familyKana = QStringLiteral("イシイ");
        elderly.birthDate = QDate(1936, 8, 8);
        elderly.householdKey = QStringLiteral("世帯B");
        elderly.needs = {QStringLiteral("elderly")};
        QVERIFY(s.registerPerson(elderly, m_bousai, m_school).ok());
    }

    void surveyAndIssueTheCertificate()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_bousai;
        RecoveryPage page(&ctx);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.disasterId(), m_disaster);
        QVERIFY(named<QLabel>(&page, "pageTitle")->text().contains(QStringLiteral("復旧")));
        page.tabs()->setCurrentIndex(RecoveryPage::SurveysTab);

        commit(named<QLineEdit>(&page, "addressEdit"), QStringLiteral("鎌倉市腰越2丁目5番1号"));
        commit(named<QLineEdit>(&page, "ownerEdit"), QStringLiteral("青木 一郎"));
        commit(named<QLineEdit>(&page, "residentsEdit"), QStringLiteral("青木 一郎、青木 花子"));
        auto* loss = named<QLineEdit>(&page, "lossEdit");
        auto* grade = named<QLabel>(&page, "gradeLabel");
        loss->setFocus();
        QTest::keyClicks(loss, QStringLiteral("4"));
        QCOMPARE(grade->text(), QStringLiteral("準半壊に至らない（一部損壊）"));
        QTest::keyClicks(loss, QStringLiteral("5"));
        QCOMPARE(grade->text(), QStringLiteral("大規模半壊")); // 45%: 40 以上 50 未満
        QTest::keyClicks(loss, QStringLiteral("0"));
        QVERIFY(!grade->text().contains(QStringLiteral("壊"))); // 450: refused with the reason
        QTest::keyClick(loss, Qt::Key_Backspace);
        QCOMPARE(grade->text(), QStringLiteral("大規模半壊"));
        commit(named<QLineEdit>(&page, "surveyorEdit"), QStringLiteral("調査班A"));
        // A photo of the damage, attached as a file.
        const QString photo = m_dir.filePath(QStringLiteral("roof.png"));
        QImage image(40, 30, QImage::Format_RGB32);
        image.fill(Qt::darkRed);
        QVERIFY(image.save(photo));
        chooseFile(photo);
        click(&page, "photosButton");
        QCOMPARE(named<QLabel>(&page, "photoList")->text(), QStringLiteral("roof.png"));
        click(&page, "addBuildingButton");
        auto* message = named<QLabel>(&page, "surveyMessage");
        QVERIFY2(message->text().contains(QStringLiteral("大規模半壊")),
                 qPrintable(message->text()));
        auto* buildings = named<QTableWidget>(&page, "buildingTable");
        const int row = rowOf(buildings, 1, QStringLiteral("鎌倉市腰越2丁目5番1号"));
        QVERIFY(row >= 0);
        QCOMPARE(buildings->item(row, 6)->text(), QStringLiteral("大規模半壊"));
        QCOMPARE(buildings->item(row, 3)->text(), QStringLiteral("青木 一郎、青木 花子"));
        QVERIFY(clickRow(buildings, 1, QStringLiteral("鎌倉市腰越2丁目5番1号")));
        auto* firstSurvey = named<QTableWidget>(&page, "surveyHistoryTable");
        QCOMPARE(firstSurvey->rowCount(), 1);
        QVERIFY2(firstSurvey->item(0, 7)->text().endsWith(QStringLiteral(".png")),
                 qPrintable(firstSurvey->item(0, 7)->text()));
        auto stored = RecoveryService(m_db).buildings(m_disaster);
        QVERIFY(stored && stored->size() == 1 && stored->first().latest()->photos.size() == 1);
        QVERIFY(QFile::exists(stored->first().latest()->photos.first().path));

        // A proxy without a power of attorney is refused; with it, the application is taken.
        commit(named<QLineEdit>(&page, "applicantEdit"), QStringLiteral("青木 花子"));
        tick(named<QCheckBox>(&page, "proxyCheck"));
        click(&page, "applyCertificateButton");
        auto* certMessage = named<QLabel>(&page, "certificateMessage");
        QVERIFY2(certMessage->text().contains(QStringLiteral("委任状")),
                 qPrintable(certMessage->text()));
        QCOMPARE(named<QTableWidget>(&page, "certificateTable")->rowCount(), 0);
        tick(named<QCheckBox>(&page, "attorneyCheck"));
        click(&page, "applyCertificateButton");
        auto* certificates = named<QTableWidget>(&page, "certificateTable");
        QCOMPARE(certificates->rowCount(), 1);
        QVERIFY(certificates->item(0, 3)->text().contains(QStringLiteral("代理")));
        click(&page, "issueButton"); // decided from the latest survey on issuing
        QVERIFY2(certMessage->text().contains(QStringLiteral("交付")),
                 qPrintable(certMessage->text()));
        auto issued = RecoveryService(m_db).certificates(m_disaster);
        QVERIFY(issued && issued->size() == 1);
        const QString number = issued->first().number;
        QVERIFY(!number.isEmpty());
        QCOMPARE(certificates->item(0, 6)->text(), number);
        QCOMPARE(certificates->item(0, 5)->text(), QStringLiteral("大規模半壊"));

        PdfPreview* preview = page.certificatePreview();
        QVERIFY(test::waitFor([preview] { return preview->pageCount() > 0; }, 15000));
        QVERIFY(preview->file().startsWith(RecoveryPage::certificateFolder()));
        auto text = test::pdfPageTexts(preview->file());
        QVERIFY2(text.ok(), qPrintable(text.errorMessage()));
        const QString all = text->join(u'\n');
        QVERIFY2(all.contains(QStringLiteral("大規模半壊")), qPrintable(all));
        QVERIFY(all.contains(number));
        QVERIFY(all.contains(QStringLiteral("罹災証明書")));

        // A re-survey on request: 52% is 全壊 now, the first survey stays in the history.
        QVERIFY(clickRow(buildings, 1, QStringLiteral("鎌倉市腰越2丁目5番1号")));
        loss->selectAll();
        QTest::keyClicks(loss, QStringLiteral("52"));
        QCOMPARE(grade->text(), QStringLiteral("全壊"));
        auto* round = named<QComboBox>(&page, "roundCombo");
        round->setCurrentIndex(round->findData(2));
        commit(named<QLineEdit>(&page, "requestReasonEdit"), QStringLiteral("内部の再調査"));
        click(&page, "resurveyButton");
        QCOMPARE(buildings->item(rowOf(buildings, 1, QStringLiteral("鎌倉市腰越2丁目5番1号")), 6)
                     ->text(),
                 QStringLiteral("全壊"));
        auto* history = named<QTableWidget>(&page, "surveyHistoryTable");
        QCOMPARE(history->rowCount(), 2);
        QCOMPARE(history->item(0, 4)->text(), QStringLiteral("大規模半壊"));
        QCOMPARE(history->item(1, 4)->text(), QStringLiteral("全壊"));
        QCOMPARE(history->item(1, 6)->text(), QStringLiteral("内部の再調査"));
    }

    void payTheSupportForAOnePersonHousehold()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_bousai;
        RecoveryPage page(&ctx);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.tabs()->setCurrentIndex(RecoveryPage::PaymentsTab);
        commit(named<QLineEdit>(&page, "householdEdit"), QStringLiteral("世帯A"));
        auto* grade = named<QComboBox>(&page, "paymentGradeCombo");
        grade->setCurrentIndex(grade->findData(QStringLiteral("zenkai")));
        auto* members = named<QSpinBox>(&page, "membersSpin");
        auto* amount = named<QLabel>(&page, "amountLabel");
        members->setFocus();
        members->selectAll();
        QTest::keyClicks(members, QStringLiteral("3"));
        QCOMPARE(amount->text(), QStringLiteral("1,000,000円"));
        members->selectAll();
        QTest::keyClicks(members, QStringLiteral("1"));
        QVERIFY2(amount->text().startsWith(QStringLiteral("750,000円")),
                 qPrintable(amount->text()));
        // 中規模半壊 has no basic part: said before anything is saved.
        grade->setCurrentIndex(grade->findData(QStringLiteral("chukibo")));
        QCOMPARE(amount->text(),
                 SupportPayments(m_db)
                     .amountFor(QStringLiteral("basic"), QStringLiteral("chukibo"), {}, 1)
                     .errorMessage());
        grade->setCurrentIndex(grade->findData(QStringLiteral("zenkai")));
        click(&page, "applyPaymentButton");
        auto* message = named<QLabel>(&page, "paymentMessage");
        QVERIFY2(message->text().contains(QStringLiteral("750,000円")),
                 qPrintable(message->text()));
        auto* payments = named<QTableWidget>(&page, "paymentTable");
        QCOMPARE(payments->rowCount(), 1);
        QCOMPARE(payments->item(0, 6)->text(), QStringLiteral("750,000円"));
        QCOMPARE(payments->item(0, 7)->text(), QStringLiteral("申請"));
        // Paid straight from 申請 is refused with the reason; through 審査 it works.
        QVERIFY(clickRow(payments, 1, QStringLiteral("世帯A")));
        const QString before = message->text();
        click(&page, "paidButton");
        QCOMPARE(payments->item(0, 7)->text(), QStringLiteral("申請"));
        QVERIFY(message->text() != before && !message->text().isEmpty());
        click(&page, "reviewButton");
        QCOMPARE(payments->item(0, 7)->text(), QStringLiteral("審査"));
        click(&page, "paidButton");
        QCOMPARE(payments->item(0, 7)->text(), QStringLiteral("支給済"));

        // The amount table: a staff member changes the basic 全壊 amount; the paid one keeps its.
        auto* table = named<QTableWidget>(&page, "amountTable");
        int zenkai = -1;
        for (int r = 0; r < table->rowCount(); ++r) {
            if (table->item(r, 0)->data(Qt::UserRole).toString() ==
                QStringLiteral("basic.zenkai")) {
                zenkai = r;
            }
        }
        QVERIFY(zenkai >= 0);
        QCOMPARE(table->item(zenkai, 1)->text(), QStringLiteral("1000000"));
        table->item(zenkai, 1)->setText(QStringLiteral("1,200,000"));
        click(&page, "saveAmountsButton");
        QCOMPARE(SupportPayments(m_db).amounts()->value(QStringLiteral("basic.zenkai")), 1200000);
        QCOMPARE(payments->item(0, 6)->text(), QStringLiteral("750,000円"));
        table->item(zenkai, 1)->setText(QStringLiteral("1000000"));
        click(&page, "saveAmountsButton");
        QCOMPARE(SupportPayments(m_db).amounts()->value(QStringLiteral("basic.zenkai")), 1000000);
    }

    void assignHousingToTheCareHouseholdFirst()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_bousai;
        RecoveryPage page(&ctx);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.tabs()->setCurrentIndex(RecoveryPage::HousingTab);
        commit(named<QLineEdit>(&page, "siteEdit"), QStringLiteral("腰越仮設団地 1号棟"));
        commit(named<QLineEdit>(&page, "unitSizeEdit"), QStringLiteral("2DK"));
        click(&page, "addUnitButton");
        auto* units = named<QTableWidget>(&page, "unitTable");
        QCOMPARE(units->rowCount(), 1);
        // 世帯A applies first, 世帯B (an elderly member) after: 世帯B heads the list.
        commit(named<QLineEdit>(&page, "housingHouseholdEdit"), QStringLiteral("世帯A"));
        click(&page, "applyHousingButton");
        commit(named<QLineEdit>(&page, "housingHouseholdEdit"), QStringLiteral("世帯B"));
        click(&page, "applyHousingButton");
        auto* apps = named<QTableWidget>(&page, "housingApplicationTable");
        QCOMPARE(apps->rowCount(), 2);
        QCOMPARE(apps->item(0, 1)->text(), QStringLiteral("世帯B"));
        QVERIFY(apps->item(0, 3)->text().contains(QStringLiteral("高齢者")));
        QVERIFY(clickRow(units, 1, QStringLiteral("腰越仮設団地 1号棟")));
        click(&page, "assignNextButton");
        auto* message = named<QLabel>(&page, "housingMessage");
        QVERIFY2(message->text().contains(QStringLiteral("世帯B")), qPrintable(message->text()));
        QCOMPARE(units->item(0, 5)->text(), QStringLiteral("世帯B"));
        // The unit is taken: 世帯A cannot have it too.
        QVERIFY(clickRow(units, 1, QStringLiteral("腰越仮設団地 1号棟")));
        QVERIFY(clickRow(apps, 1, QStringLiteral("世帯A")));
        click(&page, "assignButton");
        QCOMPARE(units->item(0, 5)->text(), QStringLiteral("世帯B"));
        QVERIFY2(message->text().contains(QStringLiteral("すでに割り当て済み")),
                 qPrintable(message->text())); // the reason, in Japanese
        QVERIFY(clickRow(apps, 1, QStringLiteral("世帯B")));
        click(&page, "moveInButton");
        const int b = rowOf(apps, 1, QStringLiteral("世帯B"));
        QVERIFY(b >= 0);
        QVERIFY2(apps->item(b, 7)->text() != QString(), qPrintable(message->text()));
    }

    void fulfilASupplyRequest()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_bousai;
        RecoveryPage page(&ctx);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.tabs()->setCurrentIndex(RecoveryPage::SuppliesTab);
        commit(named<QLineEdit>(&page, "itemNameEdit"), QStringLiteral("飲料水 2L"));
        auto* unit = named<QLineEdit>(&page, "itemUnitEdit");
        unit->clear();
        commit(unit, QStringLiteral("本"));
        auto* low = named<QSpinBox>(&page, "lowStockSpin");
        low->setFocus();
        low->selectAll();
        QTest::keyClicks(low, QStringLiteral("50"));
        click(&page, "addItemButton");
        auto* items = named<QTableWidget>(&page, "itemTable");
        QCOMPARE(items->rowCount(), 1);
        QVERIFY(items->selectionModel()->isRowSelected(0, {}));
        commit(named<QLineEdit>(&page, "stockLocationEdit"), QStringLiteral("市役所備蓄倉庫"));
        auto* quantity = named<QSpinBox>(&page, "stockQuantitySpin");
        quantity->setFocus();
        quantity->selectAll();
        QTest::keyClicks(quantity, QStringLiteral("100"));
        click(&page, "receiveStockButton");
        QCOMPARE(items->item(0, 3)->text(), QStringLiteral("100"));

        auto* asked = named<QSpinBox>(&page, "requestQuantitySpin");
        asked->setFocus();
        asked->selectAll();
        QTest::keyClicks(asked, QStringLiteral("70"));
        click(&page, "requestButton");
        auto* requests = named<QTableWidget>(&page, "requestTable");
        QCOMPARE(requests->rowCount(), 1);
        QCOMPARE(requests->item(0, 5)->text(), QStringLiteral("依頼"));
        commit(named<QLineEdit>(&page, "fromLocationEdit"), QStringLiteral("市役所備蓄倉庫"));
        QVERIFY(clickRow(requests, 2, QStringLiteral("飲料水 2L")));
        click(&page, "commitButton");
        QCOMPARE(requests->item(0, 5)->text(), QStringLiteral("引当済"));
        // A second request of 40 while 70 of the 100 are held: refused with the reason.
        QVERIFY(clickRow(items, 1, QStringLiteral("飲料水 2L")));
        asked->setFocus();
        asked->selectAll();
        QTest::keyClicks(asked, QStringLiteral("40"));
        click(&page, "requestButton");
        QCOMPARE(requests->rowCount(), 2);
        const qint64 second = requests->item(1, 0)->data(Qt::UserRole).toLongLong();
        requests->selectRow(1);
        click(&page, "commitButton");
        auto* message = named<QLabel>(&page, "supplyMessage");
        QVERIFY2(message->text().contains(QStringLiteral("40")) &&
                     message->text().contains(QStringLiteral("30")),
                 qPrintable(message->text()));
        QCOMPARE(ReliefSupplies(m_db).supplyRequest(second)->state, QStringLiteral("requested"));

        requests->selectRow(0);
        click(&page, "sendButton");
        QCOMPARE(requests->item(0, 5)->text(), QStringLiteral("発送済"));
        QCOMPARE(items->item(0, 3)->text(), QStringLiteral("30")); // the stock went down
        requests->selectRow(0);
        click(&page, "receivedButton");
        QVERIFY2(message->text().contains(QStringLiteral("受領")), qPrintable(message->text()));
        QCOMPARE(requests->rowCount(), 1); // only the open one is left
        QCOMPARE(*ReliefSupplies(m_db).available(ReliefSupplies(m_db).items(m_disaster)->first().id,
                                                 QStringLiteral("市役所備蓄倉庫")),
                 30);
        // 30 left is below the low-stock level of 50: the row is highlighted.
        QVERIFY(items->item(0, 3)->background().style() != Qt::NoBrush);
        QVERIFY(!items->item(0, 3)->toolTip().isEmpty());

        // Export CSV… writes the rows shown, header first.
        const QString path = m_dir.filePath(QStringLiteral("items.csv"));
        chooseFile(path);
        click(&page, "itemTableCsv");
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QStringList lines =
            QString::fromUtf8(bytes.mid(3)).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), items->rowCount() + 1);
        QVERIFY(lines.first().contains(QStringLiteral("品目")));
        auto row = CsvReader::parseRecord(lines.at(1));
        QVERIFY(row.ok());
        QCOMPARE(row->size(), items->columnCount());
        for (int c = 0; c < items->columnCount(); ++c) {
            QCOMPARE(row->at(c), items->item(0, c)->text());
        }
    }

    void dashboardCountsWhatWasDone()
    {
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_bousai;
        RecoveryPage page(&ctx);
        page.resize(1300, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.tabs()->setCurrentIndex(RecoveryPage::DashboardTab);
        RecoveryDashboard* d = page.dashboard();
        // 全壊 after the re-survey; the certificate was issued as 大規模半壊.
        QCOMPARE(d->shownBuildingCounts(), (QList<int>{1, 0, 0, 0, 0, 0}));
        QCOMPARE(d->shownCertificateCounts(), (QList<int>{0, 1, 0, 0, 0, 0}));
        QCOMPARE(d->shownPaymentCounts(), (QList<int>{0, 0, 1, 0}));
        QVERIFY2(d->summary().contains(QStringLiteral("750,000円")), qPrintable(d->summary()));
        auto* warnings = named<QListWidget>(&page, "supplyWarningList");
        QVERIFY(warnings->count() >= 1);
        QVERIFY(warnings->item(0)->text().contains(QStringLiteral("飲料水")));

        // A clerk without the disaster role sees the page but cannot change anything.
        AppContext clerk;
        clerk.db = m_db;
        clerk.session = m_staff.clerk;
        RecoveryPage denied(&clerk);
        QVERIFY(!denied.tabs()->isEnabled());
    }

    // With MADOGUCHI_SCREENSHOTS=DIR: the page over the demo municipality's disaster, saved
    // there for the README (recovery-dashboard.png, recovery-surveys.png).
    void screenshotsOfTheDemo()
    {
        const QString dir = qEnvironmentVariable("MADOGUCHI_SCREENSHOTS");
        if (dir.isEmpty()) {
            QSKIP("MADOGUCHI_SCREENSHOTS is not set");
        }
        QTemporaryDir demoDir;
        auto db = test::freshDatabase(QStringLiteral("sqlite"), demoDir);
        QVERIFY(db.ok());
        DemoOptions options;
        options.residents = 300;
        auto seeded = DemoSeeder(*db).seed(options);
        QVERIFY2(seeded.ok(), qPrintable(seeded.errorMessage()));
        auto demo = OperatorService(*db).find(DemoSeeder::demoLogin());
        QVERIFY(demo.ok() && demo->has_value());
        AppContext ctx;
        ctx.db = *db;
        ctx.session = Session(**demo);
        // The demo's decided certificates issued, for the dashboard's second bars.
        RecoveryService surveys(*db);
        auto all = surveys.certificates();
        QVERIFY(all.ok());
        for (const Certificate& c : std::as_const(*all)) {
            if (c.state == QStringLiteral("decided")) {
                const QString pdf = demoDir.filePath(QStringLiteral("c%1.pdf").arg(c.id));
                QVERIFY(surveys.issue(c.id, pdf, ctx.session).ok());
            }
        }
        RecoveryPage page(&ctx);
        page.resize(1280, 860);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.tabs()->setCurrentIndex(RecoveryPage::DashboardTab);
        QTest::qWait(200);
        QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("recovery-dashboard.png"))));
        page.tabs()->setCurrentIndex(RecoveryPage::SurveysTab);
        auto* buildings = named<QTableWidget>(&page, "buildingTable");
        QVERIFY(clickRow(buildings, 1, QStringLiteral("本町2丁目8番3号")));
        named<QLineEdit>(&page, "lossEdit")->setText(QStringLiteral("45"));
        auto* certificates = named<QTableWidget>(&page, "certificateTable");
        certificates->selectRow(0);
        click(&page, "issueButton");
        PdfPreview* preview = page.certificatePreview();
        test::waitFor([preview] { return preview->pageCount() > 0; }, 15000);
        QTest::qWait(200);
        QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("recovery-surveys.png"))));
        for (int tab :
             {RecoveryPage::PaymentsTab, RecoveryPage::HousingTab, RecoveryPage::SuppliesTab}) {
            page.tabs()->setCurrentIndex(tab);
            QTest::qWait(100);
            page.grab().save(QDir(dir).filePath(QStringLiteral("recovery-tab%1.png").arg(tab)));
        }
    }
};

QTEST_MAIN(TestRecoveryPage)
#include "tst_recoverypage.moc"
