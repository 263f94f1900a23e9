package dev.toka.orchestration;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/** The run's state does not allow the operation, for example cancelling a finished run (HTTP 409). */
public final class RunStateConflictException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(409, "run-state-conflict",
            "The run's state does not allow this");

    private final String runId;

    public RunStateConflictException(String runId, String rule) {
        super("run " + runId + ": " + rule);
        this.runId = runId;
    }

    /** The run. */
    public String runId() {
        return runId;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("runId", runId);
    }
}
