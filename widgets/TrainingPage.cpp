#include "TrainingPage.h"
#include "Charts.h"

#include "LessonViewer.h"
#include "PdfPreview.h"
#include "QuizDialog.h"
#include "Ui.h"
#include "i18n/Translations.h"
#include "learning/CoursePackage.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace madoguchi {

using namespace learning;

namespace {

// The day something was done, in Japan (as on the certificate), whatever the time zone here.
QString japanDay(const QDateTime& t)
{
    return QLocale().toString(t.toTimeZone(QTimeZone(9 * 3600)).date(), QLocale::ShortFormat);
}

enum CourseColumn { ColTitle, ColVersion, ColLessons, ColState, CourseColumns };
enum LessonColumn { ColLesson, ColPages, ColTime, ColDone, LessonColumns };

QTableWidgetItem* cell(const QString& text, const QVariant& data = {})
{
    auto* item = new QTableWidgetItem(text);
    if (data.isValid()) {
        item->setData(Qt::UserRole, data);
    }
    return item;
}

QString minutes(int seconds)
{
    return TrainingPage::tr("%1 min").arg((seconds + 59) / 60);
}

QString stateName(const QString& state)
{
    if (state == QLatin1String("completed")) {
        return TrainingPage::tr("Completed");
    }
    if (state == QLatin1String("in_progress")) {
        return TrainingPage::tr("In progress");
    }
    return TrainingPage::tr("Not enrolled");
}

} // namespace

TrainingPage::TrainingPage(AppContext* context, QWidget* parent)
    : QWidget(parent), m_ctx(context), m_service(context->db)
{
    setObjectName(QStringLiteral("trainingPage"));
    auto* outer = new QVBoxLayout(this);
    outer->addWidget(ui::heading(tr("Training"), this, 1.4));
    m_message = ui::messageLabel(this);
    m_message->setObjectName(QStringLiteral("trainingMessage"));
    outer->addWidget(m_message);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("trainingTabs"));
    m_tabs->addTab(buildCourses(), tr("My &courses"));
    m_tabs->addTab(buildLesson(), tr("&Lesson"));
    m_tabs->setTabEnabled(LessonTab, false);
    if (m_ctx->session.can(Permission::ViewTrainingRecords)) {
        m_completionTab = buildCompletion();
        m_tabs->addTab(m_completionTab, tr("Com&pletion"));
    }
    outer->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index != LessonTab && !m_lessonId.isEmpty()) {
            closeLesson();
        }
        if (index == CompletionTab) {
            reloadCompletion();
        }
    });
}

