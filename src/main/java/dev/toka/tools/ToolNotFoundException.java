package dev.toka.tools;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/** No tool has this id (HTTP 404, {@code tool-not-found}). Not retriable. */
public final class ToolNotFoundException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(404, "tool-not-found",
            "No such tool");

    private final String toolId;

    public ToolNotFoundException(String toolId) {
        super("no tool '" + toolId + "'");
        this.toolId = toolId;
    }

    public String toolId() {
        return toolId;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("toolId", toolId);
    }
}
