package dev.toka.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.tools.ToolCall;
import dev.toka.tools.ToolCallKey;
import dev.toka.tools.ToolInvoker;
import dev.toka.tools.ToolOutcome;
import jakarta.inject.Singleton;

/**
 * The tool calls an agent makes on its own, whatever its plugin: as itself (its mandate's
 * capabilities), in its run's workspace, keyed by run, task, step and attempt, so a repeated step
 * of the same attempt returns the recorded result instead of acting twice.
 */
@Singleton
class AgentToolCalls {

    private final ToolInvoker invoker;

    AgentToolCalls(ToolInvoker invoker) {
        this.invoker = invoker;
    }

    /**
     * Calls a tool for the agent of {@code context}.
     *
     * @param step The step within the attempt, from 0.
     * @throws dev.toka.security.PermissionDeniedException when the agent may not use the tool
     * @throws dev.toka.TokaException                      for any other refusal (unknown tool, invalid input)
     */
    ToolOutcome call(AgentContext context, String toolId, JsonNode input, int step) {
        return call(context, toolId, input, step, context.attempt(), null);
    }

    /**
     * Calls a tool for the agent of {@code context} keyed by an earlier attempt's step, presenting an approval:
     * a call resumed after its approval keeps the key it was asked with, so it runs once.
     *
     * @param approval The signed approval capability, or {@code null}.
     */
    ToolOutcome call(AgentContext context, String toolId, JsonNode input, int step, int attempt, String approval) {
        ToolCallKey key = new ToolCallKey(context.runId(), context.agentId(), context.taskId(), step, attempt);
        return invoker.invoke(context.caller(), new ToolCall(toolId, input, context.toolScope(), key, approval));
    }
}
