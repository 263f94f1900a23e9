package dev.toka.kernel;

import dev.toka.NonRetriableException;

/** The operation does not fit the agent's state, for example acting on a terminated agent (HTTP 409). */
public final class AgentStateConflictException extends NonRetriableException {

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
}