QWidget* TrainingPage::buildCourses()
{
    auto* tab = new QWidget(m_tabs);
    auto* layout = new QHBoxLayout(tab);
    auto* split = new QSplitter(tab);
    m_courseTable =
        ui::readOnlyTable(QStringLiteral("courseTable"),
                          {tr("Course"), tr("Version"), tr("Lessons"), tr("My state")}, split);
    m_courseTable->horizontalHeader()->setSectionResizeMode(ColTitle, QHeaderView::Stretch);
    m_courseTable->horizontalHeader()->setStretchLastSection(false);
    for (int col = ColTitle + 1; col < m_courseTable->columnCount(); ++col) {
        m_courseTable->horizontalHeader()->setSectionResizeMode(col, QHeaderView::ResizeToContents);
    }
    // Wide enough for a course title and its state without scrolling sideways.
    m_courseTable->setMinimumWidth(m_courseTable->fontMetrics().averageCharWidth() * 60);
    connect(m_courseTable, &QTableWidget::itemSelectionChanged, this, &TrainingPage::courseChosen);
    split->addWidget(m_courseTable);

    auto* detail = new QWidget(split);
    auto* v = new QVBoxLayout(detail);
    m_courseTitle = ui::heading(QString(), detail, 1.2);
    m_courseTitle->setObjectName(QStringLiteral("courseTitle"));
    m_courseTitle->setWordWrap(true);
    v->addWidget(m_courseTitle);
    m_courseInfo = new QLabel(detail);
    m_courseInfo->setObjectName(QStringLiteral("courseInfo"));
    m_courseInfo->setWordWrap(true);
    m_courseInfo->setTextFormat(Qt::PlainText);
    v->addWidget(m_courseInfo);
    m_lessonTable =
        ui::readOnlyTable(QStringLiteral("lessonTable"),
                          {tr("Lesson"), tr("Pages viewed"), tr("Time"), tr("Done")}, detail);
    m_lessonTable->horizontalHeader()->setSectionResizeMode(ColLesson, QHeaderView::Stretch);
    m_lessonTable->horizontalHeader()->setStretchLastSection(false);
    for (int col = ColLesson + 1; col < m_lessonTable->columnCount(); ++col) {
        m_lessonTable->horizontalHeader()->setSectionResizeMode(col, QHeaderView::ResizeToContents);
    }
    connect(m_lessonTable, &QTableWidget::itemActivated, this, [this](QTableWidgetItem* item) {
        openLesson(m_lessonTable->item(item->row(), ColLesson)->data(Qt::UserRole).toString());
    });
    v->addWidget(m_lessonTable, 1);
    auto* buttons = new QHBoxLayout;
    m_enrol = new QPushButton(tr("&Enrol"), detail);
    m_enrol->setObjectName(QStringLiteral("enrolButton"));
    connect(m_enrol, &QPushButton::clicked, this, &TrainingPage::enrol);
    m_open = new QPushButton(tr("&Open the lesson"), detail);
    m_open->setObjectName(QStringLiteral("openLessonButton"));
    connect(m_open, &QPushButton::clicked, this, [this] {
        const int row = m_lessonTable->currentRow();
        if (row >= 0) {
            openLesson(m_lessonTable->item(row, ColLesson)->data(Qt::UserRole).toString());
        }
    });
    m_quiz = new QPushButton(tr("Take the &quiz…"), detail);
    m_quiz->setObjectName(QStringLiteral("quizButton"));
    connect(m_quiz, &QPushButton::clicked, this, &TrainingPage::takeQuiz);
    m_certificate = new QPushButton(tr("My ce&rtificate…"), detail);
    m_certificate->setObjectName(QStringLiteral("certificateButton"));
    connect(m_certificate, &QPushButton::clicked, this, &TrainingPage::showCertificate);
    m_import = new QPushButton(tr("&Import course…"), detail);
    m_import->setObjectName(QStringLiteral("importCourseButton"));
    m_import->setToolTip(tr("A signed course package from a trusted publisher"));
    m_import->setVisible(m_ctx->session.can(Permission::ManageSettings));
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import a course"), QDir::homePath(),
                                         tr("Course packages (*.mdcourse *.zip);;All files (*)"));
        if (!path.isEmpty()) {
            importCourse(path);
        }
    });
    buttons->addWidget(m_enrol);
    buttons->addWidget(m_open);
    buttons->addWidget(m_quiz);
    buttons->addWidget(m_certificate);
    buttons->addStretch(1);
    buttons->addWidget(m_import);
    v->addLayout(buttons);
    split->addWidget(detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);
    return tab;
}

QWidget* TrainingPage::buildLesson()
{
    auto* tab = new QWidget(m_tabs);
    auto* v = new QVBoxLayout(tab);
    auto* top = new QHBoxLayout;
    m_lessonTitle = ui::heading(QString(), tab, 1.1);
    m_lessonTitle->setObjectName(QStringLiteral("lessonTitle"));
    auto* back = new QPushButton(tr("&Back to the course"), tab);
    back->setObjectName(QStringLiteral("backToCourseButton"));
    connect(back, &QPushButton::clicked, this, [this] { m_tabs->setCurrentIndex(CoursesTab); });
    top->addWidget(m_lessonTitle, 1);
    top->addWidget(back);
    v->addLayout(top);
    m_viewer = new LessonViewer(tab);
    connect(m_viewer, &LessonViewer::pageShown, this, &TrainingPage::recordPage);
    v->addWidget(m_viewer, 1);
    return tab;
}

QWidget* TrainingPage::buildCompletion()
{
    auto* tab = new QWidget(m_tabs);
    auto* v = new QVBoxLayout(tab);
    auto* split = new QSplitter(Qt::Vertical, tab);
    m_completionTable =
        ui::readOnlyTable(QStringLiteral("completionTable"),
                          {tr("Login"), tr("Name"), tr("Course"), tr("State"), tr("Lessons"),
                           tr("Best score"), tr("Attempts"), tr("Completed"), tr("Certificate")},
                          split);
    m_completionTable->setSortingEnabled(true);
    split->addWidget(m_completionTable);
    m_chart = new QChartView(new QChart, split);
    m_chart->setObjectName(QStringLiteral("completionChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(240);
    m_chart->chart()->setTitle(tr("Staff per course"));
    m_chart->chart()->legend()->setAlignment(Qt::AlignBottom);
    split->addWidget(m_chart);
    v->addWidget(split, 1);
    auto* buttons = new QHBoxLayout;
    auto* csv = new QPushButton(tr("E&xport CSV…"), tab);
    csv->setObjectName(QStringLiteral("exportCsvButton"));
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export the completion report"),
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                .filePath(QStringLiteral("training-completion-%1.csv")
                              .arg(QDate::currentDate().toString(Qt::ISODate))),
            tr("CSV (*.csv)"));
        if (path.isEmpty()) {
            return;
        }
        const QString error = exportCompletion(path);
        say(error.isEmpty()
                ? tr("The report was written to %1.").arg(QDir::toNativeSeparators(path))
                : error,
            !error.isEmpty());
    });
    buttons->addWidget(csv);
    buttons->addStretch(1);
    v->addLayout(buttons);
    return tab;
}

