package dev.toka.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.toka.bus.Projection.Captured;
import dev.toka.store.EventRegistry;
import dev.toka.store.EventStore;
import dev.toka.store.Snapshot;
import dev.toka.store.SnapshotMac;
import dev.toka.store.SnapshotStore;
import dev.toka.store.StoreConfig;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Snapshots of the projections that offer a {@link SnapshotForm}: restored at start in place of replaying the
 * log up to their position, taken every {@link SnapshotConfig#everyEvents()} events or
 * {@link SnapshotConfig#interval()} on a thread of their own (never the writer's), and at an orderly shutdown.
 *
 * <p>A snapshot is an optimisation, never a source of truth: one that does not match the log (its hash at the
 * snapshot's position differs, the position lies beyond the head, a format version or an event type this version
 * does not know, a payload that does not decode) or whose {@link SnapshotMac} does not authenticate it (a changed
 * byte, a row written without the service's key) is deleted with one WARN that says why, and the projection is
 * rebuilt from the log. Deleting every snapshot changes nothing but the time a start takes.
 */
@Singleton
public class ProjectionSnapshots {

    /** What {@link #restore} did. */
    public sealed interface Restore {

        /** For the start-up log. */
        String describe();

        /** There was no snapshot (or snapshots are off): the projection replays the whole log. */
        record None() implements Restore {
            @Override
            public String describe() {
                return "no snapshot";
            }
        }

        /** The snapshot at {@code position} was restored: the projection replays only what follows. */
        record Restored(long position) implements Restore {
            @Override
            public String describe() {
                return "snapshot at position " + position;
            }
        }

        /** The snapshot was deleted for {@code reason}: the projection replays the whole log. */
        record Discarded(String reason) implements Restore {
            @Override
            public String describe() {
                return "snapshot discarded";
            }
        }
    }

    private final SnapshotStore snapshots;
    private final SnapshotMac mac;
    private final EventStore store;
    private final EventRegistry registry;
    private final SnapshotConfig config;
    private final Clock clock;
    private final boolean reads;
    private final boolean writes;
    private final ObjectMapper json;
    /** Per projection name: the position and time of its last snapshot (restored or taken). */
    private final Map<String, Taken> last = new ConcurrentHashMap<>();
    private volatile List<Projection> followed = List.of();
    private final ScheduledExecutorService thread;

    public ProjectionSnapshots(SnapshotStore snapshots, SnapshotMac mac, EventStore store, EventRegistry registry,
            SnapshotConfig config, StoreConfig storeConfig, ObjectMapper mapper, Clock clock) {
        this.snapshots = snapshots;
        this.mac = mac;
        this.store = store;
        this.registry = registry;
        this.config = config;
        this.clock = clock;
        // A read-only service is there to inspect a log that may be broken: it shows what the log holds, replayed,
        // and writes nothing. The in-memory log ends with the process, and its snapshots with it.
        this.reads = config.enabled() && !storeConfig.readOnly();
        this.writes = reads && storeConfig.backend() != StoreConfig.Backend.memory;
        this.json = mapper.copy()
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.INDENT_OUTPUT);
        // A state is read back as it was written, whatever bounds request bodies have.
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build());
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "toka-snapshots");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Restores the projection's snapshot, if it has a valid one, before the projection starts.
     */
    public Restore restore(Projection projection) {
        Optional<SnapshotForm<?>> form = projection.snapshotForm();
        if (!reads || form.isEmpty()) {
            return new Restore.None();
        }
        Optional<Snapshot> stored = snapshots.latest(projection.name());
        if (stored.isEmpty()) {
            return new Restore.None();
        }
        Snapshot snapshot = stored.get();
        Optional<String> invalid = restore(projection, form.get(), snapshot);
        if (invalid.isPresent()) {
            Log.warnf("the snapshot of %s at position %d is discarded: %s. It is rebuilt from the log, which is"
                    + " slower but gives the same state", projection.name(), snapshot.position(), invalid.get());
            snapshots.delete(projection.name());
            return new Restore.Discarded(invalid.get());
        }
        last.put(projection.name(), new Taken(snapshot.position(), clock.instant()));
        return new Restore.Restored(snapshot.position());
    }

    /** Why the snapshot does not fit the projection and the log, or empty once it is restored. */
    private <S> Optional<String> restore(Projection projection, SnapshotForm<S> form, Snapshot snapshot) {
        if (snapshot.version() != form.version()) {
            return Optional.of("its format version is " + snapshot.version() + ", this version reads "
                    + form.version());
        }
        if (!snapshot.authentic(mac)) {
            return Optional.of("its MAC does not authenticate its content (corrupted, or not written by a service"
                    + " holding this key-encryption key)");
        }
        Set<String> unknown = new TreeSet<>(snapshot.eventTypes());
        unknown.removeAll(registry.names());
        if (!unknown.isEmpty()) {
            return Optional.of("it was taken by a version that reads event types this one does not know " + unknown
                    + ", so the log before it may hold events this version cannot apply");
        }
        long head = store.headPosition();
        if (snapshot.position() > head) {
            return Optional.of("its position lies beyond the head of the log, " + head + " (stale: the log was"
                    + " restored or replaced)");
        }
        List<StoredEvent> at = store.read(snapshot.position(), 1);
        if (at.isEmpty() || at.get(0).position() != snapshot.position()
                || !at.get(0).hash().equals(snapshot.hash())) {
            return Optional.of("the log holds hash " + (at.isEmpty() ? "(none)" : at.get(0).hash()) + " at that"
                    + " position, the snapshot was taken at hash " + snapshot.hash());
        }
        S state;
        try {
            state = json.readValue(snapshot.payload(), form.type());
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.of("its payload does not decode as " + form.type().getSimpleName() + " (" + e.getMessage()
                    + ")");
        }
        projection.restore(form, state, snapshot.position(), snapshot.hash());
        return Optional.empty();
    }

    /** The projection's state now as a snapshot, not stored; empty when it takes none or has nothing to keep. */
    public Optional<Snapshot> snapshotOf(Projection projection) {
        return projection.snapshotForm().flatMap(form -> snapshotOf(projection, form));
    }

    private <S> Optional<Snapshot> snapshotOf(Projection projection, SnapshotForm<S> form) {
        // Only the copy holds the projection's lock; serialising it does not.
        Optional<Captured<S>> captured = projection.capture(form);
        return captured.map(c -> {
            try {
                return Snapshot.of(projection.name(), form.version(), c.position(), c.hash(), registry.names(),
                        json.writeValueAsString(c.state()), mac);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the state of " + projection.name(), e);
            }
        });
    }

    /** Takes and stores the projection's snapshot now; returns it. */
    public Optional<Snapshot> take(Projection projection) {
        Optional<Snapshot> snapshot = snapshotOf(projection);
        snapshot.ifPresent(s -> {
            snapshots.save(s);
            last.put(projection.name(), new Taken(s.position(), clock.instant()));
            Log.debugf("snapshot of %s taken at position %d (%d characters)", projection.name(), s.position(),
                    s.payload().length());
        });
        return snapshot;
    }

    /** From now on, snapshots the projections when one is due; called once they have all started. */
    void follow(List<Projection> projections) {
        if (!writes) {
            return;
        }
        followed = projections.stream().filter(p -> p.snapshotForm().isPresent()).toList();
        long millis = config.checkEvery().toMillis();
        thread.scheduleWithFixedDelay(this::takeDue, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void takeDue() {
        Instant now = clock.instant();
        for (Projection projection : followed) {
            Taken taken = last.getOrDefault(projection.name(), Taken.NEVER);
            long since = projection.position() - taken.position();
            if (since >= config.everyEvents() || (since > 0 && !taken.at().plus(config.interval()).isAfter(now))) {
                takeSafely(projection);
            }
        }
    }

    /** An orderly shutdown snapshots what has moved since, so the next start replays almost nothing. */
    void onStop(@Observes ShutdownEvent stop) {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Projection projection : followed) {
            if (projection.position() > last.getOrDefault(projection.name(), Taken.NEVER).position()) {
                takeSafely(projection);
            }
        }
    }

    private void takeSafely(Projection projection) {
        try {
            take(projection);
        } catch (RuntimeException e) { // an optimisation that failed: the next start replays more, nothing else
            Log.warnf("taking the snapshot of %s failed: %s", projection.name(), e.toString());
        }
    }

    /** When a projection's last snapshot was restored or taken, and at which position. */
    private record Taken(long position, Instant at) {
        static final Taken NEVER = new Taken(0, Instant.MIN);
    }
}
