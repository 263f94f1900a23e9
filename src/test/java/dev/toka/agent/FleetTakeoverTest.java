package dev.toka.agent;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.awaitTypes;
import static dev.toka.agent.AgentEvents.pause;
import static dev.toka.agent.AgentEvents.stream;
import static dev.toka.agent.AgentEvents.submit;
import static dev.toka.agent.AgentEvents.types;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.kernel.FleetEvent;
import dev.toka.kernel.FleetEvent.InstanceHeartbeat;
import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.kernel.WorldState;
import dev.toka.orchestration.RunEvent;
import dev.toka.orchestration.RunEvent.RunClaimed;
import dev.toka.store.EventLog;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.InstanceIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fleet's leases on one instance, with a second instance played by the test: it writes a ghost's
 * heartbeats and claims into the log, as another instance would. While the ghost beats, its running attempt
 * and its run are left alone; once its heartbeat is older than the bound (here 1.5 s), this instance takes
 * both over, and the log says from whom.
 */
@QuarkusTest
@TestProfile(FleetTakeoverTest.FleetProfile.class)
class FleetTakeoverTest {

    private static final String GHOST = "i-ghost";

    /** The agent runtime on, the fleet on (on H2: one instance and a ghost), with short bounds. */
    public static class FleetProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(new AgentRuntimeProfile().getConfigOverrides());
            overrides.putAll(Map.of("toka.fleet.enabled", "true", "toka.fleet.heartbeat-interval", "PT0.3S",
                    "toka.fleet.dead-after", "PT1.5S"));
            return overrides;
        }
    }

    @Inject
    EventLog log;

    @Inject
    WorldState world;

    @Inject
    InstanceIdentity instance;

    /** Beats for the ghost until stopped. */
    private ScheduledExecutorService ghostBeats() {
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
        beats.scheduleAtFixedRate(() -> log.append(FleetEvent.streamOf(GHOST), ExpectedVersion.any(),
                new InstanceHeartbeat(GHOST, 1500, true), EventMetadata.of("fleet")), 0, 300, TimeUnit.MILLISECONDS);
        pause(200);
        return beats;
    }

    @Test
    void recordsItsHeartbeatsAndStampsItsEvents() {
        JsonPath beats = stream("instance-" + instance.id());
        assertTrue(beats.getList("events.type").contains("InstanceHeartbeat"), beats.prettify());
        assertEquals(instance.id(), beats.getString("events[0].metadata.instance"));
    }

    @Test
    void aLiveInstancesAttemptIsLeftAloneAndADeadOnesIsTakenOver() throws Exception {
        String agent = submit(Map.of("op", "spawn-agent", "name", "fleet-takeover", "type", "script"));
        submit(Map.of("op", "suspend-agent", "agent", agent));
        String task = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "echo taken over"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("event.payload.taskId");
        ScheduledExecutorService beats = ghostBeats();
        try {
            // The ghost claimed the attempt (the runtime here could not: the agent was suspended), which makes
            // the agent running; a task scheduled next wakes the runtime here, which must leave the attempt alone.
            log.append(KernelEvent.streamOf(agent), ExpectedVersion.exactly(world.agent(agent).orElseThrow().version()),
                    new TaskStarted(agent, task, 1, GHOST), EventMetadata.of("agent-runtime"));
            submit(Map.of("op", "schedule-task", "agent", agent, "description", "echo next"));
            pause(1000);
            assertFalse(types("agent-" + agent).contains("TaskFailed"), "a live instance's attempt is left alone");
        } finally {
            beats.shutdownNow();
        }
        List<String> types = awaitTypes("agent-" + agent,
                t -> t.stream().filter("TaskCompleted"::equals).count() == 2, 15);
        assertEquals(List.of("TaskStarted", "TaskScheduled", "TaskFailed", "TaskStarted", "TaskCompleted",
                "TaskStarted", "TaskCompleted"), types.subList(types.size() - 7, types.size()));
        JsonPath events = stream("agent-" + agent);
        assertEquals("interrupted: instance i-ghost stopped during attempt 1",
                events.getString("events.find { it.type == 'TaskFailed' }.payload.reason"));
        assertEquals(List.of(GHOST, instance.id(), instance.id()),
                events.getList("events.findAll { it.type == 'TaskStarted' }.payload.instance"));
    }

    @Test
    void aRunIsDrivenByOneInstanceAndTakenOverWhenItDies() {
        String runId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(List.of(Map.of(
                        "metadata", Map.of("name", "driven", "version", "v1", "workstream", "fleet"),
                        "spec", Map.of("name", "driven", "domain", "test", "priority", "high"),
                        "tasks", Map.of("default", List.of(Map.of("description", "wait", "priority", "high",
                                "steps", List.of("sleep 3s", "echo done")))))))
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        List<String> runTypes = awaitTypes("run-" + runId, t -> t.contains("RunClaimed"), 10);
        assertEquals(instance.id(), stream("run-" + runId).getString("events.find { it.type == 'RunClaimed' }"
                + ".payload.instance"), "the engine here claimed the run it saw start: " + runTypes);

        ScheduledExecutorService beats = ghostBeats();
        try {
            log.append(RunEvent.streamOf(runId), ExpectedVersion.any(), new RunClaimed(runId, GHOST, instance.id()),
                    EventMetadata.of("orchestration"));
            given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("op", "claim-run", "run", runId)).post("/api/v1/operations")
                    .then().statusCode(409).body("detail", containsString("instance i-ghost drives it and is alive"));
        } finally {
            beats.shutdownNow();
        }
        awaitTypes("run-" + runId, t -> t.contains("RunFinished"), 20);
        JsonPath events = stream("run-" + runId);
        assertEquals(List.of(instance.id(), GHOST, instance.id()),
                events.getList("events.findAll { it.type == 'RunClaimed' }.payload.instance"));
        assertEquals(GHOST, events.getString("events.findAll { it.type == 'RunClaimed' }[2].payload.previous"));
        assertEquals("completed", events.getString("events.find { it.type == 'RunFinished' }.payload.outcome"));
    }
}
