#include "PlaceholderPage.h"

#include "Ui.h"

#include <QLabel>
#include <QVBoxLayout>

namespace madoguchi {

PlaceholderPage::PlaceholderPage(const QString& title, const QString& description, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* heading = ui::heading(title, this, 1.5);
    heading->setObjectName(QStringLiteral("pageTitle"));
    layout->addWidget(heading);
    auto* text = new QLabel(description, this);
    text->setObjectName(QStringLiteral("pageDescription"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    layout->addWidget(text);
    layout->addStretch(1);
}

} // namespace madoguchi
