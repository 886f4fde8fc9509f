#include "common/Log.h"

Q_LOGGING_CATEGORY(lcStorage, "madoguchi.storage")
Q_LOGGING_CATEGORY(lcAuth, "madoguchi.auth")
Q_LOGGING_CATEGORY(lcRefData, "madoguchi.refdata")
Q_LOGGING_CATEGORY(lcDemo, "madoguchi.demo")
Q_LOGGING_CATEGORY(lcCard, "madoguchi.card")
Q_LOGGING_CATEGORY(lcText, "madoguchi.text")
