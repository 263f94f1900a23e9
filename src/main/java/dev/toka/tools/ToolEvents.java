package dev.toka.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.security.Provenance;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The events of tool calls. Each call has its own stream {@value #STREAM_PREFIX}{@code <sha256>},
 * the hash of its idempotency key (with vault and tool), or of a random nonce for a call without one.
 * The raw input is never stored, only its digest: inputs may carry secrets.
 */
@RegisterForReflection(targets = {ToolEvents.ToolInvoked.class, ToolEvents.ToolCompleted.class,
    ToolEvents.ToolFailed.class, ToolEvents.ApprovalSpent.class})
public final class ToolEvents {

    /** The category of tool-call streams. */
    public static final String STREAM_PREFIX = "toolcall-";

    /** The prefix of the stream that records the one use of an approval capability, {@code approval-<token id>}. */
    public static final String APPROVAL_STREAM_PREFIX = "approval-";

    private ToolEvents() {}

    /**
     * A call was admitted and is about to run.
     *
     * @param callId      Unique per run of the tool, pairs this with its outcome.
     * @param toolId      The tool.
     * @param toolVersion The tool's version.
     * @param sideEffect  The tool's side effect class.
     * @param caller      The subject of the credential that made the call.
     * @param vault       The tenant.
     * @param agent       The agent the call acted for.
     * @param run         The run, or {@code null}.
     * @param task        The task, or {@code null}.
     * @param step        The key's step, or {@code null} for a call without a key.
     * @param attempt     The key's attempt, or {@code null} for a call without a key.
     * @param inputSha256 Hex SHA-256 of the input's RFC 8785 canonical JSON.
     */
    public record ToolInvoked(
            String callId, String toolId, String toolVersion, SideEffect sideEffect, String caller, String vault,
            String agent, String run, String task, Integer step, Integer attempt, String inputSha256) {}

    /**
     * The call returned output.
     *
     * @param callId         The call.
     * @param outputSha256   Hex SHA-256 of the output's canonical JSON.
     * @param durationMillis How long the tool ran.
     * @param output         The output, for replays; {@code null} when it was larger than
     *                       {@code toka.tools.max-recorded-output-bytes}.
     * @param provenance     The output's label as it entered the agent's context: {@code trusted} or
     *                       {@code untrusted} (Rule of Two, docs/security.md).
     */
    public record ToolCompleted(
            String callId, String outputSha256, long durationMillis, JsonNode output, Provenance provenance) {}

    /**
     * The call failed.
     *
     * @param callId         The call.
     * @param reason         Why.
     * @param field          The input member a sandbox rule refused (a JSON pointer), or {@code null}.
     * @param durationMillis How long the tool ran.
     */
    public record ToolFailed(String callId, String reason, String field, long durationMillis) {}

    /**
     * An approval capability was spent on a call: the first event of its stream, appended only if the stream
     * does not exist, so it works for one call only. A repeat of that same call (its key's stream) may go on.
     *
     * @param tokenId    The capability's token id.
     * @param callStream The stream of the call that spent it.
     */
    public record ApprovalSpent(String tokenId, String callStream) {}
}
