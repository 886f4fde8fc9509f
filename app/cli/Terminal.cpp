#include "Terminal.h"

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace madoguchi::cli {

bool readSecret(const QString& prompt, QString* out)
{
    FILE* tty = std::fopen("/dev/tty", "r+");
    if (!tty) {
        return false;
    }
    const int fd = fileno(tty);
    termios old{};
    const bool isTty = tcgetattr(fd, &old) == 0;
    if (isTty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    std::fputs(prompt.toLocal8Bit().constData(), tty);
    std::fflush(tty);
    char buf[1024];
    const bool ok = std::fgets(buf, sizeof buf, tty) != nullptr;
    if (isTty) {
        tcsetattr(fd, TCSAFLUSH, &old);
    }
    std::fputs("\n", tty);
    std::fclose(tty);
    if (!ok) {
        return false;
    }
    QString line = QString::fromLocal8Bit(buf);
    while (line.endsWith(u'\n') || line.endsWith(u'\r')) {
        line.chop(1);
    }
    *out = line;
    return true;
}

} // namespace madoguchi::cli
