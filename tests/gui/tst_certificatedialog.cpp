// 住民票の写し at the counter, as the clerk fills it in: a copy of the household issued and read
// back with Poppler, its preview rendered; a refusal shown in red with the form kept as typed;
// the options offered only where the rules allow them; the DV support measure; printing to a PDF
// printer.
//
// No translator is installed: the UI shows its English source texts. Refusals are checked by
// what the core says (the same text is shown), not by the dialog's own wording.
#include "CertificateDialog.h"
#include "PdfPreview.h"
#include "PdfReader.h"
#include "TestSupport.h"
#include "documents/CertificateService.h"
#include "registry/RegistryService.h"
#include "settings/InstallationSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPrinter>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace madoguchi;

namespace {
// What the input method delivers: the text at once, as an edit (QTest types Latin-1 only).
void typeJapanese(QLineEdit* edit, const QString& text)
{
    edit->setFocus();
    edit->insert(text);
    emit edit->textEdited(edit->text());
}
} // namespace

class TestCertificateDialog : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    std::unique_ptr<RegistryService> m_registry;
    test::Staff m_staff;
    Resident m_hanako;
    Resident m_dv;

    struct Form
    {
        std::unique_ptr<CertificateDialog> dialog;
        QComboBox* requester = nullptr;
        QLineEdit* name = nullptr;
        QComboBox* idDocument = nullptr;
        QLineEdit* purpose = nullptr;
        QLineEdit* reason = nullptr;
        QCheckBox* powerOfAttorney = nullptr;
        QCheckBox* household = nullptr;
        QCheckBox* honseki = nullptr;
        QCheckBox* relationship = nullptr;
        QCheckBox* myNumber = nullptr;
        QCheckBox* residentCode = nullptr;
        QSpinBox* fee = nullptr;
        QLineEdit* receipt = nullptr;
        QPushButton* issue = nullptr;
        QLabel* message = nullptr;
        QLabel* dvWarning = nullptr;
        PdfPreview* preview = nullptr;

        void choose(RequesterType t) const
        {
            requester->setCurrentIndex(requester->findData(int(t)));
        }
    };

    std::unique_ptr<Form> open(const Session& session, const Resident& subject)
    {
        auto f = std::make_unique<Form>();
        f->dialog = std::make_unique<CertificateDialog>(*m_db, m_registry.get(), session, subject);
        CertificateDialog* d = f->dialog.get();
        d->show();
        if (!QTest::qWaitForWindowActive(d)) {
            qWarning("the dialog did not become active");
        }
        f->requester = d->findChild<QComboBox*>(QStringLiteral("requesterCombo"));
        f->name = d->findChild<QLineEdit*>(QStringLiteral("requesterNameEdit"));
        f->idDocument = d->findChild<QComboBox*>(QStringLiteral("idDocumentCombo"));
        f->purpose = d->findChild<QLineEdit*>(QStringLiteral("purposeEdit"));
        f->reason = d->findChild<QLineEdit*>(QStringLiteral("reasonEdit"));
        f->powerOfAttorney = d->findChild<QCheckBox*>(QStringLiteral("powerOfAttorneyCheck"));
        f->household = d->findChild<QCheckBox*>(QStringLiteral("householdCheck"));
        f->honseki = d->findChild<QCheckBox*>(QStringLiteral("withHonsekiCheck"));
        f->relationship = d->findChild<QCheckBox*>(QStringLiteral("withRelationshipCheck"));
        f->myNumber = d->findChild<QCheckBox*>(QStringLiteral("withMyNumberCheck"));
        f->residentCode = d->findChild<QCheckBox*>(QStringLiteral("withResidentCodeCheck"));
        f->fee = d->findChild<QSpinBox*>(QStringLiteral("feeSpin"));
        f->receipt = d->findChild<QLineEdit*>(QStringLiteral("receiptEdit"));
        f->issue = d->findChild<QPushButton*>(QStringLiteral("issueButton"));
        f->message = d->findChild<QLabel*>(QStringLiteral("messageLabel"));
        f->dvWarning = d->findChild<QLabel*>(QStringLiteral("dvWarning"));
        f->preview = d->findChild<PdfPreview*>(QStringLiteral("pdfPreview"));
        return f;
    }

    static QStringList issuedFiles()
    {
        return QDir(CertificateDialog::certificateFolder())
            .entryList({QStringLiteral("*.pdf")}, QDir::Files);
    }

    static NewResident person(const QString& family, const QString& given, const QString& gkana,
                              const QDate& birth, const QString& sex)
    {
        NewResident n;
        n.person.familyName = family;
        n.person.givenName = given;
        n.person.familyKana = QStringLiteral("タカハシ");
        n.person.givenKana = gkana;
        n.person.birthDate = birth;
        n.person.sex = sex;
        n.person.address = {QStringLiteral("142042"), QStringLiteral("2480012"),
                            QStringLiteral("御成町"), QStringLiteral("1丁目2番3号"), QString()};
        n.person.honseki = QStringLiteral("神奈川県鎌倉市御成町1番");
        n.person.hittousha = QStringLiteral("髙橋　一郎");
        return n;
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        QDir(CertificateDialog::certificateFolder()).removeRecursively();
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        m_db = *db;
        auto staff = test::makeStaff(*m_db);
        QVERIFY2(staff.ok(), qPrintable(staff.errorMessage()));
        m_staff = *staff;

        // The municipality, the mayor and the seal printed under the 認証文.
        InstallationSettings settings(*m_db);
        QImage seal(80, 80, QImage::Format_ARGB32);
        seal.fill(QColor(200, 0, 0));
        const QString sealPath = m_dir.filePath(QStringLiteral("seal.png"));
        QVERIFY(seal.save(sealPath));
        QVERIFY(settings.setMunicipalityCode(QStringLiteral("142042"), QStringLiteral("admin")));
        QVERIFY(settings.setMayorName(QStringLiteral("鎌倉 太郎"), QStringLiteral("admin")));
        QVERIFY(settings.setSealImagePath(sealPath, QStringLiteral("admin")));

        m_registry = std::make_unique<RegistryService>(*m_db);
        NewResident hanako =
            person(QStringLiteral("髙橋"), QStringLiteral("花子"), QStringLiteral("ハナコ"),
                   QDate(1975, 3, 1), QStringLiteral("female"));
        hanako.myNumber = QStringLiteral("123456789018");
        auto h = m_registry->registerResident(hanako, MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                              m_staff.clerk);
        QVERIFY2(h.ok(), qPrintable(h.errorMessage()));
        m_hanako = *h;
        NewResident ichiro =
            person(QStringLiteral("髙橋"), QStringLiteral("一郎"), QStringLiteral("イチロウ"),
                   QDate(1972, 7, 7), QStringLiteral("male"));
        ichiro.person.relationship = QStringLiteral("夫");
        ichiro.householdId = m_hanako.householdId;
        QVERIFY(
            m_registry
                ->registerResident(ichiro, MoveKind::MoveIn, QDate(2020, 4, 1), {}, m_staff.clerk)
                .ok());

        NewResident dv =
            person(QStringLiteral("鈴木"), QStringLiteral("良子"), QStringLiteral("ヨシコ"),
                   QDate(1985, 7, 7), QStringLiteral("female"));
        dv.person.familyKana = QStringLiteral("スズキ");
        auto d = m_registry->registerResident(dv, MoveKind::MoveIn, QDate(2020, 4, 1), {},
                                              m_staff.clerk);
        QVERIFY(d.ok());
        QVERIFY(
            m_registry->setDvSupport(d->id, true, QStringLiteral("申出"), m_staff.supervisor).ok());
        auto reloaded = m_registry->load(d->id);
        QVERIFY(reloaded.ok() && reloaded->dvSupport);
        m_dv = *reloaded;
    }

    void cleanupTestCase() { QDir(CertificateDialog::certificateFolder()).removeRecursively(); }

    void selfRequestForTheHouseholdIsIssuedAndPreviewed()
    {
        auto f = open(m_staff.clerk, m_hanako);
        QVERIFY(f->requester && f->name && f->idDocument && f->purpose && f->household &&
                f->relationship && f->fee && f->receipt && f->issue && f->message && f->preview);
        QCOMPARE(f->dialog->objectName(), QStringLiteral("certificateDialog"));
        QCOMPARE(f->requester->currentText(), QStringLiteral("本人"));
        QTRY_VERIFY(f->requester->hasFocus()); // keyboard first: the form starts at the top
        QCOMPARE(f->name->text(), m_hanako.fullName()); // 本人: the subject, filled in
        QCOMPARE(f->fee->value(), 300);
        QVERIFY(!f->reason->isVisibleTo(f->dialog.get()));
        QVERIFY(!f->powerOfAttorney->isVisibleTo(f->dialog.get()));
        QVERIFY(f->dvWarning->isHidden());

        f->idDocument->setCurrentText(QStringLiteral("運転免許証"));
        typeJapanese(f->purpose, QStringLiteral("勤務先への提出"));
        f->household->setChecked(true);
        f->relationship->setChecked(true);
        f->receipt->setFocus();
        QTest::keyClicks(f->receipt, QStringLiteral("R-0001"));
        QSignalSpy rendered(f->preview, &PdfPreview::rendered);
        QTest::keyClick(f->receipt, Qt::Key_Return); // Enter issues

        QVERIFY2(f->message->text().isEmpty(), qPrintable(f->message->text()));
        const IssuedCertificate issued = f->dialog->issued();
        QCOMPARE(issued.issuanceNumber,
                 QStringLiteral("第%1-000001号").arg(QDate::currentDate().year()));
        QCOMPARE(issued.persons, 2);
        QCOMPARE(QFileInfo(issued.pdfPath).absolutePath(),
                 QFileInfo(CertificateDialog::certificateFolder()).absoluteFilePath());
        QVERIFY(!QFileInfo(issued.pdfPath).fileName().contains(issued.issuanceNumber));
        auto pages = test::pdfPageTexts(issued.pdfPath);
        QVERIFY2(pages.ok(), qPrintable(pages.errorMessage()));
        const QString text = pages->join(u'\n');
        for (const QString& expected :
             {QStringLiteral("住民票の写し"), QStringLiteral("髙橋"), QStringLiteral("花子"),
              QStringLiteral("一郎"), QStringLiteral("世帯主"), QStringLiteral("夫"),
              issued.issuanceNumber}) {
            QVERIFY2(text.contains(expected),
                     qPrintable(expected + QStringLiteral(" missing in:\n") + text));
        }
        QVERIFY(!text.contains(QStringLiteral("123456789018")));

        // The preview renders off the GUI thread and shows the page when it is ready.
        QCOMPARE(f->preview->file(), issued.pdfPath);
        QTRY_VERIFY_WITH_TIMEOUT(f->preview->pageCount() >= 1, 20000);
        QCOMPARE(f->preview->pageCount(), pages->size());
        QVERIFY(rendered.count() >= 1);
        QCOMPARE(rendered.last().at(0).toInt(), int(pages->size()));
        auto* page = f->preview->findChild<QLabel*>(QStringLiteral("pdfPage1"));
        QVERIFY(page && !page->pixmap().isNull());
        QVERIFY(page->pixmap().width() > 300);
        auto* print = f->preview->findChild<QPushButton*>(QStringLiteral("printButton"));
        QVERIFY(print && print->isEnabled());
        QTRY_VERIFY(print->hasFocus()); // just issued: Enter prints, it does not issue again

        // What the clerk typed is still there for a second copy.
        QCOMPARE(f->purpose->text(), QStringLiteral("勤務先への提出"));
        QCOMPARE(f->receipt->text(), QStringLiteral("R-0001"));
    }

    void thirdPartyWithoutReasonIsRefusedAndTheFormKept()
    {
        auto f = open(m_staff.clerk, m_hanako);
        const QStringList before = issuedFiles();
        f->choose(RequesterType::ThirdParty);
        QVERIFY(f->name->text().isEmpty()); // the subject's name is not the third party's
        QVERIFY(f->reason->isVisibleTo(f->dialog.get()));
        typeJapanese(f->name, QStringLiteral("株式会社 鎌倉債権"));
        f->idDocument->setCurrentText(QStringLiteral("運転免許証"));
        typeJapanese(f->purpose, QStringLiteral("債権回収"));
        QTest::keyClicks(f->receipt, QStringLiteral("R-0002"));
        QTest::mouseClick(f->issue, Qt::LeftButton);

        // The core's own words, in red; nothing issued, nothing lost.
        CertificateRequest asTyped = f->dialog->request();
        const QString refusal = CertificateService(*m_db, m_registry.get())
                                    .check(asTyped, {m_hanako}, m_staff.clerk)
                                    .errorMessage();
        QVERIFY(!refusal.isEmpty());
        QCOMPARE(f->message->text(), refusal);
        QVERIFY(f->message->isVisible());
        QVERIFY(f->dialog->issued().issuanceNumber.isEmpty());
        QCOMPARE(f->preview->pageCount(), 0);
        QCOMPARE(issuedFiles(), before);
        QCOMPARE(f->requester->currentText(), QStringLiteral("第三者"));
        QCOMPARE(f->name->text(), QStringLiteral("株式会社 鎌倉債権"));
        QCOMPARE(f->idDocument->currentText(), QStringLiteral("運転免許証"));
        QCOMPARE(f->purpose->text(), QStringLiteral("債権回収"));
        QCOMPARE(f->receipt->text(), QStringLiteral("R-0002"));

        // With the reason it goes through.
        typeJapanese(f->reason, QStringLiteral("貸金の回収のため"));
        QTest::mouseClick(f->issue, Qt::LeftButton);
        QVERIFY2(f->message->text().isEmpty(), qPrintable(f->message->text()));
        QVERIFY(!f->dialog->issued().issuanceNumber.isEmpty());
    }

    void myNumberOnlyForTheHouseholdAndPermittedRoles()
    {
        auto clerk = open(m_staff.clerk, m_hanako);
        QVERIFY(!clerk->myNumber->isEnabled()); // a clerk may not print it, even for 本人
        QVERIFY(clerk->residentCode->isEnabled());
        QVERIFY(clerk->honseki->isEnabled());

        auto sv = open(m_staff.supervisor, m_hanako);
        QVERIFY(sv->myNumber->isEnabled());
        sv->myNumber->setChecked(true);
        sv->residentCode->setChecked(true);
        sv->choose(RequesterType::Household);
        QVERIFY(sv->myNumber->isEnabled() && sv->myNumber->isChecked());
        sv->choose(RequesterType::ThirdParty);
        QVERIFY(!sv->myNumber->isEnabled());
        QVERIFY(!sv->myNumber->isChecked());
        QVERIFY(!sv->residentCode->isEnabled());
        QVERIFY(!sv->dialog->request().withMyNumber);
        QVERIFY(!sv->dialog->request().withResidentCode);
        sv->choose(RequesterType::Proxy);
        QVERIFY(sv->powerOfAttorney->isVisibleTo(sv->dialog.get()));
        QVERIFY(!sv->reason->isVisibleTo(sv->dialog.get()));
        QVERIFY(!sv->myNumber->isEnabled());
        sv->choose(RequesterType::Self);
        QVERIFY(sv->myNumber->isEnabled());
    }

    void dvSubjectIsMarkedAndRefusedToAThirdParty()
    {
        auto f = open(m_staff.clerk, m_dv);
        QVERIFY(f->dvWarning && f->dvWarning->isVisible());
        QVERIFY(f->dvWarning->text().contains(m_dv.fullName()));
        const QStringList before = issuedFiles();
        f->choose(RequesterType::ThirdParty);
        typeJapanese(f->name, QStringLiteral("山田 太郎"));
        f->idDocument->setCurrentText(QStringLiteral("パスポート"));
        typeJapanese(f->purpose, QStringLiteral("訴訟"));
        typeJapanese(f->reason, QStringLiteral("訴状の送達のため"));
        QTest::keyClicks(f->receipt, QStringLiteral("R-0003"));
        QTest::mouseClick(f->issue, Qt::LeftButton);
        QVERIFY(f->message->text().contains(QStringLiteral("DV等支援措置")));
        QVERIFY(f->message->text().contains(m_dv.fullName()));
        QVERIFY(f->dialog->issued().issuanceNumber.isEmpty());
        QCOMPARE(issuedFiles(), before);
        QCOMPARE(f->reason->text(), QStringLiteral("訴状の送達のため"));
        QVERIFY(f->dvWarning->isVisible());

        // The person herself gets her copy.
        f->choose(RequesterType::Self);
        f->name->setText(m_dv.fullName());
        QTest::mouseClick(f->issue, Qt::LeftButton);
        QVERIFY2(f->message->text().isEmpty(), qPrintable(f->message->text()));
        QVERIFY(!f->dialog->issued().issuanceNumber.isEmpty());
    }

    void printsToAPdfPrinter()
    {
        auto f = open(m_staff.clerk, m_hanako);
        f->idDocument->setCurrentText(QStringLiteral("マイナンバーカード"));
        f->purpose->setText(QStringLiteral("年金の手続"));
        f->receipt->setText(QStringLiteral("R-0004"));
        QTest::mouseClick(f->issue, Qt::LeftButton);
        QVERIFY2(f->message->text().isEmpty(), qPrintable(f->message->text()));
        QTRY_VERIFY_WITH_TIMEOUT(f->preview->pageCount() >= 1, 20000);

        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setResolution(300);
        const QString out = m_dir.filePath(QStringLiteral("printed.pdf"));
        printer.setOutputFileName(out);
        QVERIFY2(f->preview->printTo(&printer), qPrintable(f->preview->errorString()));
        QVERIFY(QFileInfo(out).size() > 0);
        auto printed = test::renderPdfPage(out, 0, 30);
        QVERIFY2(printed.ok(), qPrintable(printed.errorMessage()));
        // Something was drawn: not a blank page.
        int dark = 0;
        for (int y = 0; y < printed->height(); ++y) {
            for (int x = 0; x < printed->width(); ++x) {
                dark += qGray(printed->pixel(x, y)) < 128 ? 1 : 0;
            }
        }
        QVERIFY(dark > 20);
    }
};

QTEST_MAIN(TestCertificateDialog)
#include "tst_certificatedialog.moc"
