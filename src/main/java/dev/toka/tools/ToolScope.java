package dev.toka.tools;

import java.util.Objects;

/**
 * Whom a tool call is for, which decides its workspace: {@code <root>/<vault>/run-<runId>}, or
 * {@code <root>/<vault>/agent-<agentId>} when the call belongs to no run.
 *
 * @param vault   The tenant.
 * @param agentId The agent the call acts for.
 * @param runId   The orchestration run, or {@code null}.
 * @param taskId  The task, or {@code null}.
 * @since 0.1
 */
public record ToolScope(String vault, String agentId, String runId, String taskId) {

    public ToolScope {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(agentId, "agentId");
    }
}
