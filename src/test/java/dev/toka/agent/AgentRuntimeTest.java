package dev.toka.agent;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.awaitTypes;
import static dev.toka.agent.AgentEvents.pause;
import static dev.toka.agent.AgentEvents.stream;
import static dev.toka.agent.AgentEvents.submit;
import static dev.toka.agent.AgentEvents.types;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The agent runtime over real HTTP: every behaviour is read back from the agent's events. */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
class AgentRuntimeTest {

    private static String spawn(String timeout) {
        Map<String, Object> op = new HashMap<>(Map.of("op", "spawn-agent", "name", "runtime-test", "type", "script"));
        if (timeout != null) {
            op.put("timeout", timeout);
        }
        return submit(op);
    }

    private static void schedule(String agent, String description) {
        submit(Map.of("op", "schedule-task", "agent", agent, "description", description));
    }

    private static boolean endsWith(List<String> types, String last) {
        return !types.isEmpty() && types.get(types.size() - 1).equals(last);
    }

    @Test
    void rejectsSpawnOfAnUnknownTypeListingTheKnownOnes() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "x", "type", "quantum"))
                .post("/api/v1/operations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("type"))
                .body("detail", equalTo("type names no known agent type ('quantum'); known types: "
                        + FailingPlugin.TYPE + ", llm, script"));
    }

    @Inject
    AgentRuntime runtime;

    @Test
    void letsGoOfAnAgentOnceItsWorkIsDone() throws InterruptedException {
        List<String> agents = IntStream.range(0, 20).mapToObj(i -> spawn(null)).toList();
        agents.forEach(agent -> schedule(agent, "echo done"));
        agents.forEach(agent -> awaitTypes("agent-" + agent, t -> t.contains("TaskCompleted"), 10));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (agents.stream().anyMatch(runtime::holds) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), agents.stream().filter(runtime::holds).toList(),
                "agents whose work is done are still held by the runtime");
    }

    @Test
    void runsAScriptTaskAndReportsItsOutput() {
        String agent = spawn(null);
        schedule(agent, "echo hello; noop\necho world");
        awaitTypes("agent-" + agent, t -> t.contains("TaskCompleted"), 10);
        JsonPath events = stream("agent-" + agent);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "TaskStarted", "TaskCompleted"),
                events.getList("events.type"));
        assertEquals("hello\nworld", events.getString("events[3].payload.output"));
        assertEquals(1, events.getInt("events[2].payload.attempt"));
    }

    @Test
    void retriesAFailingTaskWithBackoffUntilItSucceeds() {
        String agent = spawn(null);
        schedule(agent, "flaky 2; echo third time lucky");
        awaitTypes("agent-" + agent, t -> t.contains("TaskCompleted"), 10);
        JsonPath events = stream("agent-" + agent);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStarted",
                "TaskFailed", "TaskStarted", "TaskCompleted"), events.getList("events.type"));
        assertEquals(List.of(1, 2, 3), events.getList("events.findAll { it.type == 'TaskStarted' }.payload.attempt"));
        assertEquals(List.of(true, true), events.getList("events.findAll { it.type == 'TaskFailed' }.payload.retrying"));
    }

    @Test
    void failsATaskForGoodOnceItsRetriesAreSpentAndGoesOnWithTheNext() {
        String agent = spawn(null);
        schedule(agent, "fail disk full");
        schedule(agent, "echo next");
        awaitTypes("agent-" + agent, t -> t.contains("TaskCompleted"), 10);
        JsonPath events = stream("agent-" + agent);
        List<Map<String, Object>> failures = events.getList("events.findAll { it.type == 'TaskFailed' }.payload");
        assertEquals(3, failures.size());
        assertEquals("disk full", failures.get(2).get("reason"));
        assertEquals(false, failures.get(2).get("retrying"));
        given().header("Authorization", ADMIN).get("/api/v1/agents/" + agent)
                .then().statusCode(200).body("state", equalTo("ready")).body("queuedTasks.size()", equalTo(0));
    }

    @Test
    void anAgentOfARunStartsNoTaskAfterOneFailedForGoodEvenWithTheNextReady() {
        // Suspended while its tasks are queued, so the second is ready the moment the first fails: only the
        // kernel stands between that failure and the next start (no run engine follows this run).
        String runId = "fail-stop-" + UUID.randomUUID();
        String agent = submit(Map.of("op", "spawn-agent", "name", "stopper", "type", "script",
                "mandate", Map.of("capabilities", List.of("tool:fs.write"),
                        "run", Map.of("runId", runId, "agentKey", "stopper"))));
        submit(Map.of("op", "suspend-agent", "agent", agent));
        schedule(agent, "process.exec {\"command\":\"true\"}");
        schedule(agent, "fs.write {\"path\":\"after-failure.txt\",\"content\":\"too late\"}");
        schedule(agent, "echo never");
        submit(Map.of("op", "resume-agent", "agent", agent));

        awaitTypes("agent-" + agent, t -> t.contains("TaskFailed"), 10);
        pause(500);
        assertEquals(1, types("agent-" + agent).stream().filter("TaskStarted"::equals).count());
        assertTrue(Files.notExists(Path.of("target/test-workspaces/default/run-" + runId, "after-failure.txt")));
        JsonPath view = given().header("Authorization", ADMIN).get("/api/v1/agents/" + agent)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("failed", view.getString("state"));
        List<String> waiting = view.getList("queuedTasks.taskId");
        assertEquals(2, waiting.size());
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "start-task", "agent", agent, "taskId", waiting.get(0)))
                .post("/api/v1/operations")
                .then().statusCode(409).body("type", equalTo("urn:toka:problem:agent-state-conflict"));

        submit(Map.of("op", "terminate-agent", "agent", agent, "reason", "a task failed"));
        assertEquals(waiting, stream("agent-" + agent).getList("events.findAll { it.type == 'TaskCancelled' }.payload.taskId"));
    }

    @Test
    void timesOutAnAttemptAtTheAgentsLimitAndRetriesIt() {
        String agent = spawn("300ms");
        schedule(agent, "sleep 30s");
        List<String> types = awaitTypes("agent-" + agent,
                t -> t.stream().filter("TaskTimedOut"::equals).count() == 3, 15);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "TaskStarted", "TaskTimedOut", "TaskStarted",
                "TaskTimedOut", "TaskStarted", "TaskTimedOut"), types);
        assertEquals(List.of(true, true, false),
                stream("agent-" + agent).getList("events.findAll { it.type == 'TaskTimedOut' }.payload.retrying"));
    }

    @Test
    void suspendLetsTheRunningTaskFinishButStartsNoNewOneUntilResumed() {
        String agent = spawn(null);
        schedule(agent, "sleep 700ms; echo first");
        awaitTypes("agent-" + agent, t -> t.contains("TaskStarted"), 10);
        schedule(agent, "echo second");
        submit(Map.of("op", "suspend-agent", "agent", agent));
        awaitTypes("agent-" + agent, t -> endsWith(t, "TaskCompleted"), 10);
        pause(500);
        List<String> suspended = types("agent-" + agent);
        assertEquals(List.of("AgentSuspended", "TaskCompleted"), suspended.subList(4, 6));
        assertEquals(1, suspended.stream().filter("TaskStarted"::equals).count());

        submit(Map.of("op", "resume-agent", "agent", agent));
        List<String> types = awaitTypes("agent-" + agent,
                t -> t.stream().filter("TaskCompleted"::equals).count() == 2, 10);
        assertEquals(List.of("AgentResumed", "TaskStarted", "TaskCompleted"), types.subList(6, 9));
    }

    @Test
    void terminateCancelsTheRunningTaskAndTheQueuedOnes() {
        String agent = spawn(null);
        schedule(agent, "sleep 30s; echo never");
        awaitTypes("agent-" + agent, t -> t.contains("TaskStarted"), 10);
        schedule(agent, "echo never either");
        submit(Map.of("op", "terminate-agent", "agent", agent, "reason", "enough"));
        pause(500);
        List<String> types = types("agent-" + agent);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "TaskStarted", "TaskScheduled", "AgentTerminated",
                "TaskCancelled", "TaskCancelled"), types);
        assertFalse(types.contains("TaskCompleted"));
    }
}
