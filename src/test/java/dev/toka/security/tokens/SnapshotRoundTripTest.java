package dev.toka.security.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toka.bus.EventFeed;
import dev.toka.bus.Projection;
import dev.toka.bus.ProjectionSnapshots;
import dev.toka.bus.ProjectionSnapshots.Restore;
import dev.toka.kernel.Fleet;
import dev.toka.kernel.FleetConfig;
import dev.toka.kernel.FleetEvent;
import dev.toka.kernel.FleetEvent.InstanceHeartbeat;
import dev.toka.kernel.FleetEvent.InstanceStopped;
import dev.toka.kernel.KernelConfig;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.WorldState;
import dev.toka.llm.LlmEvents;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.LlmEvents.TokenCount;
import dev.toka.llm.UsageLedger;
import dev.toka.orchestration.PlannedAgent;
import dev.toka.orchestration.RunEvent.AgentLaunched;
import dev.toka.orchestration.RunEvent.RunFinished;
import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.orchestration.RunProjection;
import dev.toka.security.SecurityConfig;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.security.keys.FreshSigningKeys;
import dev.toka.security.keys.SigningKeys;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.InstanceIdentity;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.RandomSnapshotKey;
import dev.toka.store.Snapshot;
import dev.toka.store.SnapshotMac;
import dev.toka.store.SnapshotStore;
import dev.toka.store.StoreConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Snapshots of the four snapshotted projections against the log itself, on the service's real H2 store: a
 * projection restored from a snapshot and then fed the tail holds exactly what one replayed from position 1
 * holds (their canonical snapshot texts are compared), it reads only the tail, and a corrupted, stale or forged
 * snapshot (its MAC made without the service's key) is discarded and the projection rebuilt from the log.
 *
 * <p>In this package because the security projection is built here from fresh parts (a test builds every
 * projection apart from the service's own beans, which keep running).
 */
@QuarkusTest
class SnapshotRoundTripTest {

    private static final EventMetadata ADMIN = EventMetadata.of("admin");

    private static final FleetConfig FLEET_ON = new FleetConfig() {
        @Override
        public Optional<Boolean> enabled() {
            return Optional.of(true);
        }

        @Override
        public Duration heartbeatInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public Duration deadAfter() {
            return Duration.ofSeconds(8);
        }
    };

    @Inject
    EventLog log;
    @Inject
    EventStore store;
    @Inject
    EventFeed feed;
    @Inject
    EventCodec codec;
    @Inject
    ProjectionSnapshots snapshots;
    @Inject
    SnapshotStore snapshotStore;
    @Inject
    SnapshotMac serviceKey;
    @Inject
    KernelConfig kernelConfig;
    @Inject
    StoreConfig storeConfig;
    @Inject
    SecurityConfig securityConfig;
    @Inject
    Clock clock;
    @Inject
    WorldState world;

    private Map<String, Supplier<Projection>> projections() {
        Duration timeout = Duration.ofSeconds(10);
        return Map.of(
                "world state", () -> new WorldState(codec, kernelConfig, storeConfig, store),
                "run projection", () -> new RunProjection(codec, new WorldState(codec, kernelConfig, storeConfig, store),
                        kernelConfig, store),
                "usage ledger", () -> new UsageLedger(codec, store, world, timeout),
                "security", () -> {
                    SigningKeys keys = FreshSigningKeys.of(log, securityConfig, clock);
                    return new SecurityProjection(codec, keys, new TokenRegistry(clock), timeout);
                },
                // On, as on PostgreSQL: off (H2) it keeps no leases, and its snapshot would prove nothing.
                "fleet", () -> new Fleet(codec, log, clock, new InstanceIdentity(Optional.of("snapshot-test")),
                        FLEET_ON, storeConfig, kernelConfig, true));
    }

    @Test
    void aSnapshotRestoredAndFedTheTailEqualsAFullReplayAndReadsOnlyTheTail() throws Exception {
        activity("r1");
        for (Map.Entry<String, Supplier<Projection>> entry : projections().entrySet()) {
            Projection replayed = replayed(entry.getValue());
            Snapshot snapshot = snapshots.snapshotOf(replayed).orElseThrow();
            assertEquals(entry.getKey(), snapshot.projection());
            assertEquals(replayed.position(), snapshot.position());
            snapshotStore.save(snapshot);

            Projection restored = entry.getValue().get();
            assertEquals(new Restore.Restored(snapshot.position()), snapshots.restore(restored), entry.getKey());
            assertEquals(snapshot.payload(), snapshots.snapshotOf(restored).orElseThrow().payload(),
                    entry.getKey() + ": the restored state is the snapshot's");
            assertEquals(0, restored.applied());

            activity("r2-" + entry.getKey().replace(' ', '-'));
            try (AutoCloseable following = feed.start(restored)) {
                assertSameAsFullReplay(entry.getValue(), restored, entry.getKey());
                assertEquals(snapshot.position(), settledStart(restored),
                        entry.getKey() + " applied only the events after its snapshot");
            }
        }
    }

    @Test
    void terminatedAgentsAndEndedRunsAreLeftOutOfTheSnapshots() throws Exception {
        Ended ended = activity("e1");
        String world = snapshots.snapshotOf(replayed(projections().get("world state"))).orElseThrow().payload();
        String runs = snapshots.snapshotOf(replayed(projections().get("run projection"))).orElseThrow().payload();
        String ledger = snapshots.snapshotOf(replayed(projections().get("usage ledger"))).orElseThrow().payload();

        assertTrue(world.contains(ended.liveAgent()), "a live agent is held");
        assertFalse(world.contains(ended.terminatedAgent()), "a terminated agent is not: " + world);
        assertTrue(runs.contains(ended.openRun()), "an open run is held");
        assertFalse(runs.contains(ended.finishedRun()), "a finished run is not: " + runs);
        assertTrue(runs.contains("\"retired\":{") && runs.contains("\"completed\":"), "only its count: " + runs);
        assertTrue(ledger.contains(ended.liveAgent()) && ledger.contains(ended.openRun()),
                "the usage of a live agent and of its run is held");
        assertFalse(ledger.contains(ended.terminatedAgent()), "a terminated agent's is not: " + ledger);
    }

    @Test
    void aCorruptedOrStaleSnapshotIsDiscardedAndTheStateRebuiltFromTheLog() throws Exception {
        activity("c1");
        Supplier<Projection> world = projections().get("world state");
        Snapshot good = snapshots.snapshotOf(replayed(world)).orElseThrow();
        Set<String> futureTypes = new HashSet<>(good.eventTypes());
        futureTypes.add("AgentRenamedInAFutureVersion");
        String forged = good.payload().replaceFirst("writer", "wruter");
        Map<String, Snapshot> bad = Map.of(
                "the log holds hash", Snapshot.of(good.projection(), good.version(), good.position(), "f".repeat(64),
                        good.eventTypes(), good.payload(), serviceKey),
                "corrupted", new Snapshot(good.projection(), good.version(), good.position(), good.hash(),
                        good.eventTypes(), forged, good.mac()),
                // Whoever can write the table but lacks the key-encryption key: a well-formed row, its MAC made
                // under a key of their own.
                "not written by a service holding this key-encryption key", Snapshot.of(good.projection(),
                        good.version(), good.position(), good.hash(), good.eventTypes(), forged,
                        new RandomSnapshotKey()),
                "does not decode", Snapshot.of(good.projection(), good.version(), good.position(), good.hash(),
                        good.eventTypes(), "{\"agents\":42}", serviceKey),
                "beyond the head", Snapshot.of(good.projection(), good.version(), store.headPosition() + 100,
                        good.hash(), good.eventTypes(), good.payload(), serviceKey),
                "format version", Snapshot.of(good.projection(), good.version() + 1, good.position(), good.hash(),
                        good.eventTypes(), good.payload(), serviceKey),
                "event types this one does not know", Snapshot.of(good.projection(), good.version(), good.position(),
                        good.hash(), futureTypes, good.payload(), serviceKey));
        for (Map.Entry<String, Snapshot> entry : bad.entrySet()) {
            snapshotStore.save(entry.getValue());
            Projection testSubject = world.get();

            Restore.Discarded discarded = assertInstanceOf(Restore.Discarded.class, snapshots.restore(testSubject));

            assertTrue(discarded.reason().contains(entry.getKey()), discarded.reason());
            assertTrue(snapshotStore.latest(good.projection()).isEmpty(), "a discarded snapshot is deleted");
            assertEquals(0, testSubject.position(), "nothing of it was restored");
            try (AutoCloseable following = feed.start(testSubject)) {
                assertSameAsFullReplay(world, testSubject, entry.getKey());
                assertEquals(0, settledStart(testSubject), "rebuilt from the whole log");
            }
        }
    }

    /** A fresh projection that replayed the log from position 1 up to the head. */
    private Projection replayed(Supplier<Projection> fresh) throws Exception {
        Projection projection = fresh.get();
        feed.start(projection).close();
        return projection;
    }

    /**
     * The state of {@code actual} equals that of a fresh projection that replays the whole log, both compared at
     * one position: the service's own writes (audit entries) may land meanwhile, so both follow the log until a
     * pair of copies stands at the same position.
     */
    private void assertSameAsFullReplay(Supplier<Projection> fresh, Projection actual, String name) throws Exception {
        Projection full = fresh.get();
        try (AutoCloseable following = feed.start(full)) {
            for (int attempt = 0; attempt < 50; attempt++) {
                long head = store.headPosition();
                full.awaitPosition(head);
                actual.awaitPosition(head);
                Snapshot want = snapshots.snapshotOf(full).orElseThrow();
                Snapshot got = snapshots.snapshotOf(actual).orElseThrow();
                if (want.position() == got.position()) {
                    assertEquals(want.payload(), got.payload(), name + ": the same state as a full replay");
                    assertTrue(want.payload().length() > 20, name + " holds something: " + want.payload());
                    assertEquals(full.position(), full.applied(), "a full replay applies every event");
                    return;
                }
            }
            throw new AssertionError(name + ": the two projections never stood at one position");
        }
    }

    /**
     * Where the projection's own applying began: its position less the events it applied. The counter moves just
     * before the position does, and the service may be writing, so it reads the pair until it holds still.
     */
    private static long settledStart(Projection projection) throws InterruptedException {
        long start = -1;
        for (int attempt = 0; attempt < 100; attempt++) {
            long applied = projection.applied();
            long position = projection.position();
            if (applied == projection.applied()) {
                start = position - applied;
                if (position == projection.position()) {
                    return start;
                }
            }
            Thread.sleep(10);
        }
        return start;
    }

    /** What {@link #activity} left: agents and runs that stay in memory, and ones that leave it. */
    private record Ended(String liveAgent, String terminatedAgent, String openRun, String finishedRun) {}

    /**
     * Events of every kind the four projections follow, appended through the log as the layers do: among them a
     * terminated agent and a finished run, which the world state and the run projection let go of.
     */
    private Ended activity(String tag) {
        String agent = "snap-" + tag + "-" + UUID.randomUUID();
        String run = "run-" + agent;
        log.append(KernelEvent.AGENT_STREAM_PREFIX + agent, ExpectedVersion.noStream(),
                new AgentSpawned(agent, null, "writer", "script", "default", null, null), ADMIN);
        log.append(KernelEvent.AGENT_STREAM_PREFIX + agent, ExpectedVersion.any(),
                new TaskScheduled(agent, "t-1", "write the plan"), ADMIN);
        PlannedAgent planned = new PlannedAgent("writer", "script", null, null, List.of(), null, List.of("write"),
                List.of(), "v1", null, null, null);
        log.append("run-" + run, ExpectedVersion.noStream(),
                new RunStarted(run, List.of(planned), List.of(List.of("writer")), null, null, null), ADMIN);
        log.append("run-" + run, ExpectedVersion.any(), new AgentLaunched(run, "writer", agent), ADMIN);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String jti = UUID.randomUUID().toString();
        log.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                new TokenIssued(jti, agent, "default", List.of(), now, now.plusSeconds(3600)), ADMIN);
        log.append(SecurityEvents.STREAM, ExpectedVersion.any(),
                new TokenRevoked(jti, now.plusSeconds(3600), "test"), ADMIN);
        log.append(LlmEvents.runStream(run), ExpectedVersion.any(), call(agent, run), ADMIN);
        String instance = "i-" + tag;
        log.append(FleetEvent.streamOf(instance), ExpectedVersion.any(),
                new InstanceHeartbeat(instance, 8_000, true), ADMIN);
        log.append(FleetEvent.streamOf(instance + "-gone"), ExpectedVersion.any(),
                new InstanceStopped(instance + "-gone"), ADMIN);

        String ended = agent + "-ended";
        log.append(KernelEvent.AGENT_STREAM_PREFIX + ended, ExpectedVersion.noStream(),
                new AgentSpawned(ended, null, "writer", "script", "default", null, null), ADMIN);
        log.append(KernelEvent.AGENT_STREAM_PREFIX + ended, ExpectedVersion.any(),
                new TaskScheduled(ended, "t-1", "write the plan"), ADMIN);
        log.append(LlmEvents.runStream(run), ExpectedVersion.any(), call(ended, run), ADMIN);
        log.append(KernelEvent.AGENT_STREAM_PREFIX + ended, ExpectedVersion.any(),
                new AgentTerminated(ended, "done"), ADMIN);
        log.append(KernelEvent.AGENT_STREAM_PREFIX + ended, ExpectedVersion.any(),
                new TaskCancelled(ended, "t-1"), ADMIN);
        String finished = run + "-finished";
        log.append("run-" + finished, ExpectedVersion.noStream(),
                new RunStarted(finished, List.of(planned), List.of(List.of("writer")), null, null, null), ADMIN);
        log.append("run-" + finished, ExpectedVersion.any(),
                new RunFinished(finished, "completed", List.of(), List.of()), ADMIN);
        return new Ended(agent, ended, run, finished);
    }

    private static ModelCallRecorded call(String agent, String run) {
        return new ModelCallRecorded(agent, "writer", "default", run, "t-1", "m", false, "d",
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), new TokenCount(10, 5, 15),
                new BigDecimal("0.0150"), 3, 1, null);
    }
}
