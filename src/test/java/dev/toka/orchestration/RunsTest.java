package dev.toka.orchestration;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.pause;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.toka.agent.AgentEvents;
import dev.toka.agent.AgentRuntimeProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs over real HTTP with the agent runtime on: ordering, parallelism, blocking and cancelling, read from the log. */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
class RunsTest {

    @TestHTTPResource("/api/v1/runs/")
    URL runs;

    /** A spec as JSON: one task of script steps, and its required dependencies. */
    static Map<String, Object> agent(String name, List<String> steps, String... requires) {
        return Map.of(
                "metadata", Map.of("name", name, "version", "v1", "workstream", "diamond"),
                "spec", Map.of("name", name, "domain", "test", "priority", "high"),
                "tasks", Map.of("default", List.of(Map.of("description", name + " work", "priority", "high",
                        "steps", steps))),
                "dependencies", Map.of("required", Arrays.stream(requires).map(d -> Map.of(d, "needs " + d)).toList()));
    }

    private static String start(List<Map<String, Object>> specs) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(specs)
                .post("/api/v1/runs")
                .then().statusCode(201)
                .extract().path("runId");
    }

    private static JsonPath awaitEnd(String runId, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            JsonPath run = given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId)
                    .then().statusCode(200).extract().jsonPath();
            if (!run.getString("state").equals("running")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                fail("run " + runId + " still running after " + seconds + "s: " + run.prettify());
            }
            pause(50);
        }
    }

    /** The log position of the first event of {@code type} of the run's agent named {@code agent}. */
    private static long positionOf(JsonPath run, List<Map<String, Object>> events, String agent, String type) {
        String agentId = run.getString("agents.find { it.name == '" + agent + "' }.agentId");
        return events.stream()
                .filter(e -> e.get("streamId").equals("agent-" + agentId) && e.get("type").equals(type))
                .mapToLong(e -> ((Number) e.get("position")).longValue())
                .findFirst().orElseThrow(() -> new AssertionError(agent + " has no " + type));
    }

    private static List<Map<String, Object>> eventsOf(String runId) {
        return given().header("Authorization", ADMIN).accept(ContentType.JSON).get("/api/v1/runs/" + runId + "/events")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void eachAgentIsSpawnedWithItsSpecsMandateTiedToTheRunAndAReplayRepeatsThePlan() {
        Map<String, Object> spec = new java.util.HashMap<>(agent("writer", List.of("echo notes")));
        spec.put("objectives", List.of(Map.of("description", "Summarise the release", "deliverable", "notes.md")));
        spec.put("security", Map.of("capabilities_required", List.of("tool:fs.write"),
                "budget", Map.of("tokens", 2000, "cost", 0.1)));
        String runId = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(List.of(spec))
                .queryParam("maxTokens", 9000)
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        JsonPath run = awaitEnd(runId, 20);
        assertEquals(9000, run.getInt("budget.tokens"));

        Map<String, Object> mandate = spawnedMandate(run);
        assertEquals(List.of("tool:fs.write"), mandate.get("capabilities"));
        assertEquals(Map.of("tokens", 2000, "cost", 0.1f), mandate.get("budget"));
        assertEquals(Map.of("runId", runId, "agentKey", "writer", "runBudget", Map.of("tokens", 9000)),
                mandate.get("run"));
        assertTrue(((String) mandate.get("instructions")).contains("Summarise the release (deliverable: notes.md)"));

        String replayId = given().header("Authorization", ADMIN).post("/api/v1/runs/" + runId + "/replay")
                .then().statusCode(201).extract().path("runId");
        JsonPath replay = awaitEnd(replayId, 20);
        assertEquals("completed", replay.getString("state"));
        assertEquals(runId, replay.getString("replayOf"));
        assertEquals(9000, replay.getInt("budget.tokens"));
        assertEquals(Map.of("runId", replayId, "agentKey", "writer", "replayOf", runId,
                "runBudget", Map.of("tokens", 9000)), spawnedMandate(replay).get("run"));

        given().header("Authorization", ADMIN).post("/api/v1/runs/no-such-run/replay").then().statusCode(404);
    }

    /** The mandate in the AgentSpawned event of a run's only agent. */
    private static Map<String, Object> spawnedMandate(JsonPath run) {
        String agentId = run.getString("agents[0].agentId");
        return given().header("Authorization", ADMIN).queryParam("stream", "agent-" + agentId)
                .get("/api/v1/events").then().statusCode(200)
                .extract().jsonPath().getMap("events[0].payload.mandate");
    }

    @Test
    void diamondRunsBAndCInParallelAndDLast() {
        String runId = start(List.of(
                agent("d", List.of("echo d"), "b", "c"),
                agent("b", List.of("sleep 600ms", "echo b"), "a"),
                agent("c", List.of("sleep 600ms", "echo c"), "a"),
                agent("a", List.of("echo a"))));

        JsonPath run = awaitEnd(runId, 20);
        assertEquals("completed", run.getString("state"));
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d")), run.getList("waves"));
        assertEquals(List.of("completed", "completed", "completed", "completed"), run.getList("agents.state"));

        List<Map<String, Object>> events = eventsOf(runId);
        long aDone = positionOf(run, events, "a", "TaskCompleted");
        long bStart = positionOf(run, events, "b", "TaskStarted");
        long cStart = positionOf(run, events, "c", "TaskStarted");
        long bDone = positionOf(run, events, "b", "TaskCompleted");
        long cDone = positionOf(run, events, "c", "TaskCompleted");
        long dSpawn = positionOf(run, events, "d", "AgentSpawned");
        assertTrue(aDone < bStart && aDone < cStart, "b and c start after a completed");
        assertTrue(bStart < cDone && cStart < bDone, "b and c overlap");
        assertTrue(dSpawn > bDone && dSpawn > cDone, "d is spawned only after b and c completed");
        assertEquals("RunFinished", events.get(events.size() - 1).get("type"));
    }

    @Test
    void aFailingBranchBlocksItsDependentsButNotTheIndependentBranch() {
        String runId = start(List.of(
                agent("a", List.of("echo a")),
                agent("b", List.of("fail boom"), "a"),
                agent("c", List.of("sleep 300ms", "echo c"), "a"),
                agent("d", List.of("echo d"), "b", "c"),
                agent("e", List.of("echo e"), "d")));

        JsonPath run = awaitEnd(runId, 20);
        assertEquals("failed", run.getString("state"));
        assertEquals(List.of("b"), run.getList("failedAgents"));
        assertEquals(List.of("d", "e"), run.getList("blockedAgents"));
        assertEquals("completed", run.getString("agents.find { it.name == 'c' }.state"));
        assertEquals("dependency 'b' failed", run.getString("agents.find { it.name == 'd' }.reason"));
        assertEquals("dependency 'd' blocked", run.getString("agents.find { it.name == 'e' }.reason"));
        assertEquals("task 1 failed: boom", run.getString("agents.find { it.name == 'b' }.reason"));
        assertEquals(null, run.getString("agents.find { it.name == 'd' }.agentId"));
    }

    @Test
    void anAgentWhoseTaskFailedForGoodStartsNoFurtherTaskAndItsLaterTasksAreCancelled() {
        // Both agents launch in one step of the engine, which returns only once the bulk agent's hundreds of
        // tasks are scheduled. The stopper's tasks are queued first, so its second is ready the moment its
        // first fails, long before the engine can look at the run again and terminate it.
        Map<String, Object> stopper = Map.of(
                "metadata", Map.of("name", "a-stopper", "version", "v1", "workstream", "fail-stop"),
                "spec", Map.of("name", "stopper", "domain", "test", "priority", "high"),
                "security", Map.of("capabilities_required", List.of("tool:fs.write")),
                "tasks", Map.of("default", List.of(
                        Map.of("description", "refused", "priority", "high",
                                "steps", List.of("process.exec {\"command\":\"true\"}")),
                        Map.of("description", "write", "priority", "high",
                                "steps", List.of("fs.write {\"path\":\"after-failure.txt\",\"content\":\"too late\"}")),
                        Map.of("description", "echo", "priority", "high", "steps", List.of("echo never")))));
        Map<String, Object> bulk = Map.of(
                "metadata", Map.of("name", "b-bulk", "version", "v1", "workstream", "fail-stop"),
                "spec", Map.of("name", "bulk", "domain", "test", "priority", "high"),
                "tasks", Map.of("default", Collections.nCopies(300, Map.of("description", "noop", "priority", "high"))));
        String runId = start(List.of(stopper, bulk));

        JsonPath run = awaitEnd(runId, 60);
        assertEquals("failed", run.getString("state"));
        assertEquals(List.of("a-stopper"), run.getList("failedAgents"));
        String agentId = run.getString("agents.find { it.name == 'a-stopper' }.agentId");
        JsonPath events = AgentEvents.stream("agent-" + agentId);
        List<String> taskIds = events.getList("events.findAll { it.type == 'TaskScheduled' }.payload.taskId");
        assertEquals(3, taskIds.size());
        assertEquals(List.of(taskIds.get(0)), events.getList("events.findAll { it.type == 'TaskStarted' }.payload.taskId"),
                "only the failed task ever started");
        assertTrue(Files.notExists(Path.of("target/test-workspaces/default/run-" + runId, "after-failure.txt")),
                "the task after the failure wrote its file");
        assertEquals(taskIds.subList(1, 3), events.getList("events.findAll { it.type == 'TaskCancelled' }.payload.taskId"));
    }

    @Test
    void rejectsACycleAtSubmitNamingIt() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(List.of(agent("a", List.of("noop"), "b"), agent("b", List.of("noop"), "a")))
                .post("/api/v1/runs")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.rule", hasItem("dependency cycle: a -> b -> a"))
                .body("errors[0].file", equalTo("specs[0]"));
    }

    @Test
    void rejectsAnUnknownDependencyAtSubmitNamingBothAgents() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(List.of(agent("a", List.of("noop"), "ghost")))
                .post("/api/v1/runs")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("dependencies.required.ghost"))
                .body("errors[0].rule", equalTo("agent 'a' depends on agent 'ghost', which is not in the set"));
    }

    @Test
    void cancelTerminatesTheRunningAgentsAndEndsTheRunCancelled() {
        String runId = start(List.of(agent("slow", List.of("sleep 30s")), agent("after", List.of("noop"), "slow")));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId).jsonPath()
                .getString("agents.find { it.name == 'slow' }.state").equals("running")) {
            assertTrue(System.nanoTime() < deadline, "slow never started");
            pause(25);
        }
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "changed plans"))
                .post("/api/v1/runs/" + runId + "/cancel")
                .then().statusCode(200).body("state", equalTo("cancelled"));
        pause(500);
        JsonPath run = given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId).jsonPath();
        assertEquals(List.of("cancelled", "cancelled"), run.getList("agents.state"));
        List<String> types = eventsOf(runId).stream().map(e -> (String) e.get("type")).toList();
        assertTrue(types.containsAll(List.of("RunCancelled", "AgentTerminated", "TaskCancelled")), types.toString());
        assertTrue(!types.contains("TaskCompleted"), types.toString());
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/runs/" + runId + "/cancel")
                .then().statusCode(409).body("type", equalTo("urn:toka:problem:run-state-conflict"));
    }

    @Test
    void validatesYamlFilesFromAMultipartBodyWithoutRunning() {
        given().header("Authorization", ADMIN)
                .multiPart("files", "a.yaml", WorkstreamsTest.spec("a").getBytes(StandardCharsets.UTF_8), "application/yaml")
                .multiPart("files", "b.yaml", WorkstreamsTest.spec("b", "a").getBytes(StandardCharsets.UTF_8),
                        "application/yaml")
                .post("/api/v1/workstreams/validate")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("waves", equalTo(List.of(List.of("a"), List.of("b"))));
        given().header("Authorization", ADMIN)
                .multiPart("files", "b.yaml", WorkstreamsTest.spec("b", "a").getBytes(StandardCharsets.UTF_8),
                        "application/yaml")
                .post("/api/v1/workstreams/validate")
                .then().statusCode(422)
                .body("errors[0].file", equalTo("b.yaml"))
                .body("detail", containsString("b.yaml: dependencies.required.a"));
    }

    @Test
    void theSampleWorkstreamRunsToCompletionAsTheReadmeShows() throws Exception {
        RequestSpecification request = given().header("Authorization", ADMIN);
        try (Stream<Path> files = Files.list(Path.of("samples", "workstreams"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                request = request.multiPart("files", file.toFile(), "application/yaml");
            }
        }
        String runId = request.post("/api/v1/runs").then().statusCode(201).extract().path("runId");

        JsonPath run = awaitEnd(runId, 30);
        assertEquals("completed", run.getString("state"));
        assertEquals(List.of(List.of("fetch-sources"), List.of("check-links", "summarise"), List.of("publish")),
                run.getList("waves"));
        assertEquals(List.of("fetch-sources", "summarise", "check-links", "publish"), run.getList("agents.name"));
    }

    @Test
    void streamsTheRunsEventsAsServerSentEventsUntilItFinishes() throws Exception {
        // The sleep keeps the run going while the stream opens, so the live path is exercised too.
        String runId = start(List.of(agent("solo", List.of("sleep 300ms", "echo streamed"))));
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(runs + runId + "/events"))
                        .header("Authorization", ADMIN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        BlockingQueue<String> names = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        names.add(line.substring("event:".length()).strip());
                    }
                }
            } catch (IOException closed) {
                // The test closed the stream.
            }
        });
        reader.setDaemon(true);
        reader.start();

        List<String> seen = new ArrayList<>();
        while (!seen.contains("RunFinished")) {
            String name = names.poll(20, TimeUnit.SECONDS);
            assertTrue(name != null, "no RunFinished on the stream; saw " + seen);
            seen.add(name);
        }
        response.body().close();
        assertEquals(List.of("RunStarted", "AgentSpawned", "AgentLaunched", "TaskScheduled", "TaskStarted",
                "TaskCompleted", "RunFinished"), seen);
    }

    @Test
    void answersNotFoundForAnUnknownRun() {
        given().header("Authorization", ADMIN).get("/api/v1/runs/nope")
                .then().statusCode(404).body("runId", equalTo("nope"));
    }
}
