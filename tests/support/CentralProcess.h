#pragma once
// A real madoguchi-central for a test: started on a free loopback port with its own database and
// JPKI directory under `dir`, administered through its own command line, stopped (and waited
// for) when the object goes.

#include "TestSupport.h"
#include "sync/CentralClient.h"

#include <QProcess>
#include <QUrl>

namespace madoguchi::test {

class CentralProcess
{
public:
    // `program`: the madoguchi-central executable; `dir`: where its files go; `databaseSpec`:
    // central's database (empty: central.sqlite3 in `dir`).
    CentralProcess(QString program, QString dir, QString databaseSpec = {});
    ~CentralProcess() { stop(); }
    CentralProcess(const CentralProcess&) = delete;
    CentralProcess& operator=(const CentralProcess&) = delete;

    // Starts it (with `extra` arguments) and waits for "listening on URL". False with the
    // reason in errorString().
    bool start(const QStringList& extra = {});
    void stop();
    bool running() const { return m_process.state() == QProcess::Running; }

    QUrl url() const { return m_url; }
    QString databasePath() const; // the database spec central runs on
    QString pkiDir() const;
    QString errorString() const { return m_error; }

    // `madoguchi-central --db DB args…` (the admin commands), with `env` changed.
    ProcessRun run(const QStringList& args, const QMap<QString, QString>& env = {}) const;
    // An operator central manages (password from MADOGUCHI_NEW_PASSWORD).
    bool addOperator(const QString& login, const QString& roles, const QString& password);
    // A one-time enrollment code for `terminal`, used at once by a CentralClient.
    Result<sync::Enrollment> enroll(const QString& terminal);

private:
    QString m_program;
    QString m_dir;
    QString m_databaseSpec;
    QProcess m_process;
    QUrl m_url;
    QString m_error;
};

} // namespace madoguchi::test
