// 住民検索 as a clerk uses it, by keyboard: type-ahead with variant kanji and romaji, Enter, ↓
// into the hits, Esc back and clear, paging by scrolling; the DV warning and 除票 rows; the
// resident dialog (audited look, household, history, access log, My Number); and a trainee, who
// may not search, sees why.
//
// No translator is installed: the UI shows its English source texts, so the assertions below do
// not change when the Japanese catalogue gains these strings. Logic is checked through the
// model's roles (RemovedRole, DvSupportRole), texts where the test has to see what the user sees.
#include "GuiTestSupport.h"
#include "ResidentDialog.h"
#include "ResidentSearchModel.h"
#include "ResidentSearchPage.h"
#include "TestSupport.h"
#include "audit/AuditLog.h"
#include "registry/RegistryService.h"
#include "registry/SearchService.h"

#include <QApplication>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace madoguchi;
using madoguchi::test::whenModal;

namespace {
QStringList columnTexts(const QTableWidget* t, int column)
{
    QStringList out;
    for (int r = 0; r < t->rowCount(); ++r) {
        out << (t->item(r, column) ? t->item(r, column)->text() : QString());
    }
    return out;
}

const QString kSpace = QString(QChar(0x3000)); // Resident::fullName() joins with U+3000
} // namespace

