#pragma once
// A PDF shown page under page, as the clerk will hand it over: rendered with Poppler on a worker
// thread at a resolution that fits the width (again after a resize), with Print… (each page
// rendered at the printer's resolution, also on a worker) and Open in viewer. Nothing is
// rendered on the GUI thread.

#include <QFutureWatcher>
#include <QImage>
#include <QList>
#include <QWidget>

class QLabel;
class QPrinter;
class QPushButton;
class QScrollArea;
class QTimer;
class QVBoxLayout;

namespace madoguchi {

class PdfPreview : public QWidget
{
    Q_OBJECT
public:
    explicit PdfPreview(QWidget* parent = nullptr);
    ~PdfPreview() override;

    // Shows `path` (rendered in the background; rendered() follows). An empty path clears.
    void setFile(const QString& path);
    QString file() const { return m_path; }
    // The pages shown so far (0 until the first rendering has finished).
    int pageCount() const { return int(m_pageLabels.size()); }
    // The last rendering or printing error, empty if none.
    QString errorString() const { return m_error; }

    // Prints every page, rendered at the printer's resolution on a worker thread, to a printer
    // that is already set up (no dialog). Waits for the result while the window keeps painting
    // (user input is held back). False, with errorString(), if the PDF cannot be printed.
    bool printTo(QPrinter* printer);

public slots:
    // Asks for the printer (QPrintDialog), then printTo().
    void print();
    // Hands the file to the desktop's PDF viewer.
    void openInViewer();

signals:
    void rendered(int pages);
    void failed(const QString& message);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Rendering
    {
        QString path;
        QList<QImage> pages;
        QString error;
    };

    void startRendering();
    void renderingFinished();
    void showStatus(const QString& text, bool error);
    int targetWidth() const;

    QString m_path;
    QString m_error;
    QScrollArea* m_scroll;
    QWidget* m_pageArea;
    QVBoxLayout* m_pageLayout;
    QLabel* m_status;
    QPushButton* m_print;
    QPushButton* m_open;
    QTimer* m_resizeTimer;
    QList<QLabel*> m_pageLabels;
    QFutureWatcher<Rendering>* m_watcher;
    int m_renderedWidth = 0;
    bool m_pending = false; // a newer rendering is wanted once the running one ends
    bool m_printing = false;
};

} // namespace madoguchi
