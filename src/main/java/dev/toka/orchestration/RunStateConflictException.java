package dev.toka.orchestration;

import dev.toka.NonRetriableException;

/** The run's state does not allow the operation, for example cancelling a finished run (HTTP 409). */
public final class RunStateConflictException extends NonRetriableException {

    private final String runId;

    public RunStateConflictException(String runId, String rule) {
        super("run " + runId + ": " + rule);
        this.runId = runId;
    }

    /** The run. */
    public String runId() {
        return runId;
    }
}
