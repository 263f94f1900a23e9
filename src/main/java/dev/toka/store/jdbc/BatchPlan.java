package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import dev.toka.store.EventHasher;
import dev.toka.store.StoredEvent;
import dev.toka.store.WrongExpectedVersionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides the appends of one batch, in queue order, against the chain as the batch extends it.
 *
 * <p>Pure bookkeeping, no SQL: the {@link ChainWriter} supplies the head and the stored events to plan
 * against (read under the head lock, or what it knows from its last commit) and writes the rows this
 * plan produces. Each decision sees the earlier ones of the same batch.
 */
final class BatchPlan {

    private final Map<UUID, StoredEvent> stored;
    private final Map<String, Long> streamVersions;
    private final Instant now;
    private final List<Row> rows = new ArrayList<>();
    private final List<Outcome> outcomes = new ArrayList<>();
    private long position;
    private String hash;

    /**
     * @param head           The chain head the batch extends.
     * @param stored         The batch's event ids known to be in the log; the plan adds its own.
     * @param streamVersions The version of every stream of the batch; the plan advances them.
     * @param now            The batch's timestamp.
     */
    BatchPlan(ChainHead head, Map<UUID, StoredEvent> stored, Map<String, Long> streamVersions, Instant now) {
        this.position = head.position();
        this.hash = head.hash();
        this.stored = stored;
        this.streamVersions = streamVersions;
        this.now = now;
    }

    /** Decides the batch's next append: its stored duplicates, a conflict, or new positioned and hashed events. */
    void decide(AppendRequest request) {
        outcomes.add(outcome(request));
    }

    private Outcome outcome(AppendRequest request) {
        List<StoredEvent> duplicates = new ArrayList<>(0);
        for (PendingEvent event : request.events()) {
            StoredEvent duplicate = stored.get(event.eventId());
            if (duplicate != null) {
                duplicates.add(duplicate);
            }
        }
        if (!duplicates.isEmpty()) {
            return Outcome.appended(request, duplicates);
        }
        String streamId = request.streamId();
        long version = streamVersions.get(streamId);
        if (!request.expected().matches(version)) {
            return Outcome.failed(request, new WrongExpectedVersionException(streamId, request.expected(), version));
        }
        List<StoredEvent> appended = new ArrayList<>(request.events().size());
        for (PendingEvent event : request.events()) {
            position++;
            version++;
            String eventHash = EventHasher.hash(hash, position, streamId, version, event.eventId(), event.type(),
                    event.canonicalPayload(), event.metadata(), now);
            StoredEvent next = new StoredEvent(position, streamId, version, event.eventId(), event.type(),
                    event.canonicalPayload(), event.metadata(), now, hash, eventHash);
            rows.add(new Row(next, event.metadataJson()));
            stored.put(next.eventId(), next);
            appended.add(next);
            hash = eventHash;
        }
        streamVersions.put(streamId, version);
        return Outcome.appended(request, appended);
    }

    /** The new events to insert, in position order. */
    List<Row> rows() {
        return rows;
    }

    /** One outcome per decided append, in batch order. */
    List<Outcome> outcomes() {
        return outcomes;
    }

    /** Whether any decided append failed its expected-version check. */
    boolean hasConflicts() {
        return outcomes.stream().anyMatch(outcome -> outcome.failure() != null);
    }

    /** The chain head after the planned events. */
    ChainHead head() {
        return new ChainHead(position, hash);
    }

    /** The version of every stream of the batch after the planned events. */
    Map<String, Long> streamVersions() {
        return streamVersions;
    }

    /**
     * One event row to insert.
     *
     * @param event        The event.
     * @param metadataJson Its metadata column text.
     */
    record Row(StoredEvent event, String metadataJson) {}

    /** The answer to one append: its stored events, or why it failed. */
    record Outcome(AppendRequest request, List<StoredEvent> events, RuntimeException failure) {

        static Outcome appended(AppendRequest request, List<StoredEvent> events) {
            return new Outcome(request, List.copyOf(events), null);
        }

        static Outcome failed(AppendRequest request, RuntimeException failure) {
            return new Outcome(request, List.of(), failure);
        }

        /** Completes the caller's future with this outcome. */
        void complete() {
            if (failure == null) {
                request.result().complete(events);
            } else {
                request.result().completeExceptionally(failure);
            }
        }
    }
}
