// 電子証明書 at the counter, against a real central with its certificate authority: a card
// issuer looks 花子 up by resident code, requests a user authentication certificate with a CSR
// file, sees it valid with its card, revokes it with a reason after confirming, renews a signing
// certificate and reports a card lost; central's refusals are shown with its reason. A clerk, and
// a workstation that is not enrolled, see the actions disabled and are told why.
//
// No translator is installed: the UI shows its English source texts.
#include "CentralProcess.h"
#include "CertificatePage.h"
#include "GuiTestSupport.h"
#include "ResidentDialog.h"
#include "TestSupport.h"
#include "auth/OperatorService.h"
#include "pki/Pki.h"
#include "registry/RegistryService.h"
#include "sync/CentralClient.h"
#include "sync/SyncEngine.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace madoguchi;
using madoguchi::test::whenModal;

class TestCertificatePage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<test::CentralProcess> m_central;
    std::optional<Database> m_db;
    test::Staff m_staff;
    Resident m_hanako;
    Session m_issuer;
    Session m_clerk;

    std::pair<int, QString> admin(const QStringList& args, const QString& password = {})
    {
        const test::ProcessRun r =
            m_central->run(QStringList{QStringLiteral("admin")} + args,
                           {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), password}});
        return {r.code, r.out + r.err};
    }

    QString write(const QString& name, const QByteArray& data)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(data);
        return path;
    }

    QString newCsr(const QString& name)
    {
        return write(name, *pki::makeCsr(*pki::generateEcKey(), QStringLiteral("card")));
    }

    static QPushButton* button(QWidget* w, const char* name)
    {
        return w->findChild<QPushButton*>(QString::fromLatin1(name));
    }

    static QTableWidget* table(QWidget* w)
    {
        return w->findChild<QTableWidget*>(QStringLiteral("certificateTable"));
    }

    static QString text(QWidget* w, const char* name)
    {
        return w->findChild<QLabel*>(QString::fromLatin1(name))->text();
    }

    // The row of the certificate on `card` of `kind` ("Signing", "User authentication") that
    // has `status`; -1 if none.
    static int rowOf(QWidget* page, const QString& card, const QString& kind,
                     const QString& status = {})
    {
        QTableWidget* t = table(page);
        for (int r = 0; r < t->rowCount(); ++r) {
            if (t->item(r, 2)->text() == card && t->item(r, 0)->text() == kind &&
                (status.isEmpty() || t->item(r, 1)->text() == status)) {
                return r;
            }
        }
        return -1;
    }

    static bool waitIdle(CertificatePage& page)
    {
        return test::waitFor([&page] { return !page.busy(); }, 60000);
    }

    // Asks for a certificate through the request dialog; `path` is what the file chooser picks.
    static void request(CertificatePage& page, const char* button, const QString& kind,
                        const QString& card, const QString& path)
    {
        page.chooseCsrFile = [path](QWidget*) {
            return path;
        };
        bool seen = false;
        whenModal(QStringLiteral("certificateRequestDialog"), [&](QWidget* d) {
            seen = true;
            auto* combo = d->findChild<QComboBox*>(QStringLiteral("kindCombo"));
            if (!kind.isEmpty()) {
                combo->setCurrentIndex(combo->findData(kind));
            }
            if (!card.isEmpty()) {
                d->findChild<QLineEdit*>(QStringLiteral("cardIdEdit"))->setText(card);
            }
            // The file comes from the chooser, as the browse button would bring it.
            d->findChild<QPushButton*>(QStringLiteral("csrBrowseButton"))->click();
            QCOMPARE(d->findChild<QLineEdit*>(QStringLiteral("csrPathEdit"))->text(), path);
            d->findChild<QPushButton*>(QStringLiteral("okButton"))->click();
            QVERIFY(!d->isVisible());
        });
        QTest::mouseClick(TestCertificatePage::button(&page, button), Qt::LeftButton);
        QVERIFY(seen);
        QVERIFY(waitIdle(page));
    }