class TestResidentSearchPage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::optional<Database> m_db;
    test::Staff m_staff;
    qint64 m_hanako = 0;
    qint64 m_dv = 0;
    qint64 m_smith = 0;

    AppContext contextFor(const Session& session)
    {
        AppContext ctx;
        ctx.db = *m_db;
        ctx.session = session;
        return ctx;
    }

    struct Page
    {
        AppContext ctx;
        std::unique_ptr<ResidentSearchPage> page;
        QLineEdit* edit = nullptr;
        QTableView* table = nullptr;
        QLabel* status = nullptr;
        ResidentSearchModel* model = nullptr;
    };

    // A page shown as its own window, so that focus can be checked.
    std::unique_ptr<Page> open(const Session& session)
    {
        auto p = std::make_unique<Page>();
        p->ctx = contextFor(session);
        p->page = std::make_unique<ResidentSearchPage>(&p->ctx);
        p->page->resize(900, 420); // about a dozen rows: a page of 50 needs scrolling
        p->page->show();
        if (!QTest::qWaitForWindowActive(p->page.get())) {
            qWarning("the page did not become active");
        }
        p->edit = p->page->findChild<QLineEdit*>(QStringLiteral("residentSearchEdit"));
        p->table = p->page->findChild<QTableView*>(QStringLiteral("residentResults"));
        p->status = p->page->findChild<QLabel*>(QStringLiteral("searchStatus"));
        p->model = p->page->model();
        return p;
    }

    // What the IME delivers: the text at once, as an edit.
    static void typeJapanese(QLineEdit* edit, const QString& text)
    {
        edit->setFocus();
        edit->setText(text);
        emit edit->textEdited(text);
    }

    static NewResident person(const QString& family, const QString& given, const QString& fkana,
                              const QString& gkana, const QDate& birth, const QString& sex,
                              const QString& town, const QString& banchi)
    {
        NewResident n;
        n.person.familyName = family;
        n.person.givenName = given;
        n.person.familyKana = fkana;
        n.person.givenKana = gkana;
        n.person.birthDate = birth;
        n.person.sex = sex;
        n.person.address = {QStringLiteral("142042"), QStringLiteral("2480012"), town, banchi,
                            QString()};
        return n;
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
        auto staff = test::makeStaff(*m_db);
        QVERIFY2(staff.ok(), qPrintable(staff.errorMessage()));
        m_staff = *staff;

        RegistryService reg(*m_db);
        const QDate movedIn(2020, 4, 1);
        NewResident hanako =
            person(QStringLiteral("髙橋"), QStringLiteral("花子"), QStringLiteral("タカハシ"),
                   QStringLiteral("ハナコ"), QDate(1975, 3, 1), QStringLiteral("female"),
                   QStringLiteral("御成町"), QStringLiteral("1丁目2番3号"));
        hanako.myNumber = QStringLiteral("123456789018");
        auto h = reg.registerResident(hanako, MoveKind::MoveIn, movedIn, {}, m_staff.clerk);
        QVERIFY2(h.ok(), qPrintable(h.errorMessage()));
        m_hanako = h->id;
        NewResident ichiro =
            person(QStringLiteral("髙橋"), QStringLiteral("一郎"), QStringLiteral("タカハシ"),
                   QStringLiteral("イチロウ"), QDate(1970, 1, 15), QStringLiteral("male"),
                   QStringLiteral("御成町"), QStringLiteral("1丁目2番3号"));
        ichiro.householdId = h->householdId;
        ichiro.person.relationship = QStringLiteral("夫");
        QVERIFY(reg.registerResident(ichiro, MoveKind::MoveIn, movedIn, {}, m_staff.clerk).ok());
        // The family moves within the city: 花子's history has two moves.
        QVERIFY(reg.relocate(m_hanako,
                             {QStringLiteral("142042"), QStringLiteral("2480005"),
                              QStringLiteral("雪ノ下"), QStringLiteral("3丁目4番5号"), QString()},
                             QDate(2023, 10, 1), m_staff.clerk)
                    .ok());

        auto dv = reg.registerResident(
            person(QStringLiteral("鈴木"), QStringLiteral("良子"), QStringLiteral("スズキ"),
                   QStringLiteral("ヨシコ"), QDate(1985, 7, 7), QStringLiteral("female"),
                   QStringLiteral("小町"), QStringLiteral("2丁目2番2号")),
            MoveKind::MoveIn, movedIn, {}, m_staff.clerk);
        QVERIFY(dv.ok());
        m_dv = dv->id;
        QVERIFY(
            reg.setDvSupport(m_dv, true, QStringLiteral("令和5年 申出"), m_staff.supervisor).ok());

        auto gone = reg.registerResident(
            person(QStringLiteral("渡邊"), QStringLiteral("翔"), QStringLiteral("ワタナベ"),
                   QStringLiteral("ショウ"), QDate(2001, 4, 2), QStringLiteral("male"),
                   QStringLiteral("長谷"), QStringLiteral("4丁目4番4号")),
            MoveKind::MoveIn, movedIn, {}, m_staff.clerk);
        QVERIFY(gone.ok());
        QVERIFY(
            reg.moveOut(gone->id, QDate(2024, 1, 31), QStringLiteral("東京都港区"), m_staff.clerk)
                .ok());

        NewResident smith;
        smith.person.isForeign = true;
        smith.person.alphaName = QStringLiteral("SMITH JOHN");
        smith.person.familyKana = QStringLiteral("スミス");
        smith.person.givenKana = QStringLiteral("ジョン");
        smith.person.nationality = QStringLiteral("アメリカ合衆国");
        smith.person.residenceStatus = QStringLiteral("永住者");
        smith.person.residenceCardNo = QStringLiteral("AB12345678CD");
        smith.person.birthDate = QDate(1982, 10, 10);
        smith.person.sex = QStringLiteral("male");
        smith.person.address = {QStringLiteral("142042"), QStringLiteral("2480012"),
                                QStringLiteral("御成町"), QStringLiteral("9番9号"), QString()};
        auto s = reg.registerResident(smith, MoveKind::MoveIn, movedIn, {}, m_staff.clerk);
        QVERIFY(s.ok());
        m_smith = s->id;

        // 大野 明美, born 小川: the former name still finds her, and the row says so.
        auto married = reg.registerResident(
            person(QStringLiteral("小川"), QStringLiteral("明美"), QStringLiteral("オガワ"),
                   QStringLiteral("アケミ"), QDate(1990, 3, 3), QStringLiteral("female"),
                   QStringLiteral("大町"), QStringLiteral("1丁目1番1号")),
            MoveKind::MoveIn, movedIn, {}, m_staff.clerk);
        QVERIFY(married.ok());
        QVERIFY(reg.changeName(married->id, QStringLiteral("大野"), QStringLiteral("明美"),
                               QStringLiteral("オオノ"), QStringLiteral("アケミ"),
                               QDate(2022, 6, 1), QStringLiteral("婚姻"), m_staff.clerk)
                    .ok());

        // 55 residents of 坂ノ下: more than one page of hits.
        for (int i = 0; i < 55; ++i) {
            auto r = reg.registerResident(
                person(QStringLiteral("中村"), QStringLiteral("健%1").arg(i),
                       QStringLiteral("ナカムラ"), QStringLiteral("ケン"),
                       QDate(1950, 1, 1).addDays(i * 97), QStringLiteral("male"),
                       QStringLiteral("坂ノ下"), QStringLiteral("%1番地").arg(i + 1)),
                MoveKind::MoveIn, movedIn, {}, m_staff.clerk);
            QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
        }
    }

    void typeAheadFindsVariantKanji()
    {
        auto p = open(m_staff.clerk);
        QVERIFY(p->edit && p->table && p->status && p->model);
        QCOMPARE(p->table->model(), p->model);
        QVERIFY(!p->edit->placeholderText().isEmpty());
        QVERIFY(p->edit->hasFocus()); // the page's focus goes to the box

        typeJapanese(p->edit, QStringLiteral("高橋"));
        QCOMPARE(p->model->rowCount(), 0); // not yet: 250 ms after the last keystroke
        QTRY_COMPARE(p->model->rowCount(), 2);
        QStringList names;
        for (int r = 0; r < p->model->rowCount(); ++r) {
            names << p->model->index(r, ResidentSearchModel::Name).data().toString();
        }
        QCOMPARE(names, (QStringList{QStringLiteral("髙橋") + kSpace + QStringLiteral("一郎"),
                                     QStringLiteral("髙橋") + kSpace + QStringLiteral("花子")}));
        const QModelIndex birth = p->model->index(1, ResidentSearchModel::BirthDate);
        QCOMPARE(birth.data().toString(), QStringLiteral("昭和50年3月1日"));
        QCOMPARE(birth.data(Qt::ToolTipRole).toString(), QStringLiteral("1975-03-01"));
        QVERIFY2(p->status->text().endsWith(QStringLiteral(" — 2 found")),
                 qPrintable(p->status->text()));
        QVERIFY(p->status->text().contains(p->model->interpretation()));

        // Romaji typed key by key (no input method) finds her too.
        p->edit->clear();
        QTest::keyClicks(p->edit, QStringLiteral("takahashi hanako"));
        QTRY_COMPARE(p->model->query(), QStringLiteral("takahashi hanako"));
        QVERIFY(p->model->rowCount() >= 1);
        QCOMPARE(p->model->residentAt(0).id, m_hanako);
    }

    void enterSearchesAtOnceDownEntersEscLeaves()
    {
        auto p = open(m_staff.clerk);
        typeJapanese(p->edit, QStringLiteral("髙橋 花子"));
        auto* timer = p->page->findChild<QTimer*>(QStringLiteral("searchTypingTimer"));
        QVERIFY(timer && timer->isActive());
        QTest::keyClick(p->edit, Qt::Key_Return);
        QVERIFY(!timer->isActive());
        QCOMPARE(p->model->rowCount(), 1); // no waiting
        QCOMPARE(p->model->residentAt(0).id, m_hanako);

        QTest::keyClick(p->edit, Qt::Key_Down);
        QVERIFY(p->table->hasFocus());
        QCOMPARE(p->table->currentIndex().row(), 0);
        QVERIFY(p->table->selectionModel()->isRowSelected(0, {}));

        QTest::keyClick(p->table, Qt::Key_Escape);
        QVERIFY(p->edit->hasFocus());
        QCOMPARE(p->model->rowCount(), 1); // Esc in the table keeps the hits

        QTest::keyClick(p->edit, Qt::Key_Escape);
        QVERIFY(p->edit->text().isEmpty());
        QCOMPARE(p->model->rowCount(), 0);
        QVERIFY(p->status->text().isEmpty());
        QVERIFY(p->edit->hasFocus());

        // ↓ on a pending type-ahead searches first.
        typeJapanese(p->edit, QStringLiteral("鈴木"));
        QTest::keyClick(p->edit, Qt::Key_Down);
        QCOMPARE(p->model->rowCount(), 1);
        QVERIFY(p->table->hasFocus());
    }

    void formerNameIsShown()
    {
        auto p = open(m_staff.clerk);
        typeJapanese(p->edit, QStringLiteral("おがわ"));
        QTest::keyClick(p->edit, Qt::Key_Enter);
        QCOMPARE(p->model->rowCount(), 1);
        const QModelIndex name = p->model->index(0, ResidentSearchModel::Name);
        QVERIFY2(name.data().toString().startsWith(QStringLiteral("大野")),
                 qPrintable(name.data().toString()));
        QVERIFY(name.data().toString().contains(QStringLiteral("former name")));
        QVERIFY(name.data(Qt::ToolTipRole).toString().contains(QStringLiteral("former name")));
        // Found by the current name, the row is the plain name.
        typeJapanese(p->edit, QStringLiteral("おおの"));
        QTest::keyClick(p->edit, Qt::Key_Enter);
        QCOMPARE(p->model->rowCount(), 1);
        QVERIFY(!p->model->index(0, ResidentSearchModel::Name)
                     .data()
                     .toString()
                     .contains(QStringLiteral("former")));
    }

    void dvWarningAndRemovedRows()
    {
        auto p = open(m_staff.clerk);
        typeJapanese(p->edit, QStringLiteral("すずき"));
        QTest::keyClick(p->edit, Qt::Key_Enter);
        QCOMPARE(p->model->rowCount(), 1);
        QCOMPARE(p->model->residentAt(0).id, m_dv);
        for (int c = 0; c < ResidentSearchModel::ColumnCount; ++c) {
            const QModelIndex i = p->model->index(0, c);
            QVERIFY(i.data(ResidentSearchModel::DvSupportRole).toBool());
            QVERIFY(i.data(Qt::BackgroundRole).isValid());
            QVERIFY2(i.data(Qt::ToolTipRole)
                         .toString()
                         .contains(QStringLiteral("DV support measure applies: nothing may be "
                                                  "issued to third parties")),
                     qPrintable(i.data(Qt::ToolTipRole).toString()));
        }
        QCOMPARE(p->model->index(0, ResidentSearchModel::State).data().toString(),
                 QStringLiteral("Current"));

        // 渡辺 finds 渡邊, who moved out: a 除票 row, grey.
        typeJapanese(p->edit, QStringLiteral("渡辺"));
        QTest::keyClick(p->edit, Qt::Key_Return);
        QCOMPARE(p->model->rowCount(), 1);
        const QModelIndex state = p->model->index(0, ResidentSearchModel::State);
        QVERIFY(state.data(ResidentSearchModel::RemovedRole).toBool());
        QCOMPARE(state.data().toString(), QStringLiteral("Removed"));
        QVERIFY(state.data(Qt::ToolTipRole).toString().contains(QStringLiteral("東京都港区")));
        QVERIFY(state.data(Qt::ForegroundRole).isValid());
        QVERIFY(!state.data(ResidentSearchModel::DvSupportRole).toBool());
        QVERIFY(!state.data(Qt::BackgroundRole).isValid());
        // Others are current.
        typeJapanese(p->edit, QStringLiteral("高橋"));
        QTest::keyClick(p->edit, Qt::Key_Return);
        QVERIFY(!p->model->index(0, ResidentSearchModel::State)
                     .data(ResidentSearchModel::RemovedRole)
                     .toBool());
    }

    void scrollingToTheEndLoadsTheNextPage()
    {
        auto p = open(m_staff.clerk);
        typeJapanese(p->edit, QStringLiteral("坂ノ下"));
        QTest::keyClick(p->edit, Qt::Key_Return);
        QCOMPARE(p->model->rowCount(), ResidentSearchModel::kPageSize);
        QVERIFY(p->model->hasMore());
        QVERIFY2(p->status->text().contains(QStringLiteral(" — 50+ found")),
                 qPrintable(p->status->text()));
        QScrollBar* bar = p->table->verticalScrollBar();
        QTRY_VERIFY(bar->maximum() > 0); // after the view's delayed layout
        bar->setValue(bar->maximum());
        QTRY_COMPARE(p->model->rowCount(), 55);
        QVERIFY(!p->model->hasMore());
        QVERIFY2(p->status->text().endsWith(QStringLiteral(" — 55 found")),
                 qPrintable(p->status->text()));
        QSet<qint64> ids;
        for (int r = 0; r < p->model->rowCount(); ++r) {
            ids.insert(p->model->residentAt(r).id);
        }
        QCOMPARE(ids.size(), 55);
    }

    void enterOpensTheResident()
    {
        auto p = open(m_staff.clerk);
        typeJapanese(p->edit, QStringLiteral("高橋 花子"));
        QTest::keyClick(p->edit, Qt::Key_Return);
        QCOMPARE(p->model->rowCount(), 1);
        QTest::keyClick(p->edit, Qt::Key_Down);

        struct Seen
        {
            bool shown = false;
            QString name, myNumber, birth;
            bool bannerVisible = true, revealEnabled = true, hasAudit = true, header = false;
            QStringList relationships, householdNames, moveKinds, changes, tabs;
        } seen;
        whenModal(QStringLiteral("residentDialog"), [&seen](QWidget* d) {
            seen.shown = true;
            seen.header = d->findChild<QWidget*>(QStringLiteral("residentHeader")) != nullptr;
            if (auto* l = d->findChild<QLabel*>(QStringLiteral("residentName"))) {
                seen.name = l->text();
            }
            if (auto* l = d->findChild<QLabel*>(QStringLiteral("myNumberLabel"))) {
                seen.myNumber = l->text();
            }
            if (auto* l = d->findChild<QLabel*>(QStringLiteral("birthDateValue"))) {
                seen.birth = l->text();
            }
            if (auto* b = d->findChild<QLabel*>(QStringLiteral("dvBanner"))) {
                seen.bannerVisible = b->isVisible();
            }
            if (auto* b = d->findChild<QPushButton*>(QStringLiteral("showMyNumberButton"))) {
                seen.revealEnabled = b->isEnabled();
            }
            seen.hasAudit = d->findChild<QTableWidget*>(QStringLiteral("auditTable")) != nullptr;
            if (auto* t = d->findChild<QTableWidget*>(QStringLiteral("householdTable"))) {
                seen.relationships = columnTexts(t, 0);
                seen.householdNames = columnTexts(t, 1);
            }
            if (auto* t = d->findChild<QTableWidget*>(QStringLiteral("historyTable"))) {
                seen.moveKinds = columnTexts(t, 1);
                seen.changes = columnTexts(t, 5);
            }
            if (auto* tabs = d->findChild<QTabWidget*>(QStringLiteral("residentTabs"))) {
                for (int i = 0; i < tabs->count(); ++i) {
                    seen.tabs << tabs->tabText(i);
                }
            }
            QTest::keyClick(d, Qt::Key_Escape); // Esc closes
        });
        QTest::keyClick(p->table, Qt::Key_Return);
        QVERIFY(seen.shown);
        QVERIFY(!QApplication::activeModalWidget());
        QVERIFY(seen.header);
        QCOMPARE(seen.name, QStringLiteral("髙橋") + kSpace + QStringLiteral("花子"));
        QVERIFY2(seen.birth.startsWith(QStringLiteral("昭和50年3月1日")), qPrintable(seen.birth));
        QVERIFY(!seen.bannerVisible);
        QCOMPARE(seen.myNumber, QStringLiteral("**** **** ****"));
        QVERIFY(!seen.revealEnabled); // a clerk may not see the full number
        QVERIFY(!seen.hasAudit);      // nor the access log
        QCOMPARE(seen.tabs.size(), 2);
        QCOMPARE(seen.relationships, (QStringList{QStringLiteral("世帯主"), QStringLiteral("夫")}));
        QCOMPARE(seen.householdNames,
                 (QStringList{QStringLiteral("髙橋") + kSpace + QStringLiteral("花子"),
                              QStringLiteral("髙橋") + kSpace + QStringLiteral("一郎")}));
        QCOMPARE(seen.moveKinds, (QStringList{QStringLiteral("転入"), QStringLiteral("転居")}));
        QVERIFY2(seen.changes.at(1).contains(QStringLiteral("town: 御成町 → 雪ノ下")),
                 qPrintable(seen.changes.at(1)));
        QVERIFY2(seen.changes.at(0).contains(QStringLiteral("family name: 髙橋")),
                 qPrintable(seen.changes.at(0)));

        // The look is in the access log, with its purpose and the clerk's name.
        auto views =
            AuditLog(*m_db).query(AuditFilter::of(QStringLiteral("resident.view"), m_hanako));
        QVERIFY(views.ok());
        QVERIFY(!views->isEmpty());
        QCOMPARE(views->first().operatorLogin, QStringLiteral("clerk"));
        QCOMPARE(views->first().purpose, QStringLiteral("checked at the counter"));
        QCOMPARE(views->first().purpose, ResidentDialog::viewPurpose());

        // Double-click opens too.
        bool again = false;
        whenModal(QStringLiteral("residentDialog"), [&again](QWidget* d) {
            again = true;
            QTest::keyClick(d, Qt::Key_Escape);
        });
        const QRect cell = p->table->visualRect(p->model->index(0, 0));
        // As a mouse delivers it: press and release, then the double click.
        QTest::mouseClick(p->table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(p->table->viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY(again);
    }

    void supervisorSeesBannerLogAndFullNumber()
    {
        AppContext ctx = contextFor(m_staff.supervisor);
        RegistryService reg(*m_db);

        ResidentDialog dv(&ctx, &reg, m_dv);
        QVERIFY(dv.load().ok());
        dv.show();
        auto* banner = dv.findChild<QLabel*>(QStringLiteral("dvBanner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY(banner->text().contains(QStringLiteral("DV support measure applies")));
        QVERIFY(banner->text().contains(QStringLiteral("令和5年 申出")));
        QCOMPARE(dv.findChild<QLabel*>(QStringLiteral("myNumberLabel"))->text(),
                 QStringLiteral("not registered"));
        QVERIFY(!dv.findChild<QPushButton*>(QStringLiteral("showMyNumberButton"))->isEnabled());
        auto* audit = dv.findChild<QTableWidget*>(QStringLiteral("auditTable"));
        QVERIFY(audit);
        QVERIFY(audit->rowCount() >= 3); // registered, DV flag set, this look
        QCOMPARE(audit->item(0, 3)->text(), QStringLiteral("household.view")); // newest first
        QVERIFY(columnTexts(audit, 3).contains(QStringLiteral("resident.view")));
        QVERIFY(columnTexts(audit, 3).contains(QStringLiteral("resident.dv.on")));
        QVERIFY(columnTexts(audit, 4).contains(QStringLiteral("checked at the counter")));
        QTest::keyClick(&dv, Qt::Key_Escape);
        QVERIFY(!dv.isVisible());

        ResidentDialog hanako(&ctx, &reg, m_hanako);
        QVERIFY(hanako.load().ok());
        hanako.show();
        QVERIFY(!hanako.findChild<QLabel*>(QStringLiteral("dvBanner"))->isVisible());
        QVERIFY(!hanako.findChild<QLabel*>(QStringLiteral("messageLabel"))->isVisible());
        auto* reveal = hanako.findChild<QPushButton*>(QStringLiteral("showMyNumberButton"));
        QVERIFY(reveal->isEnabled());
        // An empty reason is refused by the register, with its message; nothing is shown.
        whenModal(QStringLiteral("revealReasonDialog"),
                  [](QWidget* d) { static_cast<QInputDialog*>(d)->accept(); });
        reveal->click();
        QCOMPARE(hanako.findChild<QLabel*>(QStringLiteral("myNumberLabel"))->text(),
                 QStringLiteral("**** **** ****"));
        auto* message = hanako.findChild<QLabel*>(QStringLiteral("messageLabel"));
        QVERIFY(message->isVisible() && !message->text().isEmpty());
        whenModal(QStringLiteral("revealReasonDialog"), [](QWidget* d) {
            auto* input = static_cast<QInputDialog*>(d);
            input->setTextValue(QStringLiteral("本人確認"));
            input->accept();
        });
        reveal->click();
        QCOMPARE(hanako.findChild<QLabel*>(QStringLiteral("myNumberLabel"))->text(),
                 QStringLiteral("1234 5678 9018"));
        auto* log = hanako.findChild<QTableWidget*>(QStringLiteral("auditTable"));
        QCOMPARE(log->item(0, 3)->text(), QStringLiteral("resident.mynumber.reveal"));
        QCOMPARE(log->item(0, 4)->text(), QStringLiteral("本人確認"));

        // A foreign resident: the alphabet name and the residence details.
        ResidentDialog smith(&ctx, &reg, m_smith);
        QVERIFY(smith.load().ok());
        QCOMPARE(smith.findChild<QLabel*>(QStringLiteral("residentName"))->text(),
                 QStringLiteral("SMITH JOHN"));
        QCOMPARE(smith.findChild<QLabel*>(QStringLiteral("nationalityValue"))->text(),
                 QStringLiteral("アメリカ合衆国"));
        QCOMPARE(smith.findChild<QLabel*>(QStringLiteral("residenceStatusValue"))->text(),
                 QStringLiteral("永住者"));
        QCOMPARE(smith.findChild<QLabel*>(QStringLiteral("residenceCardValue"))->text(),
                 QStringLiteral("AB12345678CD"));
    }

    void traineeSeesWhyNot()
    {
        auto p = open(m_staff.trainee);
        typeJapanese(p->edit, QStringLiteral("高橋"));
        QTest::keyClick(p->edit, Qt::Key_Return);
        QCOMPARE(p->model->rowCount(), 0);
        RegistryService reg(*m_db);
        SearchService search(*m_db, &reg);
        const auto refused = search.search({QStringLiteral("高橋")}, m_staff.trainee);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("auth.denied"));
        QCOMPARE(p->status->text(), refused.errorMessage());
        QVERIFY(p->status->text().contains(QStringLiteral("trainee")));

        // Opening a resident directly is refused the same way.
        AppContext ctx = contextFor(m_staff.trainee);
        ResidentDialog d(&ctx, &reg, m_hanako);
        const Status st = d.load();
        QVERIFY(!st.ok());
        QCOMPARE(st.error().code, QStringLiteral("auth.denied"));
    }
};

QTEST_MAIN(TestResidentSearchPage)
#include "tst_residentsearchpage.moc"
