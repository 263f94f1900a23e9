package dev.toka.store;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The store's spans and meters (docs/observability.md). Both meters are registered here, at start, and
 * reached through fields: an append (about 10,000 a second) builds no tags and looks nothing up.
 *
 * <ul>
 *   <li>{@code toka.store.append} (timer): from an append's call to its commit, queueing for the group
 *       commit included;
 *   <li>{@code toka.store.commit.events} (distribution summary): events per group commit.
 * </ul>
 *
 * <p>Each append is a span {@code toka.store.append}, whose trace and span ids go into the events'
 * metadata: a trace leads to log positions and the log back to its trace.
 */
@Singleton
public class StoreTelemetry {

    static final AttributeKey<String> STREAM = AttributeKey.stringKey("toka.stream.id");
    static final AttributeKey<Long> EVENTS = AttributeKey.longKey("toka.event.count");
    static final AttributeKey<Long> FIRST_POSITION = AttributeKey.longKey("toka.log.first_position");
    static final AttributeKey<Long> LAST_POSITION = AttributeKey.longKey("toka.log.last_position");

    private final Tracer tracer;
    private final Timer appendLatency;
    private final DistributionSummary commitSize;

    public StoreTelemetry(Tracer tracer, MeterRegistry registry) {
        this.tracer = tracer;
        this.appendLatency = Timer.builder("toka.store.append")
                .description("Time from an append's call to its commit, queueing for the group commit included")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.commitSize = DistributionSummary.builder("toka.store.commit.events")
                .description("Events written per group commit")
                .baseUnit("events")
                .register(registry);
    }

    /** The listener, counting each commit's events before it hears of them. */
    CommitListener counting(CommitListener listener) {
        return events -> {
            commitSize.record(events.size());
            listener.afterCommit(events);
        };
    }

    /** Starts observing one append of {@code events} events to {@code streamId}, in the current trace. */
    Append start(String streamId, int events) {
        Span span = tracer.spanBuilder("toka.store.append")
                .setAttribute(STREAM, streamId)
                .setAttribute(EVENTS, (long) events)
                .startSpan();
        return new Append(span, System.nanoTime());
    }

    /** One append on its way: its span, and when it was called. */
    final class Append {

        private final Span span;
        private final long startedNanos;

        private Append(Span span, long startedNanos) {
            this.span = span;
            this.startedNanos = startedNanos;
        }

        /**
         * The metadata with this append's trace and span ids; unchanged when the span is not sampled (a
         * sampler below 1), since no exported span would carry those ids.
         */
        EventMetadata stamp(EventMetadata metadata) {
            SpanContext context = span.getSpanContext();
            return context.isSampled() ? metadata.inSpan(context.getTraceId(), context.getSpanId()) : metadata;
        }

        /** Ends the span and times the append once {@code commit} completes; returns {@code commit}. */
        CompletableFuture<List<StoredEvent>> endWith(CompletableFuture<List<StoredEvent>> commit) {
            commit.whenComplete(this::ended);
            return commit;
        }

        void ended(List<StoredEvent> stored, Throwable failure) {
            appendLatency.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
            if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            } else if (!stored.isEmpty() && span.isRecording()) {
                span.setAttribute(FIRST_POSITION, stored.get(0).position());
                span.setAttribute(LAST_POSITION, stored.get(stored.size() - 1).position());
            }
            span.end();
        }
    }
}
