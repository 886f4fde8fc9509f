#include "card/Pcsc.h"

#include "common/Log.h"

#include <QCoreApplication>

#include <PCSC/winscard.h>
#include <PCSC/wintypes.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace madoguchi::card {

namespace {

SCARDCONTEXT ctx(quintptr h)
{
    return SCARDCONTEXT(h);
}

// pcsc-lite keeps the number of insert/remove events in the high word of a reader's state.
ReaderStatus readerStatus(const SCARD_READERSTATE& s)
{
    ReaderStatus r;
    r.reader = QString::fromUtf8(s.szReader);
    r.eventCount = s.dwEventState;
    const DWORD e = s.dwEventState;
    if (e & SCARD_STATE_PRESENT) {
        r.state = (e & SCARD_STATE_MUTE) ? ReaderState::Mute : ReaderState::Present;
        r.atr = QByteArray(reinterpret_cast<const char*>(s.rgbAtr),
                           int(std::min<DWORD>(s.cbAtr, sizeof(s.rgbAtr))));
    } else if (e & (SCARD_STATE_UNAVAILABLE | SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) {
        r.state = ReaderState::NoReader;
    } else {
        r.state = ReaderState::Empty;
    }
    return r;
}

const char kPnp[] = "\\\\?PnP?\\Notification";

} // namespace

Error pcscError(long rc, const QString& what)
{
    QString why;
    QString code;
    switch (rc) {
    case SCARD_E_NO_SERVICE:
    case SCARD_E_SERVICE_STOPPED:
        why = QCoreApplication::translate("Card", "the smart-card service (pcscd) is not running");
        code = QStringLiteral("card.no_service");
        break;
    case SCARD_E_NO_READERS_AVAILABLE:
    case SCARD_E_UNKNOWN_READER:
    case SCARD_E_READER_UNAVAILABLE:
        why = QCoreApplication::translate("Card", "no card reader is connected");
        code = QStringLiteral("card.no_reader");
        break;
    case SCARD_E_NO_SMARTCARD:
        why = QCoreApplication::translate("Card", "no card is on the reader");
        code = QStringLiteral("card.no_card");
        break;
    case SCARD_W_REMOVED_CARD:
        why = QCoreApplication::translate("Card", "the card was removed from the reader");
        code = QStringLiteral("card.removed");
        break;
    case SCARD_W_RESET_CARD:
        why = QCoreApplication::translate("Card", "the card was reset by another program");
        code = QStringLiteral("card.reset");
        break;
    case SCARD_E_TIMEOUT:
        why = QCoreApplication::translate("Card", "the card did not answer in time");
        code = QStringLiteral("card.timeout");
        break;
    case SCARD_E_SHARING_VIOLATION:
        why = QCoreApplication::translate("Card", "another program is using the card");
        code = QStringLiteral("card.sharing");
        break;
    case SCARD_E_CANCELLED:
        why = QCoreApplication::translate("Card", "cancelled");
        code = QStringLiteral("card.cancelled");
        break;
    case SCARD_W_UNRESPONSIVE_CARD:
    case SCARD_W_UNPOWERED_CARD:
    case SCARD_E_PROTO_MISMATCH:
        why = QCoreApplication::translate("Card", "the card does not answer: is it on the reader "
                                                  "the right way round?");
        code = QStringLiteral("card.mute");
        break;
    default:
        why = QString::fromUtf8(pcsc_stringify_error(LONG(rc)));
        code = QStringLiteral("card.pcsc");
    }
    return Error(what.isEmpty() ? why : QStringLiteral("%1: %2").arg(what, why), code);
}

PcscContext::~PcscContext()
{
    if (m_handle) {
        SCardReleaseContext(ctx(m_handle));
    }
}

Result<std::unique_ptr<PcscContext>> PcscContext::establish()
{
    SCARDCONTEXT c = 0;
    const LONG rc = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &c);
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    return std::unique_ptr<PcscContext>(new PcscContext(quintptr(c)));
}

bool PcscContext::valid()
{
    return SCardIsValidContext(ctx(m_handle)) == SCARD_S_SUCCESS;
}

void PcscContext::cancel()
{
    SCardCancel(ctx(m_handle));
}

