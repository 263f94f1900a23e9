package dev.toka.kernel;

import dev.toka.TokaException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The kernel's spans and meters (docs/observability.md), all registered at start:
 *
 * <ul>
 *   <li>{@code toka.operations} (counter; {@code op}, {@code outcome}): submitted operations by opcode and
 *       outcome. The counters of every opcode and outcome exist from the start, in arrays looked up once
 *       per operation by its class, so the write path builds no tags;
 *   <li>{@code toka.tasks} (gauge; {@code state}: queued, running): read from the world state when scraped.
 * </ul>
 *
 * <p>Each submission is a span {@code toka.kernel <op>}: the decision, the append (its child) and the
 * wait for the world state.
 */
@Startup
@Singleton
class KernelTelemetry {

    /** The outcomes an operation is counted under, from the answer's status; "failed" for anything else. */
    enum Outcome {
        COMMITTED, INVALID, REFUSED, NOT_FOUND, CONFLICT, FAILED;

        final String tag = name().toLowerCase(Locale.ROOT);

        static Outcome of(Throwable failure) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!(cause instanceof TokaException toka)) {
                return FAILED;
            }
            return switch (toka.problemKind().status()) {
                case 400, 413, 422 -> INVALID;
                case 401, 402, 403, 429 -> REFUSED;
                case 404 -> NOT_FOUND;
                case 409 -> CONFLICT;
                default -> FAILED;
            };
        }
    }

    static final AttributeKey<String> OP = AttributeKey.stringKey("toka.op");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("toka.outcome");

    private final Tracer tracer;
    private final Map<Class<?>, Opcode> byOperation = new HashMap<>();

    KernelTelemetry(Tracer tracer, MeterRegistry registry, WorldState world, Instance<OpcodeHandler<?>> handlers) {
        this.tracer = tracer;
        handlers.forEach(handler -> byOperation.put(handler.operationType(),
                new Opcode(handler.opcode(), "toka.kernel " + handler.opcode(), counters(registry, handler.opcode()))));
        Gauge.builder("toka.tasks", world, WorldState::waitingTasks).strongReference(true)
                .description("Tasks waiting in agents' queues").tag("state", "queued").register(registry);
        Gauge.builder("toka.tasks", world, WorldState::runningTasks).strongReference(true)
                .description("Task attempts running").tag("state", "running").register(registry);
    }

    private static Counter[] counters(MeterRegistry registry, String opcode) {
        Outcome[] outcomes = Outcome.values();
        Counter[] counters = new Counter[outcomes.length];
        for (Outcome outcome : outcomes) {
            counters[outcome.ordinal()] = Counter.builder("toka.operations")
                    .description("Operations submitted to the kernel, by opcode and outcome")
                    .tags("op", opcode, "outcome", outcome.tag)
                    .register(registry);
        }
        return counters;
    }

    /** Starts the span of one submission, as a child of the current one (the HTTP request, the task). */
    Submitted start(Operation operation) {
        Opcode opcode = byOperation.get(operation.getClass());
        if (opcode == null) { // no handler: the submission fails, uncounted
            Span span = tracer.spanBuilder("toka.kernel").startSpan();
            return new Submitted(span, Context.current().with(span), null);
        }
        Span span = tracer.spanBuilder(opcode.spanName()).setAttribute(OP, opcode.name()).startSpan();
        return new Submitted(span, Context.current().with(span), opcode.counters());
    }

    /** An opcode's span name and counters by outcome, made once. */
    private record Opcode(String name, String spanName, Counter[] counters) {}

    /**
     * One submission on its way.
     *
     * @param context  The context its asynchronous steps run in, so the append is the span's child.
     * @param counters Its opcode's counters by outcome; {@code null} for a class no handler declared.
     */
    record Submitted(Span span, Context context, Counter[] counters) {

        /** Counts the outcome and ends the span once {@code result} completes; returns {@code result}. */
        <T> CompletableFuture<T> endWith(CompletableFuture<T> result) {
            result.whenComplete((answer, failure) -> {
                Outcome outcome = failure == null ? Outcome.COMMITTED : Outcome.of(failure);
                if (counters != null) {
                    counters[outcome.ordinal()].increment();
                }
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR);
                }
                span.setAttribute(OUTCOME, outcome.tag);
                span.end();
            });
            return result;
        }
    }
}
