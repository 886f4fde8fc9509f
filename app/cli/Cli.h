#pragma once
// madoguchi-cli: the core from a terminal. Exit codes: 0 done / valid, 1 refused or invalid,
// 2 usage error, 3 sign-in or permission refused.

#include <QStringList>

namespace madoguchi::cli {

enum ExitCode { Ok = 0, Failed = 1, Usage = 2, Denied = 3 };

int run(const QStringList& arguments);

} // namespace madoguchi::cli
