package dev.toka.agent;

import dev.toka.kernel.AgentMandate;
import dev.toka.kernel.TaskApproval;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import dev.toka.tools.ToolScope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * What a plugin gets for one attempt.
 *
 * @param agentId      The agent.
 * @param agentName    The agent's name.
 * @param vault        The agent's tenant.
 * @param mandate      What the agent is told and allowed: its tool and model calls are checked against it.
 * @param taskId       The task.
 * @param description  What to do.
 * @param attempt      The attempt number, from 1.
 * @param cancellation Whether the attempt should stop (timed out, or its agent terminated).
 * @param approval     The task's latest decided approval, which this attempt resumes from; {@code null} when
 *                     the task never asked for one.
 */
public record AgentContext(
        String agentId, String agentName, String vault, AgentMandate mandate, String taskId, String description,
        int attempt, BooleanSupplier cancellation, TaskApproval approval) {

    public AgentContext {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(mandate, "mandate");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** The run the agent works for, or {@code null}. */
    public String runId() {
        return mandate.run() == null ? null : mandate.run().runId();
    }

    /**
     * Who the agent's own tool and model calls are made as: the agent itself, in its vault, holding
     * exactly its mandate's capabilities, so the security policy judges them like any other caller's.
     */
    public Caller caller() {
        Principal agent = new Principal(agentId, vault, Set.copyOf(mandate.capabilities()), null, Instant.MAX,
                List.of(), mandate.budget());
        return new Caller(agent, "agent-runtime");
    }

    /** Whom the agent's tool calls are for, which decides their workspace. */
    public ToolScope toolScope() {
        return new ToolScope(vault, agentId, runId(), taskId);
    }

    /** Whether the attempt was cancelled; the plugin should stop soon and return a failure. */
    public boolean cancelled() {
        return Thread.currentThread().isInterrupted() || cancellation.getAsBoolean();
    }
}
