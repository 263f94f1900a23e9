package dev.toka.orchestration;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/** No run has this id (HTTP 404). */
public final class RunNotFoundException extends NonRetriableException {

    private final String runId;

    public RunNotFoundException(String runId) {
        super("no run " + runId);
        this.runId = runId;
    }

    /** The id asked for. */
    public String runId() {
        return runId;
    }

    @Override
    public ProblemKind problemKind() {
        return ProblemKind.NOT_FOUND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("runId", runId);
    }
}