Result<QStringList> PcscContext::readers()
{
    DWORD size = 0;
    LONG rc = SCardListReaders(ctx(m_handle), nullptr, nullptr, &size);
    if (rc == SCARD_E_NO_READERS_AVAILABLE) {
        return QStringList();
    }
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    QByteArray buffer(int(size), '\0');
    rc = SCardListReaders(ctx(m_handle), nullptr, buffer.data(), &size);
    if (rc == SCARD_E_NO_READERS_AVAILABLE) {
        return QStringList();
    }
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    QStringList out;
    for (const QByteArray& name : buffer.left(int(size)).split('\0')) {
        if (!name.isEmpty()) {
            out << QString::fromUtf8(name);
        }
    }
    return out;
}

Result<QList<ReaderStatus>> PcscContext::status()
{
    auto names = readers();
    if (!names) {
        return names.error();
    }
    QList<ReaderStatus> out;
    if (names->isEmpty()) {
        return out;
    }
    QList<QByteArray> utf8;
    for (const QString& n : std::as_const(*names)) {
        utf8 << n.toUtf8();
    }
    std::vector<SCARD_READERSTATE> states(size_t(utf8.size()));
    for (size_t i = 0; i < states.size(); ++i) {
        states[i] = {};
        states[i].szReader = utf8[qsizetype(i)].constData();
        states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    const LONG rc = SCardGetStatusChange(ctx(m_handle), 0, states.data(), DWORD(states.size()));
    if (rc != SCARD_S_SUCCESS && rc != SCARD_E_TIMEOUT) {
        return pcscError(rc, {});
    }
    for (const SCARD_READERSTATE& s : states) {
        out << readerStatus(s);
    }
    return out;
}

Result<QList<ReaderStatus>> PcscContext::waitForChange(const QList<ReaderStatus>& known,
                                                       int timeoutMs)
{
    auto names = readers();
    if (!names) {
        return names.error();
    }
    QStringList knownNames;
    for (const ReaderStatus& r : known) {
        knownNames << r.reader;
    }
    if (*names != knownNames) {
        return status(); // a reader came or went since the caller looked
    }
    QList<QByteArray> utf8;
    for (const QString& n : std::as_const(*names)) {
        utf8 << n.toUtf8();
    }
    std::vector<SCARD_READERSTATE> states(size_t(utf8.size()) + 1);
    states[0] = {};
    states[0].szReader = kPnp;
    states[0].dwCurrentState = DWORD(names->size()) << 16;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        SCARD_READERSTATE& s = states[size_t(i) + 1];
        s = {};
        s.szReader = utf8[i].constData();
        s.dwCurrentState = DWORD(known[i].eventCount) & ~DWORD(SCARD_STATE_CHANGED);
    }
    const LONG rc = SCardGetStatusChange(ctx(m_handle), DWORD(std::max(0, timeoutMs)),
                                         states.data(), DWORD(states.size()));
    if (rc == SCARD_E_TIMEOUT) {
        return known;
    }
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    return status();
}

PcscCard::~PcscCard()
{
    if (m_handle) {
        if (m_inTransaction) {
            SCardEndTransaction(SCARDHANDLE(m_handle), SCARD_LEAVE_CARD);
        }
        SCardDisconnect(SCARDHANDLE(m_handle), SCARD_LEAVE_CARD);
    }
}

Result<std::unique_ptr<PcscCard>> PcscCard::connect(PcscContext& context, const QString& reader)
{
    std::unique_ptr<PcscCard> card(new PcscCard);
    SCARDHANDLE h = 0;
    DWORD protocol = 0;
    const QByteArray name = reader.toUtf8();
    const LONG rc = SCardConnect(ctx(context.handle()), name.constData(), SCARD_SHARE_SHARED,
                                 SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &h, &protocol);
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    card->m_handle = quintptr(h);
    card->m_protocol = protocol;
    card->m_reader = reader;
    unsigned char atr[MAX_ATR_SIZE];
    DWORD atrLen = sizeof(atr);
    DWORD state = 0;
    DWORD proto = 0;
    char readerName[MAX_READERNAME];
    DWORD readerLen = sizeof(readerName);
    if (SCardStatus(h, readerName, &readerLen, &state, &proto, atr, &atrLen) == SCARD_S_SUCCESS) {
        card->m_atr = QByteArray(reinterpret_cast<const char*>(atr), int(atrLen));
    }
    return card;
}

