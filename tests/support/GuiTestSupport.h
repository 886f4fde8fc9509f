#pragma once
// Helpers for GUI tests (header-only: the GUI tests link the widgets library).

#include <QApplication>
#include <QTimer>
#include <QWidget>

#include <functional>

namespace madoguchi::test {

// Runs `fn` on the modal dialog called `name` as soon as it is shown (inside its own event loop),
// so that a test can drive a dialog that the code under test opens with exec().
inline void whenModal(const QString& name, std::function<void(QWidget*)> fn)
{
    auto* timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, name, fn] {
        QWidget* w = QApplication::activeModalWidget();
        if (w && w->objectName() == name && w->isVisible()) {
            timer->stop();
            timer->deleteLater();
            fn(w);
        }
    });
    timer->start();
}

} // namespace madoguchi::test
