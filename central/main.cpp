// madoguchi-central: the reference central service (national resident index, card production,
// JPKI certificate authority, sync endpoint, course catalogue). Not built yet: this target holds
// the place so that the build, packaging and CI already cover it.
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("madoguchi-central"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MADOGUCHI_VERSION));
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(QStringLiteral("--version"))) {
        std::printf("madoguchi-central %s\n", MADOGUCHI_VERSION);
        return 0;
    }
    std::fprintf(stderr, "madoguchi-central: the central service is not implemented yet "
                         "(it comes with signed sync); nothing to serve.\n");
    return 1;
}