QString TrainingPage::titleOf(const QString& title, const QString& titleEn) const
{
    return i18n::configured() == i18n::Language::English && !titleEn.isEmpty() ? titleEn : title;
}

void TrainingPage::say(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
}

void TrainingPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
}

void TrainingPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    // Another page of the window, or the window locked: the time read so far counts (the
    // viewer's clock stops while it is hidden).
    if (!m_lessonId.isEmpty()) {
        recordPage(m_viewer->currentPage());
    }
}

void TrainingPage::refresh()
{
    const QString keep = selectedCourse();
    auto courses = m_service.courses();
    if (!courses) {
        say(courses.errorMessage(), true);
        return;
    }
    m_courses = *courses;
    {
        const QSignalBlocker block(m_courseTable);
        m_courseTable->setRowCount(0);
        for (const CourseSummary& c : m_courses) {
            const int row = m_courseTable->rowCount();
            m_courseTable->insertRow(row);
            m_courseTable->setItem(row, ColTitle, cell(titleOf(c.title, c.titleEn), c.courseId));
            m_courseTable->setItem(row, ColVersion, cell(QString::number(c.version)));
            m_courseTable->setItem(row, ColLessons, cell(QString::number(c.lessonCount)));
            QString state = stateName(QStringLiteral("not_enrolled"));
            auto e = m_service.enrolment(c.courseId, m_ctx->session.login());
            if (e && e->has_value()) {
                state = stateName((*e)->completedAt.isValid() ? QStringLiteral("completed")
                                                              : QStringLiteral("in_progress"));
            }
            m_courseTable->setItem(row, ColState, cell(state));
        }
        m_courseTable->resizeColumnsToContents();
    }
    if (m_courses.isEmpty()) {
        say(tr("No course is installed on this workstation yet."), false);
    }
    if (!selectCourse(keep) && !m_courses.isEmpty()) {
        m_courseTable->selectRow(0);
    }
    courseChosen();
    if (m_tabs->currentIndex() == CompletionTab) {
        reloadCompletion();
    }
    emit refreshed();
}

QString TrainingPage::selectedCourse() const
{
    const int row = m_courseTable->currentRow();
    if (row < 0 || !m_courseTable->item(row, ColTitle)) {
        return {};
    }
    return m_courseTable->item(row, ColTitle)->data(Qt::UserRole).toString();
}

bool TrainingPage::selectCourse(const QString& courseId)
{
    for (int row = 0; row < m_courseTable->rowCount(); ++row) {
        if (!courseId.isEmpty() &&
            m_courseTable->item(row, ColTitle)->data(Qt::UserRole).toString() == courseId) {
            m_courseTable->selectRow(row);
            return true;
        }
    }
    return false;
}

