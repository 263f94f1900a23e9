package dev.toka.llm.langchain4j;

import dev.toka.llm.LlmEvents.TokenCount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Micrometer meters of model calls, tagged by model and vault only: agent and run ids are unbounded,
 * so per-agent and per-run figures come from the {@link dev.toka.llm.UsageLedger}, not from metrics.
 *
 * <ul>
 *   <li>{@code toka.llm.calls} (counter; {@code outcome}: answered, fallback, replayed, failed, refused)
 *   <li>{@code toka.llm.tokens} (counter; {@code kind}: prompt, completion)
 *   <li>{@code toka.llm.cost} (counter, in the price table's unit)
 *   <li>{@code toka.llm.call.duration} (timer; {@code outcome})
 * </ul>
 */
@Singleton
class LlmMetrics {

    private final MeterRegistry registry;

    LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A model, or a recording, answered. */
    void answered(String outcome, String model, String vault, TokenCount usage, BigDecimal cost, Duration took) {
        Tags tags = Tags.of("model", model, "vault", vault);
        count(outcome, model, vault, took);
        registry.counter("toka.llm.tokens", tags.and("kind", "prompt")).increment(usage.prompt());
        registry.counter("toka.llm.tokens", tags.and("kind", "completion")).increment(usage.completion());
        registry.counter("toka.llm.cost", tags).increment(cost.doubleValue());
    }

    /** A call got no usable answer. */
    void failed(String model, String vault, Duration took) {
        count("failed", model, vault, took);
    }

    /** The policy refused a call before it was sent. */
    void refused(String model, String vault) {
        registry.counter("toka.llm.calls", "model", model, "vault", vault, "outcome", "refused").increment();
    }

    private void count(String outcome, String model, String vault, Duration took) {
        registry.counter("toka.llm.calls", "model", model, "vault", vault, "outcome", outcome).increment();
        registry.timer("toka.llm.call.duration", "model", model, "outcome", outcome).record(took);
    }
}
