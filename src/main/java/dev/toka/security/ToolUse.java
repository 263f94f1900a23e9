package dev.toka.security;

import java.util.Objects;
import java.util.Set;

/**
 * A tool call as the Rule of Two sees it: what the tool can do, where its output comes from, and
 * whose context and workspace it touches.
 *
 * @param toolId    The tool.
 * @param effects   What the tool can do, as its manifest declares (all of them when it declares none).
 * @param output    The provenance of what the tool itself returns; output read from a workspace that
 *                  holds untrusted files is untrusted whatever this says.
 * @param agentId   The agent whose context the output enters.
 * @param vault     The agent's tenant.
 * @param runId     The run, or {@code null}.
 * @param taskId    The task, or {@code null}.
 * @param workspace The workspace the call reads and writes, for example {@code default/run-7f3c}.
 */
public record ToolUse(
        String toolId, Set<ToolEffect> effects, Provenance output, String agentId, String vault, String runId,
        String taskId, String workspace) {

    public ToolUse {
        Objects.requireNonNull(toolId, "toolId");
        effects = Set.copyOf(effects);
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(workspace, "workspace");
    }

    /** Whether the tool could carry data out of the agent. */
    public boolean carriesDataOut() {
        return ToolEffect.anyCarriesDataOut(effects);
    }
}
