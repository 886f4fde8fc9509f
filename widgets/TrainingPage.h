#pragma once
// 教育研修: the courses installed on this workstation and the learner's own progress.
//
// Tabs:
//  - My courses: the courses (title, version, lessons, my state); for the one selected, enrol,
//    its lessons with my progress, open a lesson, take the quiz, and my certificate (修了証) once
//    the course is complete (previewed, printed, saved); Import course… for administrators
//    (a signed package from a trusted publisher);
//  - Lesson: the lesson open in the LessonViewer, at the page where I stopped. Each page shown
//    is recorded (with the seconds spent), and again when I leave the lesson;
//  - Completion (ViewTrainingRecords only): every person × course, a chart of completed / in
//    progress / not enrolled per course, and Export CSV.
// Everything goes through LearningService, which audits it and queues it for central.

#include "AppContext.h"
#include "learning/LearningService.h"

#include <QWidget>

class QChartView;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace madoguchi {

class LessonViewer;

class TrainingPage : public QWidget
{
    Q_OBJECT
public:
    enum Tab { CoursesTab, LessonTab, CompletionTab };

    explicit TrainingPage(AppContext* context, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    LessonViewer* viewer() const { return m_viewer; }

    void refresh();
    QString selectedCourse() const;
    bool selectCourse(const QString& courseId);
    // Enrols the learner in the selected course. False with the reason shown when refused.
    bool enrol();
    // Opens a lesson of the selected course in the Lesson tab, at the page where the learner
    // stopped. False with the reason shown when it cannot be opened.
    bool openLesson(const QString& lessonId);
    // Records what the open lesson's viewer saw since the last record and closes it.
    void closeLesson();
    // An open attempt, or a new one, in the quiz dialog; the result is shown in it.
    void takeQuiz();
    // The learner's certificate of the selected course in a preview with Print.
    void showCertificate();
    // The completion report (as shown in the Completion tab) as CSV; the error, or empty.
    QString exportCompletion(const QString& path);
    // Imports a signed course package (docs/course-package.md) from a file: only from a trusted
    // publisher (ManageSettings). False with the reason shown when refused.
    bool importCourse(const QString& path);
    // Where the certificates shown are written (under the application's data folder).
    static QString certificateFolder();

signals:
    void refreshed();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QWidget* buildCourses();
    QWidget* buildLesson();
    QWidget* buildCompletion();
    void courseChosen();
    void reloadCompletion();
    void recordPage(int page);
    void say(const QString& text, bool error);
    QString titleOf(const QString& title, const QString& titleEn) const;

    AppContext* m_ctx;
    learning::LearningService m_service;
    QList<learning::CourseSummary> m_courses;
    std::optional<learning::Course> m_course;
    std::optional<learning::Enrolment> m_enrolment;

    QString m_lessonCourse; // the lesson open in the viewer
    QString m_lessonId;
    qint64 m_lessonEnrolment = 0;

    QTabWidget* m_tabs;
    QLabel* m_message;
    QTableWidget* m_courseTable;
    QLabel* m_courseTitle;
    QLabel* m_courseInfo;
    QTableWidget* m_lessonTable;
    QPushButton* m_enrol;
    QPushButton* m_open;
    QPushButton* m_quiz;
    QPushButton* m_certificate;
    QPushButton* m_import;
    LessonViewer* m_viewer;
    QLabel* m_lessonTitle;
    QWidget* m_completionTab = nullptr;
    QTableWidget* m_completionTable = nullptr;
    QChartView* m_chart = nullptr;
    QList<learning::CompletionRow> m_report;
};

} // namespace madoguchi
