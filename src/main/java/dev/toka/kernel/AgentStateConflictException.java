package dev.toka.kernel;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/** The operation does not fit the agent's state, for example acting on a terminated agent (HTTP 409). */
public final class AgentStateConflictException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(409, "agent-state-conflict",
            "The agent's state does not allow this");

    private final String agentId;
    private final AgentStatus status;

    public AgentStateConflictException(String agentId, AgentStatus status, String rule) {
        super("agent " + agentId + " is " + status.wireName() + ": " + rule);
        this.agentId = agentId;
        this.status = status;
    }

    public String agentId() {
        return agentId;
    }

    public AgentStatus status() {
        return status;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("agentId", agentId, "state", status.wireName());
    }
}
