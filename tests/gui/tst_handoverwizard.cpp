// The counter's hand-over wizard, driven as the clerk and the holder do, against pcscd, the
// virtual card fresh from production and a running central: the card is read, the identity is
// confirmed (recorded with the documents), the holder types the PINs twice on masked fields, the
// certificates are made and the application is issued. A card that is not the holder's stops the
// hand-over with the reason and "Try again"; with the right card it resumes and finishes.
#include "CentralProcess.h"
#include "HandOverWizard.h"
#include "IssuancePage.h"
#include "TestSupport.h"
#include "VirtualCard.h"
#include "auth/OperatorService.h"
#include "i18n/Translations.h"
#include "ids/Identifiers.h"
#include "issuance/Issuance.h"
#include "registry/RegistryService.h"
#include "sync/SyncEngine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace madoguchi;
using namespace madoguchi::issuance;

class TestHandOverWizard : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    test::VirtualCard m_vcard;
    std::unique_ptr<test::CentralProcess> m_central;
    sync::Enrollment m_enrollment;
    Database m_db;
    test::Staff m_staff;
    Session m_issuer;
    int m_cards = 0;

    struct Holder
    {
        Resident resident;
        QString myNumber;
    };

    Result<Holder> newHolder(const QString& givenName, const QDate& birth)
    {
        NewResident n = test::hanako();
        n.person.givenName = givenName;
        n.person.birthDate = birth;
        auto r = RegistryService(m_db).registerResident(n, MoveKind::MoveIn, QDate(2026, 4, 1), {},
                                                        m_staff.clerk);
        if (!r) {
            return r.error();
        }
        const QString first11 = QStringLiteral("5678%1").arg(r->id, 7, 10, QLatin1Char('0'));
        Holder h{*r, first11 + QString::number(ids::myNumberCheckDigit(first11))};
        if (Status st = RegistryService(m_db).setMyNumber(r->id, h.myNumber, m_staff.clerk); !st) {
            return st.error();
        }
        auto report = sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer"));
        if (!report) {
            return report.error();
        }
        return h;
    }

    bool insertCard(const QString& name, const QDate& birth, const QString& myNumber)
    {
        return m_vcard.insert(m_dir.filePath(QStringLiteral("card-%1").arg(++m_cards)),
                              {QStringLiteral("--unissued"), QStringLiteral("--name"), name,
                               QStringLiteral("--birth"),
                               birth.toString(QStringLiteral("yyyyMMdd")),
                               QStringLiteral("--my-number"), myNumber});
    }

    // An application brought to notice_sent: the holder comes to the counter with the notice.
    qint64 noticeSent(const Holder& h)
    {
        IssuanceService s(m_db);
        auto a = s.apply(h.resident.residentCode, m_issuer);
        if (!a) {
            qWarning() << a.errorMessage();
            return 0;
        }
        for (State to : {State::ProductionRequested, State::Delivered, State::NoticeSent}) {
            if (auto moved = s.advance(a->id, to, QString(), m_issuer); !moved) {
                qWarning() << moved.errorMessage();
                return 0;
            }
        }
        return a->id;
    }

    // With MADOGUCHI_SCREENSHOTS=DIR the wizard's pages are saved there (for the README).
    static void screenshot(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("MADOGUCHI_SCREENSHOTS");
        if (!dir.isEmpty()) {
            w->grab().save(QDir(dir).filePath(name));
        }
    }

    static void typePins(HandOverWizard& w)
    {
        const QList<std::pair<card::Pin, QString>> pins = {
            {card::Pin::Sign, QStringLiteral("sakura26")},
            {card::Pin::Auth, QStringLiteral("2468")},
            {card::Pin::Helper, QStringLiteral("1357")},
            {card::Pin::Juki, QStringLiteral("9753")}};
        for (const auto& [pin, value] : pins) {
            QTest::keyClicks(w.pinField(pin, false), value);
            QTest::keyClicks(w.pinField(pin, true), value);
        }
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        // The counter's language: the wizard as the clerk sees it (and as the README shows it).
        QVERIFY(i18n::install(QCoreApplication::instance(), i18n::Language::Japanese));
        QVERIFY2(test::vpcdState() != card::ReaderState::NoService,
                 "pcscd is not running: run through ctest");
        qputenv("MADOGUCHI_ISSUANCE_KEY",
                QByteArrayLiteral("madoguchi-test-issuance-key-0001").toHex());
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("central"))));
        m_central = std::make_unique<test::CentralProcess>(
            QStringLiteral(MADOGUCHI_CENTRAL), m_dir.filePath(QStringLiteral("central")));
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));
        QVERIFY(m_central->addOperator(QStringLiteral("issuer"), QStringLiteral("card_issuer"),
                                       QStringLiteral("issuer-pass-1")));
        auto enrollment = m_central->enroll(QStringLiteral("counter-gui"));
        QVERIFY2(enrollment.ok(), qPrintable(enrollment.errorMessage()));
        m_enrollment = *enrollment;
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(db.ok());
        m_db = *db;
        auto staff = test::makeStaff(m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        QVERIFY(sync::saveEnrollment(m_db, m_enrollment).ok());
        auto report = sync::SyncEngine(m_db, m_enrollment).syncOnce(QStringLiteral("issuer"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        auto issuer = OperatorService(m_db).authenticate(QStringLiteral("issuer"),
                                                         QStringLiteral("issuer-pass-1"));
        QVERIFY2(issuer.ok(), qPrintable(issuer.errorMessage()));
        m_issuer = *issuer;
    }

    void cleanup() { m_vcard.remove(); }

    void cleanupTestCase() { m_central.reset(); }

    void handsOverStepByStep()
    {
        auto holder = newHolder(QStringLiteral("美咲"), QDate(1992, 8, 20));
        QVERIFY2(holder.ok(), qPrintable(holder.errorMessage()));
        const qint64 id = noticeSent(*holder);
        QVERIFY(id > 0);
        QVERIFY(insertCard(QStringLiteral("髙橋　美咲"), QDate(1992, 8, 20), holder->myNumber));

        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_issuer;
        // The queue offers the hand-over for an application whose notice went out.
        IssuancePage page(&ctx);
        QSignalSpy loaded(&page, &IssuancePage::loaded);
        page.show();
        QVERIFY(loaded.count() > 0 || loaded.wait(10000));
        auto* table = page.findChild<QTableWidget*>();
        QVERIFY(table);
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, 0)->text().toLongLong() == id) {
                table->selectRow(row);
            }
        }
        QCOMPARE(page.selectedId(), id);
        QVERIFY(page.handOverButton()->isEnabled());

        HandOverWizard w(&ctx, id);
        w.show();
        QCOMPARE(w.currentId(), int(HandOverWizard::CardPage));
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled()); // not read yet
        QTest::mouseClick(w.readButton(), Qt::LeftButton);
        QVERIFY(test::waitFor([&] { return w.cardRead(); }, 30000));
        QVERIFY2(w.cardLabel()->text().contains(QCoreApplication::translate(
                     "madoguchi::HandOverWizard",
                     "No PIN is set yet: a card as it comes from production.")),
                 qPrintable(w.cardLabel()->text()));
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
        w.next();

        QCOMPARE(w.currentId(), int(HandOverWizard::IdentityPage));
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        w.photoCheck()->setChecked(true);
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled()); // documents not chosen yet
        w.documentsCombo()->setCurrentIndex(2);
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
        w.next();
        QCOMPARE(w.currentId(), int(HandOverWizard::PinPage));
        auto app = IssuanceService(m_db).get(id);
        QVERIFY(app.ok());
        QCOMPARE(app->state, State::IdentityVerified);
        QCOMPARE(app->history.last().reason, w.documentsCombo()->itemText(2));

        // The PIN fields are masked; a PIN of the wrong form or two different entries keep the
        // wizard from going on.
        QCOMPARE(w.pinField(card::Pin::Sign, false)->echoMode(), QLineEdit::Password);
        QTest::keyClicks(w.pinField(card::Pin::Auth, false), QStringLiteral("12"));
        QTest::keyClicks(w.pinField(card::Pin::Auth, true), QStringLiteral("12"));
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        auto* hint = w.findChild<QLabel*>(QStringLiteral("pinHint-auth"));
        QVERIFY(hint && !hint->text().isEmpty() && hint->text() != QStringLiteral("✓"));
        w.pinField(card::Pin::Auth, false)->clear();
        w.pinField(card::Pin::Auth, true)->clear();
        typePins(w);
        QTest::keyClick(w.pinField(card::Pin::Juki, true), Qt::Key_Backspace);
        QTest::keyClicks(w.pinField(card::Pin::Juki, true), QStringLiteral("4"));
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        QCOMPARE(
            w.findChild<QLabel*>(QStringLiteral("pinHint-juki"))->text(),
            QCoreApplication::translate("madoguchi::HandOverWizard", "the two entries differ"));
        QTest::keyClick(w.pinField(card::Pin::Juki, true), Qt::Key_Backspace);
        QTest::keyClicks(w.pinField(card::Pin::Juki, true), QStringLiteral("3"));
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
        screenshot(&w, QStringLiteral("handover-pins.png"));
        w.next();

        QCOMPARE(w.currentId(), int(HandOverWizard::CertificatesPage));
        QVERIFY(test::waitFor([&] { return !w.running(); }, 120000));
        QVERIFY2(w.handedOver(), qPrintable(w.errorLabel()->text()));
        QVERIFY(w.progressList()->count() >= 6);
        screenshot(&w, QStringLiteral("handover-certificates.png"));
        // The PINs are gone from the fields once the card is handed over.
        QVERIFY(w.pinField(card::Pin::Sign, false)->text().isEmpty());
        w.next();
        QCOMPARE(w.currentId(), int(HandOverWizard::DonePage));
        app = IssuanceService(m_db).get(id);
        QVERIFY(app.ok());
        QCOMPARE(app->state, State::Issued);
        QVERIFY(w.summaryLabel()->text().contains(app->expiresOn.toString(Qt::ISODate)));
    }

    void stopsOnAnotherPersonsCardAndResumes()
    {
        auto holder = newHolder(QStringLiteral("陽菜"), QDate(2001, 1, 9));
        QVERIFY2(holder.ok(), qPrintable(holder.errorMessage()));
        const qint64 id = noticeSent(*holder);
        QVERIFY(id > 0);
        // Someone else's card (another date of birth) in the reader.
        QVERIFY(insertCard(QStringLiteral("髙橋　陽菜"), QDate(2001, 1, 10), holder->myNumber));
        AppContext ctx;
        ctx.db = m_db;
        ctx.session = m_issuer;
        HandOverWizard w(&ctx, id);
        w.show();
        QTest::mouseClick(w.readButton(), Qt::LeftButton);
        QVERIFY(test::waitFor([&] { return w.cardRead(); }, 30000));
        w.next();
        w.photoCheck()->setChecked(true);
        w.documentsCombo()->setCurrentIndex(1);
        w.proxyCheck()->setChecked(true);
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled()); // the proxy's details are missing
        w.proxyDetails()->setText(QStringLiteral("委任状・代理人 髙橋一郎 運転免許証"));
        QVERIFY(w.button(QWizard::NextButton)->isEnabled());
        w.next();
        typePins(w);
        w.next();
        QVERIFY(test::waitFor([&] { return !w.running(); }, 120000));
        QVERIFY(!w.handedOver());
        QVERIFY2(w.errorLabel()->text().contains(QStringLiteral("2001-01-10")),
                 qPrintable(w.errorLabel()->text()));
        QVERIFY(w.retryButton()->isVisible());
        QVERIFY(!w.button(QWizard::NextButton)->isEnabled());
        auto app = IssuanceService(m_db).get(id);
        QVERIFY(app.ok());
        QVERIFY(app->proxy);
        auto rec = HandOver::record(m_db, id);
        QVERIFY(rec.ok() && rec->has_value() && (*rec)->interrupted);

        // The holder's own card: "Try again" resumes and finishes.
        m_vcard.remove();
        QVERIFY(insertCard(QStringLiteral("髙橋　陽菜"), QDate(2001, 1, 9), holder->myNumber));
        QTest::mouseClick(w.retryButton(), Qt::LeftButton);
        QVERIFY(test::waitFor([&] { return !w.running(); }, 120000));
        QVERIFY2(w.handedOver(), qPrintable(w.errorLabel()->text()));
        rec = HandOver::record(m_db, id);
        QVERIFY(rec.ok() && rec->has_value() && !(*rec)->interrupted);
        QCOMPARE(IssuanceService(m_db).get(id)->state, State::Issued);
    }
};

QTEST_MAIN(TestHandOverWizard)
#include "tst_handoverwizard.moc"
