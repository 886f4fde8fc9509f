#include "PlaceholderPage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace madoguchi {

PlaceholderPage::PlaceholderPage(const QString& title, const QString& description, QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("pageTitle"));
    QFont f = heading->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    heading->setFont(f);
    layout->addWidget(heading);
    auto* text = new QLabel(description, this);
    text->setObjectName(QStringLiteral("pageDescription"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    layout->addWidget(text);
    layout->addStretch(1);
}

} // namespace madoguchi
