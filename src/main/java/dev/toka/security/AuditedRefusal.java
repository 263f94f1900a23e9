package dev.toka.security;

import dev.toka.NonRetriableException;
import java.util.concurrent.CompletableFuture;

/**
 * A refusal the policy records in the audit trail (401, 402, 403). Recording never blocks: the
 * refusal carries the commit of its entry, and whoever answers it (the API's problem mapper) waits,
 * without a thread, until the entry is in the log, so no answer overtakes its audit.
 */
public abstract class AuditedRefusal extends NonRetriableException {

    private CompletableFuture<Void> auditRecorded = CompletableFuture.completedFuture(null);

    protected AuditedRefusal(String message) {
        super(message);
    }

    /** Completes once the refusal's audit entry is committed (or its append has failed, which is logged). */
    public CompletableFuture<Void> auditRecorded() {
        return auditRecorded;
    }

    /** Set by the policy, which lives in {@code security.policy}, once it has queued the refusal's entry. */
    public void recordedBy(CompletableFuture<Void> commit) {
        auditRecorded = commit;
    }
}
