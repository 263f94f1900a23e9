package dev.toka.llm;

import dev.toka.llm.LlmEvents.ModelCallFailed;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.LlmEvents.TokenCount;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What one recorded model call adds to what its agent, run and vault have spent: the one rule by which the
 * {@link UsageLedger} follows the log and by which {@link UsageReadBack} reads a stream back, so both agree.
 *
 * @param agentId  The calling agent.
 * @param runId    Its run, or {@code null}.
 * @param vault    Its tenant.
 * @param taskId   Its task, or {@code null}.
 * @param requests HTTP requests the call sent to models.
 * @param usage    The tokens and cost it spent ({@link Usage#NONE} when no model answered).
 */
record CallSpend(String agentId, String runId, String vault, String taskId, int requests, Usage usage) {

    /** The spend of a decoded event; empty when it is no model call. */
    static Optional<CallSpend> of(Object event) {
        if (event instanceof ModelCallRecorded call) {
            return Optional.of(new CallSpend(call.agentId(), call.runId(), call.vault(), call.taskId(),
                    call.requests(), usage(call.usage(), call.cost(), 1)));
        }
        if (event instanceof ModelCallFailed call) {
            // An answer refused after the provider counted it still cost its tokens.
            return Optional.of(new CallSpend(call.agentId(), call.runId(), call.vault(), call.taskId(),
                    call.requests(), call.usage() == null ? Usage.NONE : usage(call.usage(), call.cost(), 0)));
        }
        return Optional.empty();
    }

    private static Usage usage(TokenCount tokens, BigDecimal cost, long calls) {
        return new Usage(tokens.prompt(), tokens.completion(), tokens.total(), cost == null ? BigDecimal.ZERO : cost,
                calls);
    }
}