private slots:
    void initTestCase()
    {
        test::initTestEnvironment();
        QVERIFY(m_dir.isValid());
        qputenv("MADOGUCHI_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        m_central =
            std::make_unique<test::CentralProcess>(QStringLiteral(MADOGUCHI_CENTRAL), m_dir.path());
        QVERIFY2(m_central->start(), qPrintable(m_central->errorString()));

        auto [rc, out] = admin({QStringLiteral("operator-add"), QStringLiteral("--login"),
                                QStringLiteral("issuer"), QStringLiteral("--role"),
                                QStringLiteral("card_issuer")},
                               QStringLiteral("issuer-pass-1"));
        QVERIFY2(rc == 0, qPrintable(out));
        std::tie(rc, out) =
            admin({QStringLiteral("operator-add"), QStringLiteral("--login"),
                   QStringLiteral("clerk"), QStringLiteral("--role"), QStringLiteral("clerk")},
                  QStringLiteral("clerk-pass-12"));
        QVERIFY2(rc == 0, qPrintable(out));
        auto e = m_central->enroll(QStringLiteral("counter-1"));
        QVERIFY2(e.ok(), qPrintable(e.errorMessage()));

        // The register: 花子 registered here; central learns of her, and this workstation of
        // central's operators, through sync.
        auto db = test::registerDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY2(db.ok(), qPrintable(db.errorMessage()));
        m_db = *db;
        auto staff = test::makeStaff(*m_db);
        QVERIFY(staff.ok());
        m_staff = *staff;
        auto hanako = RegistryService(*m_db).registerResident(test::hanako(), MoveKind::MoveIn,
                                                              QDate(2026, 4, 1), {}, m_staff.clerk);
        QVERIFY2(hanako.ok(), qPrintable(hanako.errorMessage()));
        m_hanako = *hanako;
        QVERIFY(sync::saveEnrollment(*m_db, *e).ok());
        auto report = sync::SyncEngine(*m_db, *e).syncOnce(QStringLiteral("issuer"));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        auto issuer = OperatorService(*m_db).authenticate(QStringLiteral("issuer"),
                                                          QStringLiteral("issuer-pass-1"));
        QVERIFY2(issuer.ok(), qPrintable(issuer.errorMessage()));
        m_issuer = *issuer;
        auto clerk = OperatorService(*m_db).authenticate(QStringLiteral("clerk"),
                                                         QStringLiteral("clerk-pass-12"));
        QVERIFY2(clerk.ok(), qPrintable(clerk.errorMessage()));
        m_clerk = *clerk;
    }

    void issuerRequestsAndRevokes()
    {
        AppContext ctx;
        ctx.db = *m_db;
        ctx.session = m_issuer;
        CertificatePage page(&ctx);
        page.resize(1000, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(text(&page, "unavailableNote").isEmpty());
        // Before a resident is shown there is nothing to act on.
        QVERIFY(!button(&page, "requestButton")->isEnabled());

        // Looked up by resident code; Enter shows the resident and asks central.
        auto* code = page.findChild<QLineEdit*>(QStringLiteral("residentCodeEdit"));
        QTest::keyClicks(code, m_hanako.residentCode);
        QTest::keyClick(code, Qt::Key_Return);
        QVERIFY(page.busy());
        QVERIFY(waitIdle(page));
        QCOMPARE(page.resident().id, m_hanako.id);
        QVERIFY2(text(&page, "residentLabel").contains(QStringLiteral("髙橋")),
                 qPrintable(text(&page, "residentLabel")));
        QVERIFY2(text(&page, "messageLabel").isEmpty(), qPrintable(text(&page, "messageLabel")));
        QCOMPARE(table(&page)->rowCount(), 0);
        QVERIFY2(text(&page, "statusLabel").contains(QStringLiteral("no electronic certificates")),
                 qPrintable(text(&page, "statusLabel")));
        QVERIFY(button(&page, "requestButton")->isEnabled());
        QVERIFY(!button(&page, "revokeButton")->isEnabled());
        QVERIFY(!button(&page, "lostCardButton")->isEnabled());

        // 新規発行: a user authentication certificate for the card's key.
        request(page, "requestButton", QStringLiteral("auth"), QStringLiteral("CARD-G1"),
                newCsr(QStringLiteral("auth.csr")));
        QVERIFY2(text(&page, "messageLabel").isEmpty(), qPrintable(text(&page, "messageLabel")));
        QCOMPARE(table(&page)->rowCount(), 1);
        QCOMPARE(table(&page)->item(0, 0)->text(), QStringLiteral("User authentication"));
        QCOMPARE(table(&page)->item(0, 1)->text(), QStringLiteral("Valid"));
        QCOMPARE(table(&page)->item(0, 2)->text(), QStringLiteral("CARD-G1"));
        QVERIFY2(table(&page)->item(0, 3)->toolTip().startsWith(QStringLiteral("Valid from")),
                 qPrintable(table(&page)->item(0, 3)->toolTip())); // validity
        QVERIFY(table(&page)->item(0, 4)->text().isEmpty());       // not revoked
        QVERIFY2(text(&page, "statusLabel").contains(QStringLiteral("Issued")),
                 qPrintable(text(&page, "statusLabel")));

        // 失効: declining changes nothing; a reason must be chosen before confirming.
        table(&page)->selectRow(0);
        QVERIFY(button(&page, "revokeButton")->isEnabled());
        whenModal(QStringLiteral("revokeDialog"), [](QWidget* d) {
            QVERIFY(!d->findChild<QPushButton*>(QStringLiteral("confirmButton"))->isEnabled());
            QTest::keyClick(d, Qt::Key_Escape);
        });
        button(&page, "revokeButton")->click();
        QVERIFY(!page.busy());
        QCOMPARE(table(&page)->item(0, 1)->text(), QStringLiteral("Valid"));
        bool confirmed = false;
        whenModal(QStringLiteral("revokeDialog"), [&confirmed](QWidget* d) {
            auto* reason = d->findChild<QComboBox*>(QStringLiteral("reasonCombo"));
            reason->setCurrentIndex(reason->findData(QStringLiteral("affiliationChanged")));
            auto* yes = d->findChild<QPushButton*>(QStringLiteral("confirmButton"));
            QVERIFY(yes->isEnabled());
            confirmed = true;
            yes->click();
        });
        button(&page, "revokeButton")->click();
        QVERIFY(confirmed);
        QVERIFY(waitIdle(page));
        QVERIFY2(text(&page, "messageLabel").isEmpty(), qPrintable(text(&page, "messageLabel")));
        QCOMPARE(table(&page)->rowCount(), 1);
        QCOMPARE(table(&page)->item(0, 1)->text(), QStringLiteral("Revoked"));
        QCOMPARE(table(&page)->item(0, 5)->text(),
                 QStringLiteral("Change of the recorded details"));
        QVERIFY(!table(&page)->item(0, 4)->text().isEmpty()); // revoked on
        QVERIFY(!button(&page, "revokeButton")->isEnabled());

        // Central's refusal is shown with its reason: a request that is no CSR.
        request(page, "requestButton", QStringLiteral("sign"), QStringLiteral("CARD-G2"),
                write(QStringLiteral("bad.csr"),
                      "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgQ1NS\n"
                      "-----END CERTIFICATE REQUEST-----\n"));
        QVERIFY2(text(&page, "messageLabel").contains(QStringLiteral("pki.csr")),
                 qPrintable(text(&page, "messageLabel")));
        QCOMPARE(table(&page)->rowCount(), 1);

        // 更新: a signing certificate, renewed; central supersedes the first one.
        request(page, "requestButton", QStringLiteral("sign"), QStringLiteral("CARD-G2"),
                newCsr(QStringLiteral("sign1.csr")));
        const int first = rowOf(&page, QStringLiteral("CARD-G2"), QStringLiteral("Signing"));
        QVERIFY(first >= 0);
        table(&page)->selectRow(first);
        QVERIFY(button(&page, "renewButton")->isEnabled());
        // Kind and card come from the selected certificate.
        request(page, "renewButton", QString(), QString(), newCsr(QStringLiteral("sign2.csr")));
        QVERIFY2(text(&page, "messageLabel").isEmpty(), qPrintable(text(&page, "messageLabel")));
        QVERIFY2(text(&page, "statusLabel").contains(QStringLiteral("1 earlier certificate")),
                 qPrintable(text(&page, "statusLabel")));
        QCOMPARE(table(&page)->rowCount(), 3);
        const int renewed = rowOf(&page, QStringLiteral("CARD-G2"), QStringLiteral("Signing"),
                                  QStringLiteral("Valid"));
        const int superseded = rowOf(&page, QStringLiteral("CARD-G2"), QStringLiteral("Signing"),
                                     QStringLiteral("Revoked"));
        QVERIFY(renewed >= 0 && superseded >= 0);
        QCOMPARE(table(&page)->item(superseded, 5)->text(), QStringLiteral("Renewed"));

        // 紛失届: the card's certificates, key compromise.
        QVERIFY(button(&page, "lostCardButton")->isEnabled());
        whenModal(QStringLiteral("lostCardDialog"), [](QWidget* d) {
            auto* card = d->findChild<QComboBox*>(QStringLiteral("lostCardCombo"));
            QCOMPARE(card->currentText(), QStringLiteral("CARD-G2"));
            d->findChild<QPushButton*>(QStringLiteral("confirmButton"))->click();
        });
        button(&page, "lostCardButton")->click();
        QVERIFY(waitIdle(page));
        QVERIFY2(
            text(&page, "statusLabel").contains(QStringLiteral("reported lost: 1 certificate")),
            qPrintable(text(&page, "statusLabel")));
        const int lost = rowOf(&page, QStringLiteral("CARD-G2"), QStringLiteral("Signing"),
                               QStringLiteral("Revoked"));
        QVERIFY(lost >= 0);
        QCOMPARE(rowOf(&page, QStringLiteral("CARD-G2"), QStringLiteral("Signing"),
                       QStringLiteral("Valid")),
                 -1);
        bool keyCompromise = false;
        for (int r = 0; r < table(&page)->rowCount(); ++r) {
            keyCompromise = keyCompromise || table(&page)->item(r, 5)->text() ==
                                                 QStringLiteral("Key compromise (card lost or "
                                                                "stolen)");
        }
        QVERIFY(keyCompromise);
        QVERIFY(!button(&page, "lostCardButton")->isEnabled()); // nothing valid is left

        // Every request and revocation is in the audit log.
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action IN "
                                             "('pki.request', 'pki.revoke')"))
                     ->toInt(),
                 5);
    }

    void clerkSeesTheActionsDisabled()
    {
        AppContext ctx;
        ctx.db = *m_db;
        ctx.session = m_clerk;
        CertificatePage page(&ctx);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.showResident(m_hanako);
        QVERIFY(!page.busy()); // nothing is asked of central
        for (const char* name :
             {"requestButton", "renewButton", "revokeButton", "lostCardButton", "refreshButton"}) {
            QVERIFY2(!button(&page, name)->isEnabled(), name);
        }
        const QString note = text(&page, "unavailableNote");
        QVERIFY2(note.contains(QStringLiteral("may not")), qPrintable(note));
        QVERIFY(!button(&page, "requestButton")->toolTip().isEmpty());

        // The resident dialog offers the page to card issuers only.
        RegistryService registry(*m_db);
        ResidentDialog asClerk(&ctx, &registry, m_hanako.id);
        QVERIFY(asClerk.load().ok());
        QVERIFY(!button(&asClerk, "electronicCertificatesButton")->isEnabled());
        AppContext issuerCtx;
        issuerCtx.db = *m_db;
        issuerCtx.session = m_issuer;
        ResidentDialog asIssuer(&issuerCtx, &registry, m_hanako.id);
        QVERIFY(asIssuer.load().ok());
        QVERIFY(button(&asIssuer, "electronicCertificatesButton")->isEnabled());
        // Opening a resident makes them the page's resident when it is shown next.
        QCOMPARE(issuerCtx.lastResidentCode, m_hanako.residentCode);
        CertificatePage next(&issuerCtx);
        next.show();
        QVERIFY(QTest::qWaitForWindowExposed(&next));
        QCOMPARE(next.resident().id, m_hanako.id);
        QVERIFY(waitIdle(next));
        QVERIFY(table(&next)->rowCount() >= 3);
    }

    void notEnrolledSaysSo()
    {
        QTemporaryDir other;
        auto db = test::registerDatabase(QStringLiteral("sqlite"), other);
        QVERIFY(db.ok());
        auto staff = test::makeStaff(*db);
        QVERIFY(staff.ok());
        auto hanako = RegistryService(*db).registerResident(test::hanako(), MoveKind::MoveIn,
                                                            QDate(2026, 4, 1), {}, staff->clerk);
        QVERIFY(hanako.ok());
        AppContext ctx;
        ctx.db = *db;
        ctx.session = staff->supervisor; // may issue cards
        CertificatePage page(&ctx);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.showResident(*hanako);
        QVERIFY(!page.busy());
        const QString note = text(&page, "unavailableNote");
        QVERIFY2(note.contains(QStringLiteral("not enrolled")), qPrintable(note));
        QVERIFY2(!note.contains(QStringLiteral("may not")), qPrintable(note));
        QVERIFY(!button(&page, "requestButton")->isEnabled());
        QVERIFY(!button(&page, "refreshButton")->isEnabled());
    }

    void cleanupTestCase() { m_central.reset(); }
};

QTEST_MAIN(TestCertificatePage)
#include "tst_certificatepage.moc"