void TrainingPage::courseChosen()
{
    const QString id = selectedCourse();
    m_course.reset();
    m_enrolment.reset();
    m_lessonTable->setRowCount(0);
    const bool learner = m_ctx->session.can(Permission::TakeTraining);
    m_enrol->setEnabled(false);
    m_open->setEnabled(false);
    m_quiz->setEnabled(false);
    m_certificate->setEnabled(false);
    if (id.isEmpty()) {
        m_courseTitle->clear();
        m_courseInfo->clear();
        return;
    }
    auto course = m_service.course(id);
    if (!course) {
        say(course.errorMessage(), true);
        return;
    }
    m_course = *course;
    auto enrolment = m_service.enrolment(id, m_ctx->session.login());
    if (enrolment && enrolment->has_value()) {
        m_enrolment = **enrolment;
        // The learner goes on with the version enrolled in, though a newer one is installed.
        if (m_enrolment->courseVersion != m_course->version) {
            auto enrolled = m_service.course(id, m_enrolment->courseVersion);
            if (!enrolled) {
                say(enrolled.errorMessage(), true);
                return;
            }
            m_course = *enrolled;
        }
    }
    m_courseTitle->setText(titleOf(m_course->title, m_course->titleEn));
    QList<LessonProgress> progress;
    if (m_enrolment) {
        auto p = m_service.progress(m_enrolment->id);
        if (p) {
            progress = *p;
        }
    }
    QString info = m_course->description;
    if (!info.isEmpty()) {
        info += QLatin1Char('\n');
    }
    info += tr("Version %1 · %2 · quiz: %n question(s), pass mark %3 %", nullptr,
               int(m_course->quiz.questions.size()))
                .arg(m_course->version)
                .arg(m_course->publisher)
                .arg(m_course->quiz.passMark);
    if (!m_enrolment) {
        info += QLatin1Char('\n') + tr("You are not enrolled in this course yet.");
    } else if (m_enrolment->completedAt.isValid()) {
        info += QLatin1Char('\n') +
                tr("Completed on %1. Certificate %2.")
                    .arg(japanDay(m_enrolment->completedAt), m_enrolment->certificateNumber);
    }
    m_courseInfo->setText(info);
    for (const Lesson& lesson : m_course->lessons()) {
        const int row = m_lessonTable->rowCount();
        m_lessonTable->insertRow(row);
        m_lessonTable->setItem(row, ColLesson,
                               cell(titleOf(lesson.title, lesson.titleEn), lesson.id));
        auto it = std::find_if(progress.cbegin(), progress.cend(),
                               [&](const LessonProgress& p) { return p.lessonId == lesson.id; });
        if (it != progress.cend()) {
            m_lessonTable->setItem(
                row, ColPages, cell(tr("%1 / %2").arg(it->pagesViewed.size()).arg(it->pageCount)));
            m_lessonTable->setItem(row, ColTime, cell(minutes(it->seconds)));
            m_lessonTable->setItem(row, ColDone, cell(it->completed ? tr("✔") : QString()));
        } else {
            m_lessonTable->setItem(row, ColPages, cell(QStringLiteral("–")));
            m_lessonTable->setItem(row, ColTime, cell(QStringLiteral("–")));
            m_lessonTable->setItem(row, ColDone, cell(QString()));
        }
    }
    m_lessonTable->resizeColumnsToContents();
    if (m_lessonTable->rowCount() > 0) {
        m_lessonTable->selectRow(0);
    }
    m_enrol->setEnabled(learner && !m_enrolment);
    m_open->setEnabled(learner && m_enrolment && m_lessonTable->rowCount() > 0);
    m_quiz->setEnabled(learner && m_enrolment && !m_enrolment->completedAt.isValid() &&
                       !m_course->quiz.questions.isEmpty());
    m_certificate->setEnabled(m_enrolment && !m_enrolment->certificateNumber.isEmpty());
}

bool TrainingPage::enrol()
{
    const QString id = selectedCourse();
    if (id.isEmpty()) {
        return false;
    }
    auto e = m_service.enrol(id, m_ctx->session);
    if (!e) {
        say(e.errorMessage(), true);
        return false;
    }
    say(tr("You are enrolled in %1.").arg(m_courseTitle->text()), false);
    refresh();
    return true;
}

bool TrainingPage::openLesson(const QString& lessonId)
{
    if (!m_course || !m_enrolment) {
        say(tr("Enrol in the course first."), true);
        return false;
    }
    if (!m_lessonId.isEmpty()) {
        closeLesson();
    }
    auto pdf = m_service.lessonPdf(m_course->id, m_course->version, lessonId);
    if (!pdf) {
        say(pdf.errorMessage(), true);
        return false;
    }
    int resume = 1;
    auto progress = m_service.progress(m_enrolment->id);
    if (progress) {
        for (const LessonProgress& p : *progress) {
            if (p.lessonId == lessonId) {
                resume = std::max(1, p.lastPage);
            }
        }
    }
    QString title;
    for (const Lesson& l : m_course->lessons()) {
        if (l.id == lessonId) {
            title = titleOf(l.title, l.titleEn);
        }
    }
    m_lessonCourse = m_course->id;
    m_lessonId = lessonId;
    m_lessonEnrolment = m_enrolment->id;
    m_lessonTitle->setText(title);
    m_tabs->setTabEnabled(LessonTab, true);
    m_tabs->setCurrentIndex(LessonTab);
    if (!m_viewer->setDocument(*pdf, resume)) { // records the page it opens at
        say(m_viewer->errorString(), true);
        m_lessonId.clear();
        m_tabs->setCurrentIndex(CoursesTab);
        m_tabs->setTabEnabled(LessonTab, false);
        return false;
    }
    m_viewer->setFocus();
    say(resume > 1 ? tr("The lesson opens at page %1, where you stopped.").arg(resume) : QString(),
        false);
    return true;
}

