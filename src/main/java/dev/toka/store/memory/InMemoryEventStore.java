package dev.toka.store.memory;

import dev.toka.store.ChainHead;
import dev.toka.store.CommitListener;
import dev.toka.store.EventHasher;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import dev.toka.store.WrongExpectedVersionException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link EventStore} held in memory, for tests and ephemeral runs: everything is lost on stop.
 *
 * <p>Appends are serialised by one monitor, which is also held while the listener hears of the
 * commit, so listeners see events in position order.
 */
public final class InMemoryEventStore implements EventStore {

    private final CommitListener listener;
    private final Clock clock;
    private final List<StoredEvent> log = new ArrayList<>();
    private final Map<UUID, StoredEvent> byId = new HashMap<>();
    private final Map<String, Long> streamVersions = new HashMap<>();

    public InMemoryEventStore(CommitListener listener, Clock clock) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<List<StoredEvent>> appendAsync(
            String streamId, ExpectedVersion expected, List<NewEvent> events) {
        try {
            return CompletableFuture.completedFuture(appendNow(streamId, expected, events));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized List<StoredEvent> appendNow(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        if (events.stream().map(NewEvent::eventId).distinct().count() < events.size()) {
            throw new IllegalArgumentException("an append must not contain one event id twice");
        }
        List<StoredEvent> duplicates = events.stream()
                .map(e -> byId.get(e.eventId()))
                .filter(Objects::nonNull)
                .toList();
        if (!duplicates.isEmpty()) {
            return duplicates;
        }
        long version = streamVersions.getOrDefault(streamId, ExpectedVersion.NO_STREAM_VERSION);
        if (!expected.matches(version)) {
            throw new WrongExpectedVersionException(streamId, expected, version);
        }
        // Canonicalise every payload before storing any event: a bad one must reject the whole append.
        List<String> payloads = events.stream().map(event -> EventHasher.canonicalJson(event.payload())).toList();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<StoredEvent> stored = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            String payload = payloads.get(i);
            long position = log.size() + 1L;
            String previousHash = log.isEmpty() ? EventHasher.GENESIS_HASH : log.get(log.size() - 1).hash();
            version++;
            String hash = EventHasher.hash(previousHash, position, streamId, version, event.eventId(),
                    event.type(), payload, event.metadata(), now);
            StoredEvent storedEvent = new StoredEvent(position, streamId, version, event.eventId(), event.type(),
                    payload, event.metadata(), now, previousHash, hash);
            log.add(storedEvent);
            byId.put(event.eventId(), storedEvent);
            stored.add(storedEvent);
        }
        streamVersions.put(streamId, version);
        listener.afterCommit(List.copyOf(stored));
        return stored;
    }

    @Override
    public synchronized List<StoredEvent> read(long fromPosition, int limit) {
        int from = (int) Math.max(0, fromPosition - 1);
        if (from >= log.size()) {
            return List.of();
        }
        return List.copyOf(log.subList(from, (int) Math.min(log.size(), (long) from + limit)));
    }

    @Override
    public synchronized List<StoredEvent> readStream(String streamId, long fromPosition, int limit) {
        return read(fromPosition, Integer.MAX_VALUE).stream()
                .filter(e -> e.streamId().equals(streamId))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long streamVersion(String streamId) {
        return streamVersions.getOrDefault(streamId, ExpectedVersion.NO_STREAM_VERSION);
    }

    @Override
    public synchronized long headPosition() {
        return log.size();
    }

    @Override
    public synchronized ChainHead head() {
        return log.isEmpty() ? ChainHead.EMPTY : new ChainHead(log.size(), log.get(log.size() - 1).hash());
    }
}
