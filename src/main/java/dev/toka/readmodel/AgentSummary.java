package dev.toka.readmodel;

import dev.toka.kernel.AgentStatus;
import java.time.Instant;

/**
 * One agent as the agents read model lists it.
 *
 * @param id        The agent id.
 * @param name      Its name.
 * @param type      Its agent plugin type.
 * @param vault     Its tenant.
 * @param parent    The agent that spawned it, or {@code null} for a root agent.
 * @param state     Its lifecycle state.
 * @param createdAt When it was spawned.
 */
public record AgentSummary(String id, String name, String type, String vault, String parent, AgentStatus state,
        Instant createdAt) {

    static AgentSummary of(AgentRow row) {
        return new AgentSummary(row.id, row.name, row.type, row.vault, row.parent, AgentStatus.valueOf(row.state),
                row.createdAt);
    }
}
