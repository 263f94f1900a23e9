package dev.toka.store;

/**
 * Who caused an event and why: carried beside the payload and covered by the hash.
 *
 * <p>Writers build it one way, {@code EventMetadata.of(principal)} then {@link #causedBy} and
 * {@link #correlatedWith}; the trace is not theirs to set: {@link EventLog} fills it in from the current
 * span, so tracing changes the log and no writer (docs/observability.md).
 *
 * @param principal     The subject that asked for the change ({@code admin}, an agent id, {@code system}).
 * @param causationId   The id of the event or request that caused this one, or {@code null}.
 * @param correlationId The id shared by every event of one conversation or run, or {@code null}.
 * @param traceId       The OpenTelemetry trace the write belongs to (32 hex digits), or {@code null} when tracing
 *                      is off. Stored, hashed and exported like the others, and like them left out when null,
 *                      so the logs written before it existed keep their hashes.
 * @param spanId        The span that appended the event (16 hex digits), or {@code null} with no trace: what
 *                      later work caused by the event (an agent's task) takes as its parent span. Left out when
 *                      null, like the trace id.
 * @param instance      The service instance that wrote the event ({@link InstanceIdentity}), or {@code null} in logs
 *                      written before instances were recorded. {@link EventLog} fills it in; hashed only when
 *                      present, like the trace id, so older events keep their hashes.
 */
public record EventMetadata(String principal, String causationId, String correlationId, String traceId,
        String spanId, String instance) {

    public EventMetadata {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("principal must not be blank");
        }
    }

    /** Metadata for an event caused by {@code principal} with no causation, correlation or trace. */
    public static EventMetadata of(String principal) {
        return new EventMetadata(principal, null, null, null, null, null);
    }

    /** The same, caused by {@code causationId} (an event, task or request id; {@code null} for none). */
    public EventMetadata causedBy(String causationId) {
        return new EventMetadata(principal, causationId, correlationId, traceId, spanId, instance);
    }

    /** The same, correlated by {@code correlationId} (a run id, for example; {@code null} for none). */
    public EventMetadata correlatedWith(String correlationId) {
        return new EventMetadata(principal, causationId, correlationId, traceId, spanId, instance);
    }

    /** The same, appended by span {@code spanId} of trace {@code traceId}: for {@link EventLog}. */
    public EventMetadata inSpan(String traceId, String spanId) {
        return new EventMetadata(principal, causationId, correlationId, traceId, spanId, instance);
    }

    /** The same, written by instance {@code instance}: for {@link EventLog} and for reading the log back. */
    public EventMetadata byInstance(String instance) {
        return new EventMetadata(principal, causationId, correlationId, traceId, spanId, instance);
    }
}
