package dev.toka.store;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one way every layer appends: records in, under their declared names ({@link EventRegistry}),
 * with one metadata per append. It sits in the store's package, the bottom layer, so the kernel,
 * security, tools and the LLM gateway all reach it, and it adds nothing but encoding to the store's
 * group commit: {@link #appendAsync} never blocks, and {@link #append} waits only for the commit.
 *
 * <p>It stamps every append with this instance's id ({@link InstanceIdentity}), so the log shows which
 * instance wrote what.
 *
 * <p>Each record appended is kept as its event's decoded form ({@link EventCodec}), so the projections
 * that apply the commit on this instance read the very record, not the JSON made from it.
 */
@Singleton
public class EventLog {

    private final EventStore store;
    private final EventCodec codec;
    private final StoreTelemetry telemetry;
    private final String instance;

    public EventLog(EventStore store, EventCodec codec, StoreTelemetry telemetry, InstanceIdentity instance) {
        this.store = store;
        this.codec = codec;
        this.telemetry = telemetry;
        this.instance = instance.id();
    }

    /**
     * Appends {@code events} to one stream atomically, once their turn in a group commit comes.
     *
     * @param streamId The stream, named {@code category-id}.
     * @param expected The stream version the caller saw.
     * @param events   The event records, at least one, each of a declared type.
     * @param metadata Who caused them, see {@link EventMetadata}; the append's trace is added here.
     * @return the stored events; completes exceptionally as {@link EventStore#appendAsync} does
     */
    public CompletableFuture<List<StoredEvent>> appendAsync(String streamId, ExpectedVersion expected,
            List<?> events, EventMetadata metadata) {
        StoreTelemetry.Append append = telemetry.start(streamId, events.size());
        EventMetadata stamped = append.stamp(metadata).byInstance(instance);
        try {
            List<NewEvent> encoded = events.stream().map(event -> codec.encode(event, stamped)).toList();
            return append.endWith(store.appendAsync(streamId, expected, encoded));
        } catch (RuntimeException e) {
            append.ended(null, e);
            throw e;
        }
    }

    /**
     * Appends one event and returns once it is committed, and so on its way to every projection.
     *
     * @return the stored event
     * @throws WrongExpectedVersionException when the stream is not at {@code expected}
     */
    public StoredEvent append(String streamId, ExpectedVersion expected, Object event, EventMetadata metadata) {
        StoreTelemetry.Append append = telemetry.start(streamId, 1);
        List<StoredEvent> stored = null;
        RuntimeException failure = null;
        try {
            stored = store.append(streamId, expected,
                    List.of(codec.encode(event, append.stamp(metadata).byInstance(instance))));
            return stored.get(0);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            append.ended(stored, failure);
        }
    }

    /** The position of the last committed event, 0 when the log is empty. */
    public long headPosition() {
        return store.headPosition();
    }
}
