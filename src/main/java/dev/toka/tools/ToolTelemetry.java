package dev.toka.tools;

import dev.toka.TokaException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Tool calls' spans and meter (docs/observability.md).
 *
 * <ul>
 *   <li>{@code toka.tool.calls} (counter; {@code tool}, {@code outcome}: completed, failed, replayed, refused,
 *       error): registered at start for every tool the registry holds; a call to an unknown id counts under
 *       {@code tool="unknown"}, so a caller cannot add series at will.
 * </ul>
 *
 * <p>Each call is a span {@code execute_tool <id>} ({@code gen_ai.operation.name}, {@code gen_ai.tool.name},
 * {@code toka.tool.outcome}); its input and output stay out of it.
 */
@Startup
@Singleton
class ToolTelemetry {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("toka.tool.outcome");
    static final String UNKNOWN = "unknown";
    private static final List<String> OUTCOMES = List.of("completed", "failed", "replayed", "refused", "error");

    private final Tracer tracer;
    private final MeterRegistry registry;
    private final ToolRegistry tools;

    ToolTelemetry(Tracer tracer, MeterRegistry registry, ToolRegistry tools) {
        this.tracer = tracer;
        this.registry = registry;
        this.tools = tools;
        tools.all().forEach(manifest -> OUTCOMES.forEach(outcome -> counter(manifest.id(), outcome)));
    }

    /** Starts the span of a call to {@code toolId}, a child of the current span (the task's, or the request's). */
    Span start(String toolId) {
        String tool = tools.find(toolId).isPresent() ? toolId : UNKNOWN;
        return tracer.spanBuilder("execute_tool " + tool)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, "execute_tool")
                .setAttribute(TOOL, tool)
                .startSpan();
    }

    /** Counts the call's outcome and ends its span. */
    void ended(Span span, String toolId, ToolOutcome outcome) {
        if (outcome instanceof ToolOutcome.Completed completed) {
            end(span, toolId, completed.replayed() ? "replayed" : "completed");
        } else {
            span.setStatus(StatusCode.ERROR);
            end(span, toolId, "failed");
        }
    }

    /** Counts a call that ended with {@code failure} (refused, or an error) and ends its span. */
    void ended(Span span, String toolId, RuntimeException failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        boolean refused = failure instanceof TokaException toka && toka.problemKind().status() < 500;
        end(span, toolId, refused ? "refused" : "error");
    }

    private void end(Span span, String toolId, String outcome) {
        span.setAttribute(OUTCOME, outcome);
        span.end();
        counter(tools.find(toolId).isPresent() ? toolId : UNKNOWN, outcome).increment();
    }

    private Counter counter(String tool, String outcome) {
        return Counter.builder("toka.tool.calls").description("Tool calls by tool and outcome")
                .tags("tool", tool, "outcome", outcome).register(registry);
    }
}
