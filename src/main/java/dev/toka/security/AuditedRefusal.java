package dev.toka.security;

import java.util.concurrent.CompletableFuture;

/**
 * A refusal (401, 403) whose audit entry the answer must not overtake. On a worker thread the entry
 * is committed before the refusal is thrown; on an event loop, which may not wait, the refusal
 * carries the commit instead, and the caller answers once it completes.
 */
public interface AuditedRefusal {

    /** Completes once the refusal's audit entry is committed (or its append has failed and been logged). */
    CompletableFuture<Void> auditRecorded();
}
