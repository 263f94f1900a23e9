package dev.toka.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.toka.bus.CommitRelay;
import dev.toka.bus.EventFeed;
import dev.toka.bus.Projection;
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
import dev.toka.orchestration.RunEvent.RunFinished;
import dev.toka.orchestration.RunEvent.RunStarted;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventRegistry;
import dev.toka.store.EventType;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.InstanceIdentity;
import dev.toka.store.MemoryStoreConfig;
import dev.toka.store.StoreTelemetry;
import dev.toka.store.memory.InMemoryEventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The docs/performance.md memory figure: the heap the world state, the run projection and the usage ledger hold
 * after replaying a log of N agents (each with a task and a model call) and N runs, once all terminated and
 * finished (history), once all live. The log sits in an in-memory store measured before the projections exist, so
 * the difference after a full GC is what the projections hold. Opt-in: {@code mvn -o test -Dtest=LiveStateMemoryBenchmarkIT -Dtoka.bench=true}
 * ({@code -Dtoka.bench.n=20000} by default).
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
class LiveStateMemoryBenchmarkIT {

    private static final int N = Integer.getInteger("toka.bench.n", 20_000);
    private static final EventMetadata ADMIN = EventMetadata.of("admin");
    private static final PlannedAgent PLANNED = new PlannedAgent("writer", "script", null, null, List.of(), null,
            List.of("write"), List.of(), "v1", null, null, null);

    private final EventCodec codec = new EventCodec(new ObjectMapper(), Clock.systemUTC(), new EventRegistry(List.of(
            EventType.of("AgentSpawned", AgentSpawned.class), EventType.of("TaskScheduled", TaskScheduled.class),
            EventType.of("AgentTerminated", AgentTerminated.class), EventType.of("TaskCancelled", TaskCancelled.class),
            EventType.of("RunStarted", RunStarted.class), EventType.of("RunFinished", RunFinished.class),
            EventType.of("ModelCallRecorded", ModelCallRecorded.class))));

    @Test
    void heldMemoryFollowsTheLiveStateNotTheHistory() throws Exception {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long empty = median(() -> heldBytes(0, false));
        long ended = median(() -> heldBytes(N, true));
        long live = median(() -> heldBytes(N, false));
        System.out.printf("%nlive-state memory, N=%d agents (one task and one model call each) and N runs, heap held"
                + " by the world state, the run projection and the usage ledger after replay and a full GC (median of"
                + " 3):%n", N);
        System.out.printf("  empty log:                       %,12d bytes%n", empty);
        System.out.printf("  N terminated agents, N finished: %,12d bytes (%+,d over empty)%n", ended, ended - empty);
        System.out.printf("  N live agents, N open runs:      %,12d bytes (%+,d over empty, %.0f bytes per agent+run)%n",
                live, live - empty, (live - empty) / (double) N);
        System.out.printf("  history / live: %.3f; load average %.2f on %d cores%n%n",
                (ended - empty) / (double) (live - empty), os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    private interface Measurement {
        long bytes() throws Exception;
    }

    private static long median(Measurement measurement) throws Exception {
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            values.add(measurement.bytes());
        }
        values.sort(null);
        return values.get(1);
    }

    /** The heap the three projections hold once they have replayed a log of {@code n} agents and runs. */
    private long heldBytes(int n, boolean ended) throws Exception {
        CommitRelay relay = new CommitRelay();
        InMemoryEventStore store = new InMemoryEventStore(relay, Clock.systemUTC());
        fill(store, n, ended);
        long before = usedAfterGc();
        KernelConfig config = () -> Duration.ofSeconds(30);
        WorldState world = new WorldState(codec, config, new MemoryStoreConfig(false), store);
        RunProjection runs = new RunProjection(codec, world, config, store);
        UsageLedger ledger = new UsageLedger(codec, store, world, config.answerTimeout());
        EventFeed feed = new EventFeed(store, relay, Duration.ofSeconds(1), 64, 1);
        try {
            replay(feed, world);
            replay(feed, runs);
            replay(feed, ledger);
            assertEquals(ended ? 0 : n, world.held());
            assertEquals(ended ? 0 : n, runs.held());
            assertEquals(ended ? 0 : 2 * n, ledger.held(), "an agent and its run each");
            long after = usedAfterGc();
            Reference.reachabilityFence(world); // all three count in the second reading
            Reference.reachabilityFence(runs);
            Reference.reachabilityFence(ledger);
            return after - before;
        } finally {
            feed.close();
        }
    }

    private static void replay(EventFeed feed, Projection projection) throws Exception {
        feed.start(projection).close();
    }

    private void fill(InMemoryEventStore store, int n, boolean ended) {
        EventLog log = new EventLog(store, codec, new StoreTelemetry(OpenTelemetry.noop().getTracer("bench"),
                new SimpleMeterRegistry()), new InstanceIdentity(Optional.of("bench")));
        for (int i = 0; i < n; i++) {
            String agent = UUID.randomUUID().toString();
            List<Object> events = new ArrayList<>(List.of(
                    new AgentSpawned(agent, null, "writer-" + i, "script", "default", null, null),
                    new TaskScheduled(agent, "t-" + i, "write the plan number " + i)));
            if (ended) {
                events.add(new AgentTerminated(agent, "done"));
                events.add(new TaskCancelled(agent, "t-" + i));
            }
            String run = UUID.randomUUID().toString();
            log.appendAsync(KernelEvent.streamOf(agent), ExpectedVersion.noStream(), events.subList(0, 2), ADMIN)
                    .join();
            log.appendAsync(LlmEvents.runStream(run), ExpectedVersion.noStream(), List.of(call(agent, run)), ADMIN)
                    .join();
            if (ended) {
                log.appendAsync(KernelEvent.streamOf(agent), ExpectedVersion.any(), events.subList(2, 4), ADMIN)
                        .join();
            }
            List<Object> runEvents = new ArrayList<>(List.of(new RunStarted(run, List.of(PLANNED),
                    List.of(List.of("writer")), null, null, null)));
            if (ended) {
                runEvents.add(new RunFinished(run, "completed", List.of(), List.of()));
            }
            log.appendAsync(RunEvent.streamOf(run), ExpectedVersion.noStream(), runEvents, ADMIN).join();
        }
    }

    /** A model call of the agent in the run, as the gateway records it (a short request and answer). */
    private static ModelCallRecorded call(String agent, String run) {
        return new ModelCallRecorded(agent, "writer", "default", run, "t-1", "m", false, "d",
                JsonNodeFactory.instance.objectNode().put("messages", "write the plan"),
                JsonNodeFactory.instance.objectNode().put("message", "the plan"), new TokenCount(10, 5, 15),
                new BigDecimal("0.0150"), 3, 1, null);
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
