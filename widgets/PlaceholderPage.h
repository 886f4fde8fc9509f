#pragma once
// A page whose feature is still to come: it says what will be here.

#include <QWidget>

namespace madoguchi {

class PlaceholderPage : public QWidget
{
    Q_OBJECT
public:
    PlaceholderPage(const QString& title, const QString& description, QWidget* parent = nullptr);
};

} // namespace madoguchi