Status PcscCard::beginTransaction()
{
    const LONG rc = SCardBeginTransaction(SCARDHANDLE(m_handle));
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    m_inTransaction = true;
    return {};
}

void PcscCard::endTransaction()
{
    if (m_inTransaction) {
        SCardEndTransaction(SCARDHANDLE(m_handle), SCARD_LEAVE_CARD);
        m_inTransaction = false;
    }
}

Status PcscCard::reconnect()
{
    DWORD protocol = 0;
    m_inTransaction = false;
    const LONG rc =
        SCardReconnect(SCARDHANDLE(m_handle), SCARD_SHARE_SHARED,
                       SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, SCARD_LEAVE_CARD, &protocol);
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    m_protocol = protocol;
    return {};
}

namespace {
std::atomic<qint64> g_exchanged{0};
} // namespace

qint64 PcscCard::exchanged()
{
    return g_exchanged.load();
}

Result<QByteArray> PcscCard::transmitRaw(const QByteArray& command)
{
    ++g_exchanged;
    unsigned char buffer[MAX_BUFFER_SIZE_EXTENDED];
    DWORD length = sizeof(buffer);
    const SCARD_IO_REQUEST* pci = m_protocol == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    const LONG rc = SCardTransmit(SCARDHANDLE(m_handle), pci,
                                  reinterpret_cast<const unsigned char*>(command.constData()),
                                  DWORD(command.size()), nullptr, buffer, &length);
    if (rc != SCARD_S_SUCCESS) {
        return pcscError(rc, {});
    }
    if (length < 2) {
        // No status word. When the card has just left the reader, pcscd hands back an empty
        // answer first and notices the removal at its next poll (vpcd: within half a second):
        // wait for that briefly, so that the clerk reads "the card was removed", not "malformed".
        for (int i = 0; i < 10; ++i) {
            DWORD state = 0;
            DWORD proto = 0;
            DWORD atrLen = 0;
            DWORD readerLen = 0;
            const LONG st = SCardStatus(SCARDHANDLE(m_handle), nullptr, &readerLen, &state, &proto,
                                        nullptr, &atrLen);
            if (st != SCARD_S_SUCCESS) {
                return pcscError(st, {});
            }
            if (!(state & SCARD_PRESENT)) {
                return pcscError(SCARD_W_REMOVED_CARD, {});
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
    return QByteArray(reinterpret_cast<const char*>(buffer), int(length));
}

Result<ResponseApdu> PcscCard::transmit(const CommandApdu& command)
{
    auto encoded = command.encode();
    if (!encoded) {
        return encoded.error();
    }
    qCDebug(lcCard) << ">>" << qPrintable(command.describe());
    auto raw = transmitRaw(*encoded);
    if (!raw) {
        return raw.error();
    }
    auto response = ResponseApdu::parse(*raw);
    if (!response) {
        return response.error();
    }
    if (response->sw1() == 0x6C) { // wrong Le: the card says how many bytes it has
        CommandApdu again = command;
        again.le = response->sw2() == 0 ? 256 : response->sw2();
        if (auto enc = again.encode(); enc) {
            raw = transmitRaw(*enc);
            if (!raw) {
                return raw.error();
            }
            response = ResponseApdu::parse(*raw);
            if (!response) {
                return response.error();
            }
        }
    }
    QByteArray data = response->data;
    int rounds = 0;
    while (response->sw1() == 0x61 && ++rounds < 64) { // more data: GET RESPONSE
        const CommandApdu get{
            0x00, 0xC0, 0x00, 0x00, {}, response->sw2() == 0 ? 256 : response->sw2(), false};
        raw = transmitRaw(*get.encode());
        if (!raw) {
            return raw.error();
        }
        response = ResponseApdu::parse(*raw);
        if (!response) {
            return response.error();
        }
        data += response->data;
    }
    response->data = data;
    qCDebug(lcCard) << "<<" << response->data.size() << "bytes"
                    << qPrintable(sw::hex(response->sw));
    return response;
}

} // namespace madoguchi::card
