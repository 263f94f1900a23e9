package dev.toka.tools;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/**
 * The tool needs a person's approval of this very call, and the call presented none (HTTP 403,
 * {@code approval-required}). An agent's task then waits for one (docs/agents.md, "Approvals").
 */
public final class ApprovalRequiredException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(403, "approval-required",
            "This tool call needs a person's approval first");

    private final String toolId;
    private final String argumentsSha256;

    public ApprovalRequiredException(String toolId, String argumentsSha256) {
        super("a call of tool '" + toolId + "' needs a person's approval of its arguments (sha256 " + argumentsSha256
                + ") first");
        this.toolId = toolId;
        this.argumentsSha256 = argumentsSha256;
    }

    public String toolId() {
        return toolId;
    }

    /** Hex SHA-256 of the call's RFC 8785 canonical arguments, which an approval is bound to. */
    public String argumentsSha256() {
        return argumentsSha256;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("tool", toolId, "argumentsSha256", argumentsSha256);
    }
}
