package dev.toka.kernel;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import dev.toka.store.StoreTelemetry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.bus.CommitRelay;
import dev.toka.bus.EventFeed;
import dev.toka.kernel.AnnotateAgentHandler.AgentAnnotated;
import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.store.EventCodec;
import dev.toka.store.EventLog;
import dev.toka.store.InstanceIdentity;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventRegistry;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.MemoryStoreConfig;
import dev.toka.store.UnknownEventTypeException;
import dev.toka.store.memory.InMemoryEventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The world state replays a real log at start: a declared extension event passes, an event of a type
 * this version does not know stops it there, and the service refuses to start unless it is read-only.
 */
class WorldStateReplayTest {

    private static final String AGENT = "a-1";
    private static final String STREAM = KernelEvent.streamOf(AGENT);

    private final CommitRelay relay = new CommitRelay();
    private final InMemoryEventStore store = new InMemoryEventStore(relay, Clock.systemUTC());
    private final EventLog log = new EventLog(store, codec(),
            new StoreTelemetry(OpenTelemetry.noop().getTracer("test"), new SimpleMeterRegistry()),
            new InstanceIdentity(Optional.of("test")));
    private EventFeed feed;

    @AfterEach
    void closeFeed() {
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    void replaysADeclaredExtensionEventAsAStepOfTheAgentsStream() {
        spawnAndAnnotate();
        log.append(STREAM, ExpectedVersion.any(), new TaskScheduled(AGENT, "t-1", "after the note"), admin());

        WorldState testSubject = worldState(false);
        start(testSubject);

        assertTrue(testSubject.isCaughtUp());
        assertEquals(3, testSubject.position());
        AgentView agent = testSubject.agent(AGENT).orElseThrow();
        assertEquals(2, agent.version(), "the extension event counts in the agent's stream version");
        assertEquals(1, agent.queuedTasks().size());
    }

    @Test
    void letsATerminatedAgentGoOnceNoHeldAgentDescendsFromItAndReadsItBackFromTheLog() {
        String child = "a-2";
        spawnAndAnnotate();
        log.append(KernelEvent.streamOf(child), ExpectedVersion.noStream(),
                new AgentSpawned(child, AGENT, "helper", "script", "default", null, null), admin());
        log.append(STREAM, ExpectedVersion.any(), new TaskScheduled(AGENT, "t-1", "never done"), admin());
        log.append(STREAM, ExpectedVersion.any(), new AgentTerminated(AGENT, "done"), admin());
        log.append(STREAM, ExpectedVersion.any(), new TaskCancelled(AGENT, "t-1"), admin());
        WorldState testSubject = worldState(false);
        start(testSubject);
        assertTrue(testSubject.holds(AGENT), "held while a live agent descends from it");
        AgentView held = testSubject.agent(AGENT).orElseThrow();

        log.append(KernelEvent.streamOf(child), ExpectedVersion.any(), new AgentTerminated(child, "done"), admin());

        assertFalse(testSubject.holds(child));
        assertFalse(testSubject.holds(AGENT), "let go with its last held descendant");
        assertEquals(0, testSubject.held());
        assertEquals(held, testSubject.agent(AGENT).orElseThrow(), "read back from the log as it was held");
        assertEquals(List.of(child, AGENT), testSubject.targetOf(testSubject.agent(child).orElseThrow()).lineage());
        log.append(STREAM, ExpectedVersion.any(), new AgentAnnotated(AGENT, "a late note"), admin());
        assertEquals(held.version() + 1, testSubject.agent(AGENT).orElseThrow().version(),
                "a later event of its stream is seen, not a stale copy");
        assertTrue(testSubject.agent("never-spawned").isEmpty());
    }

    @Test
    void rejectsStartingOnALogWithAnUnknownTypeNamingItsPosition() {
        spawnAndAnnotate();
        long unknown = appendUnknown();
        log.append(STREAM, ExpectedVersion.any(), new TaskScheduled(AGENT, "t-1", "past the unknown"), admin());

        WorldState testSubject = worldState(false);
        UnknownEventTypeException refused = assertThrows(UnknownEventTypeException.class, () -> start(testSubject));

        assertEquals(unknown, refused.position());
        assertTrue(refused.getMessage().contains("position " + unknown + " (stream " + STREAM + ", version 2)"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("'AgentRenamed'"), refused.getMessage());
        assertEquals(unknown - 1, testSubject.position(), "it stops right before the unknown event");
        assertTrue(testSubject.agent(AGENT).orElseThrow().queuedTasks().isEmpty(), "nothing past it is applied");
    }

    @Test
    void startsReadOnlyOnALogWithAnUnknownTypeStoppedBeforeIt() {
        spawnAndAnnotate();
        long unknown = appendUnknown();

        WorldState testSubject = worldState(true);
        start(testSubject);

        assertEquals(unknown - 1, testSubject.position());
        assertFalse(testSubject.isCaughtUp(), "not ready: the state is not the log's");
    }

    private void spawnAndAnnotate() {
        log.append(STREAM, ExpectedVersion.noStream(),
                new AgentSpawned(AGENT, null, "writer", "script", "default", null, null), admin());
        log.append(STREAM, ExpectedVersion.any(), new AgentAnnotated(AGENT, "a note"), admin());
    }

    /** An event a newer version could have written: a type no layer of this one declares. */
    private long appendUnknown() {
        return store.append(STREAM, ExpectedVersion.any(), List.of(new NewEvent(UUID.randomUUID(), "AgentRenamed",
                "{\"agentId\":\"" + AGENT + "\",\"name\":\"editor\"}", admin()))).get(0).position();
    }

    private WorldState worldState(boolean readOnly) {
        return new WorldState(codec(), () -> Duration.ofSeconds(1), new MemoryStoreConfig(readOnly), store);
    }

    /** As the service starts it: the replay, then start. */
    private void start(WorldState worldState) {
        feed = new EventFeed(store, relay, Duration.ofSeconds(1), 64, 1);
        feed.start(worldState);
        worldState.start();
    }

    private static EventCodec codec() {
        return new EventCodec(new ObjectMapper(), Clock.systemUTC(), new EventRegistry(Stream.concat(
                new KernelEventTypes().types().stream(), new AnnotationEventTypes().types().stream()).toList()));
    }

    private static EventMetadata admin() {
        return EventMetadata.of("admin");
    }
}
