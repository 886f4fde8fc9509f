// madoguchi-cli: what an administrator scripts. Runs without a display.
#include "Cli.h"

#include <QCoreApplication>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Madoguchi"));
    QCoreApplication::setApplicationName(QStringLiteral("madoguchi"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MADOGUCHI_VERSION));
    return madoguchi::cli::run(QCoreApplication::arguments());
}
