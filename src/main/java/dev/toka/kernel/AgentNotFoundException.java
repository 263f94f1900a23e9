package dev.toka.kernel;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/** No agent has this id (HTTP 404). */
public final class AgentNotFoundException extends NonRetriableException {

    private final String agentId;

    public AgentNotFoundException(String agentId) {
        super("no agent with id " + agentId);
        this.agentId = agentId;
    }

    public String agentId() {
        return agentId;
    }

    @Override
    public ProblemKind problemKind() {
        return ProblemKind.NOT_FOUND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("agentId", agentId);
    }
}
