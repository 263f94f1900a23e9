package dev.toka.agent;

import dev.toka.kernel.AgentView;
import dev.toka.kernel.AgentView.QueuedTask;
import dev.toka.store.EventMetadata;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;

/**
 * The agent runtime's spans (docs/observability.md). A task runs on a worker thread long after the request
 * that scheduled it has been answered, so its context cannot travel on the thread: it travels in the log.
 * The {@code TaskScheduled} event's metadata holds the trace and the span that appended it, and each
 * attempt's span {@code toka.agent.task} is a child of that span, in the same trace, on this instance or any
 * other. Its model and tool calls, and its reports to the kernel, are its children in turn.
 */
@Singleton
class AgentTelemetry {

    static final AttributeKey<String> AGENT = AttributeKey.stringKey("toka.agent.id");
    static final AttributeKey<String> AGENT_TYPE = AttributeKey.stringKey("toka.agent.type");
    static final AttributeKey<String> TASK = AttributeKey.stringKey("toka.task.id");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("toka.task.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("toka.task.outcome");

    private final Tracer tracer;

    AgentTelemetry(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the span of an attempt at {@code task}, continuing the trace that scheduled it. */
    Span startAttempt(AgentView agent, QueuedTask task) {
        return tracer.spanBuilder("toka.agent.task")
                .setParent(Context.root().with(Span.wrap(scheduledIn(task.scheduledWith()))))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(AGENT, agent.id())
                .setAttribute(AGENT_TYPE, agent.type())
                .setAttribute(TASK, task.taskId())
                .startSpan();
    }

    /** The span that appended the event, as a remote parent; invalid (so a new trace) when it had none. */
    private static SpanContext scheduledIn(EventMetadata metadata) {
        if (metadata == null || metadata.traceId() == null || metadata.spanId() == null) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(metadata.traceId(), metadata.spanId(), TraceFlags.getSampled(),
                TraceState.getDefault());
    }
}
