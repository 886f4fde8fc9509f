#pragma once
#include <QString>

namespace madoguchi::cli {
// Reads a line from the controlling terminal without echo. Returns false when there is no
// terminal (a script must then pass the password in the environment).
bool readSecret(const QString& prompt, QString* out);
} // namespace madoguchi::cli
