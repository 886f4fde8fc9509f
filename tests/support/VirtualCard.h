#pragma once
// The virtual My Number card (tests/fixtures/vcard) as the tests put it on pcscd's vpcd reader
// and take it off again. Needs the environment the card tests get from ctest (MADOGUCHI_VCARD,
// MADOGUCHI_VCARD_KEYS) and a running pcscd (the "pcscd" fixture).

#include "card/Pcsc.h"

#include <QProcess>
#include <QStringList>

#include <functional>

namespace madoguchi::test {

// The state of the vpcd readers now (Present when any holds a card).
card::ReaderState vpcdState();

class VirtualCard
{
public:
    VirtualCard() = default;
    VirtualCard(const VirtualCard&) = delete;
    VirtualCard& operator=(const VirtualCard&) = delete;
    ~VirtualCard() { remove(); }

    // Starts a fresh card (PIN counters full) for 髙橋　花子, 1985-04-12, with `extra` options,
    // and waits until pcscd sees it. `exportDir` receives its certificates and public keys.
    bool insert(const QString& exportDir, const QStringList& extra = {});
    void remove();

private:
    QProcess* m_process = nullptr;
};

} // namespace madoguchi::test