void TrainingPage::recordPage(int page)
{
    if (m_lessonId.isEmpty() || m_lessonEnrolment == 0 || m_viewer->pageCount() == 0) {
        return;
    }
    auto r = m_service.recordProgress(m_lessonEnrolment, m_lessonId, m_viewer->pageCount(), {page},
                                      page, m_viewer->takeSeconds(), m_ctx->session);
    if (!r) {
        say(r.errorMessage(), true);
    }
}

void TrainingPage::closeLesson()
{
    if (m_lessonId.isEmpty()) {
        return;
    }
    recordPage(m_viewer->currentPage());
    m_lessonId.clear();
    m_lessonCourse.clear();
    m_lessonEnrolment = 0;
    m_viewer->clear();
    if (m_tabs->currentIndex() == LessonTab) {
        m_tabs->setCurrentIndex(CoursesTab);
    }
    m_tabs->setTabEnabled(LessonTab, false);
    refresh();
}

void TrainingPage::takeQuiz()
{
    if (!m_course || !m_enrolment) {
        return;
    }
    auto open = m_service.openAttempt(m_enrolment->id);
    if (!open) {
        say(open.errorMessage(), true);
        return;
    }
    Attempt attempt;
    if (open->has_value()) {
        attempt = **open;
    } else {
        auto started = m_service.startAttempt(m_enrolment->id, m_ctx->session);
        if (!started) {
            say(started.errorMessage(), true);
            return;
        }
        attempt = *started;
    }
    QuizDialog dialog(titleOf(m_course->title, m_course->titleEn), attempt.presented, this);
    connect(&dialog, &QuizDialog::submitted, &dialog,
            [this, &dialog, id = attempt.id](const QMap<QString, QStringList>& answers) {
                auto result = m_service.submitAttempt(id, answers, m_ctx->session);
                if (!result) {
                    dialog.showError(result.errorMessage());
                    return;
                }
                dialog.showResult(*result);
            });
    dialog.exec();
    refresh();
}

bool TrainingPage::importCourse(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        say(tr("Cannot read %1.").arg(QDir::toNativeSeparators(path)), true);
        return false;
    }
    if (file.size() > kMaxPackageBytes) {
        say(tr("%1 is larger than %2 MiB: it cannot be a course package, and was not read.")
                .arg(QDir::toNativeSeparators(path))
                .arg(kMaxPackageBytes / (1024 * 1024)),
            true);
        return false;
    }
    auto imported = CoursePackages(m_ctx->db).import(file.readAll(), m_ctx->session);
    if (!imported) {
        say(tr("The course was not imported: %1").arg(imported.errorMessage()), true);
        return false;
    }
    const InstalledCourse& c = imported->course;
    QString text =
        tr("%1 (version %2) was imported.").arg(titleOf(c.title, c.titleEn)).arg(c.version);
    if (!imported->unplayable.isEmpty()) {
        text += QLatin1Char(' ') + tr("These parts cannot be played here: %1")
                                       .arg(imported->unplayable.join(QStringLiteral(", ")));
    }
    refresh();
    selectCourse(c.courseId);
    say(text, false);
    return true;
}

QString TrainingPage::certificateFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("certificates"));
}

