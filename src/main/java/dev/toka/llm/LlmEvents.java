package dev.toka.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The events the gateway keeps in the log: one per model call, in stream {@code llm-<runId>}, or
 * {@code llm-agent-<agentId>} for a call outside a run. Requests and answers are recorded after
 * redaction, so no secret the gateway recognises reaches the log.
 */
public final class LlmEvents {

    /** The stream category of model calls. */
    public static final String CATEGORY = "llm";

    private LlmEvents() {}

    /** The stream that holds the calls of a run. */
    public static String runStream(String runId) {
        return CATEGORY + "-" + runId;
    }

    /** The stream that holds the calls of an agent outside a run. */
    public static String agentStream(String agentId) {
        return CATEGORY + "-agent-" + agentId;
    }

    /** The stream of the calls made in {@code scope}: its run's, or its agent's when outside a run. */
    public static String streamOf(CallScope scope) {
        return scope.runId() != null ? runStream(scope.runId()) : agentStream(scope.agentId());
    }

    /**
     * Tokens a call used, as the provider counted them.
     *
     * @param prompt     Tokens sent.
     * @param completion Tokens answered.
     * @param total      Both, as the provider reports it.
     */
    public record TokenCount(long prompt, long completion, long total) {}

    /**
     * A model answered a call, or a recording answered it in a replay.
     *
     * @param agentId       The calling agent.
     * @param agentKey      The agent's stable name in its run; replay matches by it.
     * @param vault         The agent's tenant.
     * @param runId         The run, or {@code null}.
     * @param taskId        The task, or {@code null}.
     * @param model         The model that answered (the configured name).
     * @param fallbackUsed  Whether the fallback model answered.
     * @param requestDigest Hex SHA-256 of the RFC 8785 canonical form of {@code request}.
     * @param request       The redacted request: {@code messages} (LangChain4j's message JSON),
     *                      {@code tools} and {@code parameters}.
     * @param response      The redacted answer: {@code message} (LangChain4j's message JSON, tool-execution
     *                      requests included), {@code finishReason}, {@code modelName}, {@code id}.
     * @param usage         The tokens used.
     * @param cost          The cost by the price table (zero for a replay, which pays nothing).
     * @param durationMs    How long the call took.
     * @param requests      HTTP requests sent to models for the call, retries and fallback included (0 for a
     *                      replay); a task's calls together send at most {@code toka.llm.max-requests-per-task}.
     * @param replayOf      The run whose recording answered, or {@code null} when a model did.
     */
    public record ModelCallRecorded(
            String agentId,
            String agentKey,
            String vault,
            String runId,
            String taskId,
            String model,
            boolean fallbackUsed,
            String requestDigest,
            JsonNode request,
            JsonNode response,
            TokenCount usage,
            BigDecimal cost,
            long durationMs,
            int requests,
            String replayOf) {}

    /**
     * A call got no usable answer: no model answered, the answer was too large, or a replay found no
     * recording. Tokens the provider counted for an answer that was then refused still count.
     *
     * @param agentId       The calling agent.
     * @param agentKey      The agent's stable name in its run.
     * @param vault         The agent's tenant.
     * @param runId         The run, or {@code null}.
     * @param taskId        The task, or {@code null}.
     * @param model         The model tried last.
     * @param fallbackUsed  Whether the fallback model was tried.
     * @param requestDigest Hex SHA-256 of the canonical redacted request.
     * @param request       The redacted request.
     * @param error         What went wrong, redacted.
     * @param usage         The tokens used, or {@code null} when no model answered.
     * @param cost          Their cost, or {@code null}.
     * @param durationMs    How long the call took.
     * @param requests      HTTP requests sent to models for the call, retries and fallback included (0 for a
     *                      replay); a task's calls together send at most {@code toka.llm.max-requests-per-task}.
     * @param replayOf      The run being replayed, or {@code null}.
     */
    public record ModelCallFailed(
            String agentId,
            String agentKey,
            String vault,
            String runId,
            String taskId,
            String model,
            boolean fallbackUsed,
            String requestDigest,
            JsonNode request,
            String error,
            TokenCount usage,
            BigDecimal cost,
            long durationMs,
            int requests,
            String replayOf) {}
}
