#pragma once
// One sync pass: push the outbox in signed batches (central applies each change once and
// answers which it applied, which it had already, and which conflict with a newer version from
// another workstation), then pull central's changes since the stored cursor. A pass that cannot
// reach central leaves everything in the outbox; `runWithRetry` tries again with exponential
// backoff and full jitter.

#include "sync/CentralClient.h"

#include <functional>

namespace madoguchi::sync {

struct SyncReport
{
    int applied = 0;          // new at central
    int duplicates = 0;       // central had them already (an earlier answer was lost)
    int conflicts = 0;        // kept here, listed for the clerk
    int auditSent = 0;        // audit log entries central now holds
    int operatorsChanged = 0; // accounts added, changed or disabled as central says
    int pulled = 0;           // new from central
    int appliedHere = 0;      // of those, applied to this register
    int deferred = 0;         // waiting for a conflict here to be resolved
    int failedHere = 0;       // could not be applied (kept, with the reason)
    int pending = 0;          // still in the outbox after the pass
};

class SyncEngine
{
public:
    // Batches of 2,000 changes (about 0.3–1 MB): fewer round trips, and still a fraction of
    // central's 8 MB body limit.
    SyncEngine(Database db, Enrollment enrollment, int batchSize = 2000);

    using Progress = std::function<void(int sent, int total)>;
    Result<SyncReport> syncOnce(const QString& operatorLogin, const Progress& progress = {});
    Result<SyncReport> runWithRetry(const QString& operatorLogin, int maxAttempts, int baseDelayMs,
                                    const std::function<bool()>& cancelled = {});

    // The wait before attempt `attempt` (1-based): uniform in [0, min(cap, base·2^attempt)].
    static int backoffMs(int attempt, int baseMs, int capMs);

private:
    Database m_db;
    Enrollment m_enrollment;
    int m_batch;
};

} // namespace madoguchi::sync
