package dev.toka.llm.langchain4j;

import dev.toka.llm.LlmConfig;
import dev.toka.llm.LlmEvents.TokenCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Micrometer meters of model calls, tagged by model only: vault, agent and run ids are unbounded, so
 * per-vault, per-agent and per-run figures come from the {@link dev.toka.llm.UsageLedger}, not from metrics.
 * The configured models' meters are registered at start, at zero; a model first seen in a recording
 * (replay) gets its meters when it is.
 *
 * <ul>
 *   <li>{@code toka.llm.calls} (counter; {@code outcome}: answered, fallback, replayed, failed, refused)
 *   <li>{@code toka.llm.tokens} (counter; {@code kind}: prompt, completion)
 *   <li>{@code toka.llm.cost} (counter, in the price table's unit)
 *   <li>{@code toka.llm.call.duration} (timer; {@code outcome})
 * </ul>
 */
@Startup
@Singleton
class LlmMetrics {

    private static final List<String> OUTCOMES = List.of("answered", "fallback", "replayed", "failed", "refused");

    private final MeterRegistry registry;

    LlmMetrics(MeterRegistry registry, LlmConfig config) {
        this.registry = registry;
        Set<String> models = new LinkedHashSet<>();
        models.add(config.primary().model());
        if (config.fallback().enabled()) {
            models.add(config.fallback().model());
        }
        for (String model : models) {
            OUTCOMES.forEach(outcome -> calls(model, outcome));
            OUTCOMES.forEach(outcome -> duration(model, outcome));
            tokens(model, "prompt");
            tokens(model, "completion");
            cost(model);
        }
    }

    /** A model, or a recording, answered. */
    void answered(String outcome, String model, TokenCount usage, BigDecimal cost, Duration took) {
        count(outcome, model, took);
        tokens(model, "prompt").increment(usage.prompt());
        tokens(model, "completion").increment(usage.completion());
        cost(model).increment(cost.doubleValue());
    }

    /** A call got no usable answer. */
    void failed(String model, Duration took) {
        count("failed", model, took);
    }

    /** The policy refused a call before it was sent. */
    void refused(String model) {
        calls(model, "refused").increment();
    }

    private void count(String outcome, String model, Duration took) {
        calls(model, outcome).increment();
        duration(model, outcome).record(took);
    }

    private Counter calls(String model, String outcome) {
        return registry.counter("toka.llm.calls", "model", model, "outcome", outcome);
    }

    private Timer duration(String model, String outcome) {
        return registry.timer("toka.llm.call.duration", "model", model, "outcome", outcome);
    }

    private Counter tokens(String model, String kind) {
        return registry.counter("toka.llm.tokens", Tags.of("model", model, "kind", kind));
    }

    private Counter cost(String model) {
        return registry.counter("toka.llm.cost", "model", model);
    }
}
