#include "VirtualCard.h"

#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTest>

namespace madoguchi::test {

card::ReaderState vpcdState()
{
    auto context = card::PcscContext::establish();
    if (!context) {
        return card::ReaderState::NoService;
    }
    auto readers = (*context)->status();
    if (!readers || readers->isEmpty()) {
        return card::ReaderState::NoReader;
    }
    for (const card::ReaderStatus& r : std::as_const(*readers)) {
        if (r.state == card::ReaderState::Present) {
            return r.state;
        }
    }
    return readers->first().state;
}

bool VirtualCard::insert(const QString& exportDir, const QStringList& extra)
{
    remove();
    QDir().mkpath(exportDir);
    m_process = new QProcess;
    m_process->start(
        qEnvironmentVariable("MADOGUCHI_VCARD"),
        QStringList{QStringLiteral("--export"), exportDir, QStringLiteral("--key-cache"),
                    qEnvironmentVariable("MADOGUCHI_VCARD_KEYS"), QStringLiteral("--name"),
                    QStringLiteral("髙橋　花子"), QStringLiteral("--address"),
                    QStringLiteral("神奈川県鎌倉市御成町１８番１０号"),
                    QStringLiteral("--my-number"), QStringLiteral("123456789018"),
                    QStringLiteral("--birth"), QStringLiteral("19850412"), QStringLiteral("--sex"),
                    QStringLiteral("2")} +
            extra);
    if (!m_process->waitForStarted(5000)) {
        qWarning() << "the virtual card does not start:" << m_process->errorString();
        return false;
    }
    if (!waitFor(
            [&] { return m_process->canReadLine() || m_process->state() != QProcess::Running; },
            30000) ||
        m_process->readLine().trimmed() != "ready") {
        qWarning() << "the virtual card is not ready:" << m_process->readAllStandardError();
        return false;
    }
    return waitFor([] { return vpcdState() == card::ReaderState::Present; }, 10000);
}

void VirtualCard::remove()
{
    if (!m_process) {
        return;
    }
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(2000);
    }
    delete m_process;
    m_process = nullptr;
    waitFor([] { return vpcdState() != card::ReaderState::Present; }, 10000);
}

} // namespace madoguchi::test
