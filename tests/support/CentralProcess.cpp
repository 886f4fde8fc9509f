#include "CentralProcess.h"

#include <QDir>

namespace madoguchi::test {

CentralProcess::CentralProcess(QString program, QString dir, QString databaseSpec)
    : m_program(std::move(program)), m_dir(std::move(dir)), m_databaseSpec(std::move(databaseSpec))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
}

QString CentralProcess::databasePath() const
{
    if (!m_databaseSpec.isEmpty()) {
        return m_databaseSpec;
    }
    return QDir(m_dir).filePath(QStringLiteral("central.sqlite3"));
}

QString CentralProcess::pkiDir() const
{
    return QDir(m_dir).filePath(QStringLiteral("central-pki"));
}

bool CentralProcess::start(const QStringList& extra)
{
    m_process.start(m_program, QStringList{QStringLiteral("--listen"),
                                           QStringLiteral("127.0.0.1:0"), QStringLiteral("--db"),
                                           databasePath(), QStringLiteral("--pki-dir"), pkiDir()} +
                                   extra);
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return false;
    }
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(30000)) {
            m_error = QStringLiteral("central did not say where it listens: ") +
                      QString::fromUtf8(m_process.readAllStandardError());
            stop();
            return false;
        }
    }
    const QString line = QString::fromLatin1(m_process.readLine()).trimmed();
    if (!line.startsWith(QStringLiteral("listening on "))) {
        m_error = QStringLiteral("central said: ") + line;
        stop();
        return false;
    }
    m_url = QUrl(line.section(u' ', 2, 2));
    return true;
}

void CentralProcess::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

ProcessRun CentralProcess::run(const QStringList& args, const QMap<QString, QString>& env) const
{
    return runProcess(m_program, QStringList{QStringLiteral("--db"), databasePath()} + args, env);
}

bool CentralProcess::addOperator(const QString& login, const QString& roles,
                                 const QString& password)
{
    const ProcessRun r = run({QStringLiteral("admin"), QStringLiteral("operator-add"),
                              QStringLiteral("--login"), login, QStringLiteral("--role"), roles},
                             {{QStringLiteral("MADOGUCHI_NEW_PASSWORD"), password}});
    if (r.code != 0) {
        m_error = r.out + r.err;
    }
    return r.code == 0;
}

Result<sync::Enrollment> CentralProcess::enroll(const QString& terminal)
{
    const ProcessRun r = run({QStringLiteral("admin"), QStringLiteral("enroll-code"),
                              QStringLiteral("--terminal"), terminal});
    if (r.code != 0) {
        return Error(QStringLiteral("enroll-code: ") + r.err);
    }
    return sync::CentralClient(m_url).enroll(r.out.trimmed(), terminal);
}

} // namespace madoguchi::test
