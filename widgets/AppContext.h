#pragma once
// What the pages of one signed-in window share: the database handle (passed on to services,
// never queried from widgets), the services, and the session.

#include "auth/OperatorService.h"
#include "auth/Session.h"
#include "settings/InstallationSettings.h"
#include "storage/Database.h"

#include <QPointer>

namespace madoguchi {

namespace card {
class CardMonitor;
}

struct AppContext
{
    Database db;
    OperatorService* operators = nullptr;
    Session session;
    bool demo = false;
    QString municipality;                    // "神奈川県鎌倉市"
    QPointer<card::CardMonitor> cardMonitor; // the window's reader watch (owned by the window)
    // The resident last selected in the search or opened: the 電子証明書 page starts with them.
    QString lastResidentCode;
};

} // namespace madoguchi