void TrainingPage::showCertificate()
{
    if (!m_enrolment || m_enrolment->certificateNumber.isEmpty()) {
        return;
    }
    const QString number = m_enrolment->certificateNumber;
    auto pdf = m_service.certificatePdf(number);
    if (!pdf) {
        say(pdf.errorMessage(), true);
        return;
    }
    if (!QDir().mkpath(certificateFolder())) {
        say(tr("Cannot create the folder %1.").arg(certificateFolder()), true);
        return;
    }
    const QString path = QDir(certificateFolder()).filePath(number + QStringLiteral(".pdf"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(*pdf) != pdf->size() || !file.commit()) {
        say(tr("Cannot write %1.").arg(path), true);
        return;
    }
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);

    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("trainingCertificateDialog"));
    dialog.setWindowTitle(tr("Certificate of completion (修了証) %1").arg(number));
    auto* layout = new QVBoxLayout(&dialog);
    auto* preview = new PdfPreview(&dialog);
    preview->setObjectName(QStringLiteral("trainingCertificatePreview"));
    layout->addWidget(preview, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    auto* saveAs = buttons->addButton(tr("&Save as…"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(saveAs, &QPushButton::clicked, &dialog, [&dialog, path, this] {
        const QString to = QFileDialog::getSaveFileName(
            &dialog, tr("Save the certificate"),
            QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                .filePath(QFileInfo(path).fileName()),
            tr("PDF (*.pdf)"));
        if (to.isEmpty()) {
            return;
        }
        QFile::remove(to);
        if (!QFile::copy(path, to)) {
            say(tr("Cannot save the certificate to %1.").arg(to), true);
        }
    });
    layout->addWidget(buttons);
    dialog.resize(760, 900);
    QTimer::singleShot(0, preview, [preview, path] { preview->setFile(path); });
    dialog.exec();
}

void TrainingPage::reloadCompletion()
{
    if (!m_completionTable) {
        return;
    }
    auto report = m_service.completionReport(m_ctx->session);
    if (!report) {
        say(report.errorMessage(), true);
        return;
    }
    m_report = *report;
    m_completionTable->setSortingEnabled(false);
    m_completionTable->setRowCount(0);
    QStringList courses;
    QMap<QString, QString> titles;
    QMap<QString, QMap<QString, int>> counts; // course → state → persons
    for (const CompletionRow& r : m_report) {
        const int row = m_completionTable->rowCount();
        m_completionTable->insertRow(row);
        const QStringList values = {r.login,
                                    r.displayName,
                                    r.courseTitle,
                                    stateName(r.state),
                                    tr("%1 / %2").arg(r.lessonsViewed).arg(r.lessonCount),
                                    r.bestScore < 0 ? QStringLiteral("–")
                                                    : QStringLiteral("%1 %").arg(r.bestScore),
                                    QString::number(r.attempts),
                                    r.completedAt.isValid() ? japanDay(r.completedAt) : QString(),
                                    r.certificateNumber};
        for (int c = 0; c < values.size(); ++c) {
            m_completionTable->setItem(row, c, cell(values.at(c)));
        }
        if (!courses.contains(r.courseId)) {
            courses.append(r.courseId);
            titles.insert(r.courseId, r.courseTitle);
        }
        counts[r.courseId][r.state] += 1;
    }
    m_completionTable->setSortingEnabled(true);
    m_completionTable->resizeColumnsToContents();

    QChart* chart = m_chart->chart();
    charts::clearChart(chart);
    auto* series = new QStackedBarSeries;
    const QList<QPair<QString, QColor>> states = {
        {QStringLiteral("completed"), QColor(0x2e, 0x7d, 0x32)},
        {QStringLiteral("in_progress"), QColor(0xf9, 0xa8, 0x25)},
        {QStringLiteral("not_enrolled"), QColor(0x9e, 0x9e, 0x9e)}};
    int max = 0;
    for (const auto& [state, color] : states) {
        auto* set = new QBarSet(stateName(state));
        set->setColor(color);
        for (const QString& c : courses) {
            *set << counts.value(c).value(state);
        }
        series->append(set);
    }
    QStringList names;
    for (const QString& c : courses) {
        names << titles.value(c);
        int total = 0;
        for (int n : counts.value(c)) {
            total += n;
        }
        max = std::max(max, total);
    }
    chart->addSeries(series);
    auto* axis = new QBarCategoryAxis;
    axis->append(names);
    chart->addAxis(axis, Qt::AlignBottom);
    series->attachAxis(axis);
    auto* persons = new QValueAxis;
    persons->setRange(0, std::max(4, max));
    persons->setLabelFormat(QStringLiteral("%d"));
    persons->setTickCount(std::min(std::max(4, max), 10) + 1);
    persons->applyNiceNumbers();
    chart->addAxis(persons, Qt::AlignLeft);
    series->attachAxis(persons);
}

QString TrainingPage::exportCompletion(const QString& path)
{
    auto report = m_service.completionReport(m_ctx->session);
    if (!report) {
        return report.errorMessage();
    }
    QSaveFile file(path);
    const QByteArray csv = LearningService::completionCsv(*report);
    if (!file.open(QIODevice::WriteOnly) || file.write(csv) != csv.size() || !file.commit()) {
        return tr("Cannot write %1.").arg(path);
    }
    return {};
}

} // namespace madoguchi
