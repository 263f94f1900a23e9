package dev.toka.orchestration;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.awaitRunEnd;
import static dev.toka.agent.AgentEvents.startRun;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.Sha256;
import dev.toka.agent.AgentRuntimeProfile;
import dev.toka.llm.FakeModels;
import dev.toka.llm.FakeOpenAi;
import dev.toka.llm.FakeOpenAi.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Results flowing along a run's graph, and its control flow (conditions, loops, fan-out), over real HTTP with the
 * agent runtime on and a local OpenAI-compatible server standing in for the model (the same profile and resource
 * as {@code LlmAgentTest}, so both share one service).
 */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
@WithTestResource(FakeModels.class)
class RunControlFlowTest {

    private static final Path WORKSPACES = Path.of("target/test-workspaces/default");

    @FakeModels.Primary
    FakeOpenAi model;

    @FakeModels.Fallback
    FakeOpenAi fallback;

    @BeforeEach
    void resetModel() {
        model.reset();
        fallback.reset();
    }

    /** A spec: one task (script steps, or an llm description), its required dependencies, and extra keys. */
    private static Map<String, Object> agent(String name, String type, List<String> steps, List<String> requires,
            Map<String, Object> extra) {
        Map<String, Object> task = new HashMap<>(Map.of("description", name + " work", "priority", "high"));
        if (!steps.isEmpty()) {
            task.put("steps", steps);
        }
        Map<String, Object> dependencies = new HashMap<>(Map.of("required",
                requires.stream().map(d -> Map.of(d, "needs " + d)).toList()));
        Map<String, Object> spec = new HashMap<>(Map.of(
                "metadata", Map.of("name", name, "version", "v2", "workstream", "flow"),
                "spec", Map.of("name", name, "domain", "test", "priority", "high", "type", type),
                "tasks", Map.of("default", List.of(task)),
                "dependencies", dependencies,
                "security", Map.of("capabilities_required", List.of("llm:invoke"))));
        extra.forEach((key, value) -> {
            if (key.equals("when")) {
                dependencies.put("when", value);
            } else {
                spec.put(key, value);
            }
        });
        return spec;
    }

    private static Map<String, Object> script(String name, List<String> steps, String... requires) {
        return agent(name, "script", steps, List.of(requires), Map.of());
    }

    private static Reply verdict(String summary) {
        return Reply.text(new JsonObject().put("status", "COMPLETED").put("summary", summary).encode(), 30, 12);
    }

    private static String field(JsonPath run, String agent, String field) {
        return run.getString("agents.find { it.name == '" + agent + "' }." + field);
    }

    private static List<Map<String, Object>> events(String runId) {
        return given().header("Authorization", ADMIN).accept(ContentType.JSON).get("/api/v1/runs/" + runId + "/events")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void aPipelineHandsEachResultOnAndTheModelRequestOfBHoldsTheResultOfA() throws Exception {
        // Always the same answer: a slow first call (the model client starting on a busy machine) may be retried.
        model.alwaysReply(verdict("three sources, all about CEL"));
        String seed = "x".repeat(4_000);
        String runId = startRun(List.of(
                script("a", List.of("echo {\"count\": 3, \"files\": [\"a.md\", \"b.md\", \"c.md\"]}")),
                agent("b", "llm", List.of(), List.of("a"), Map.of()),
                script("c", List.of("echo c read: ${deps.b.result}; echo first file ${deps.a.result.files[0]}"),
                        "a", "b"),
                script("seed", List.of("echo " + seed)),
                script("big", Collections.nCopies(5, "echo ${deps.seed.result}"), "seed")));
        String big = String.join("\n", Collections.nCopies(5, seed));

        JsonPath run = awaitRunEnd(runId);
        assertEquals("completed", run.getString("state"), () -> events(runId).stream()
                .filter(e -> e.get("type").equals("TaskFailed")).map(e -> e.get("payload").toString()).toList().toString());
        String system = model.requests().get(0).getJsonArray("messages").getJsonObject(0).getString("content");
        assertTrue(system.contains("<result agent=\"a\">\n{\"count\": 3, \"files\": [\"a.md\", \"b.md\", \"c.md\"]}\n"
                + "</result>"), system);
        assertEquals("three sources, all about CEL", field(run, "b", "result"));
        assertEquals("c read: three sources, all about CEL\nfirst file a.md", field(run, "c", "result"));
        assertEquals(Sha256.hex(field(run, "c", "result")), field(run, "c", "resultSha256"));

        String cId = field(run, "c", "agentId");
        Map<String, Object> completed = events(runId).stream()
                .filter(e -> e.get("streamId").equals("agent-" + cId) && e.get("type").equals("TaskCompleted"))
                .map(e -> (Map<String, Object>) e.get("payload")).findFirst().orElseThrow();
        assertEquals(Sha256.hex(field(run, "c", "result")), completed.get("sha256"), "the log holds the hash");

        String artifact = field(run, "big", "artifact.path");
        assertEquals(".toka/results/" + Sha256.hex(big), artifact, "a large result goes to a content-addressed file");
        assertEquals(big, Files.readString(WORKSPACES.resolve("run-" + runId).resolve(artifact)));
        assertEquals(Sha256.hex(big), field(run, "big", "resultSha256"));
        assertTrue(field(run, "big", "result").startsWith("(result in the run's workspace at " + artifact),
                field(run, "big", "result"));
        assertEquals("v2", field(run, "a", "version"));
        assertEquals(64, run.getString("specsSha256").length());
    }

    @Test
    void aFalseConditionSkipsItsAgentItsDependentsFollowAndAConditionOnTheSkipStillRuns() {
        String runId = startRun(List.of(
                script("check", List.of("echo {\"ok\": false}")),
                agent("deploy", "script", List.of("echo deploying"), List.of("check"),
                        Map.of("when", "deps.check.result.ok")),
                script("announce", List.of("echo announced"), "deploy"),
                agent("report", "script", List.of("echo not deployed"), List.of("deploy"),
                        Map.of("when", "deps.deploy.state == 'skipped'"))));

        JsonPath run = awaitRunEnd(runId);
        assertEquals("completed", run.getString("state"), run.prettify());
        assertEquals("skipped", field(run, "deploy", "state"));
        assertEquals("its condition deps.check.result.ok does not hold", field(run, "deploy", "reason"));
        assertNull(field(run, "deploy", "agentId"), "a skipped agent is never spawned");
        assertEquals("skipped", field(run, "announce", "state"));
        assertEquals("dependency 'deploy' was skipped", field(run, "announce", "reason"));
        assertEquals("completed", field(run, "report", "state"));
        assertEquals("not deployed", field(run, "report", "result"));
    }

    @Test
    void aLoopEndsWhenItsConditionHoldsAndAnotherFailsAtItsMaximum() {
        model.willReply(verdict("draft"), verdict("draft"), verdict("final"));
        String runId = startRun(List.of(
                agent("writer", "llm", List.of(), List.of(), Map.of("loop",
                        Map.of("until", "result == 'final'", "max_iterations", 5))),
                agent("poller", "script", List.of("echo still waiting"), List.of(), Map.of("loop",
                        Map.of("until", "result == 'ready'", "max_iterations", 2)))));

        JsonPath run = awaitRunEnd(runId);
        assertEquals("failed", run.getString("state"), run.prettify());
        assertEquals("completed", field(run, "writer", "state"));
        assertEquals("3", field(run, "writer", "iterations"));
        assertEquals("final", field(run, "writer", "result"));
        assertEquals(3, model.requestCount(), "one model call per iteration");
        assertEquals("failed", field(run, "poller", "state"));
        assertEquals("its loop reached max_iterations (2) before its condition held", field(run, "poller", "reason"));

        List<Map<String, Object>> iterations = events(runId).stream()
                .filter(e -> e.get("type").equals("AgentIterated")).map(e -> (Map<String, Object>) e.get("payload"))
                .toList();
        assertEquals(List.of("repeat", "repeat", "done"), iterations.stream()
                .filter(i -> i.get("agent").equals("writer")).map(i -> i.get("outcome")).toList());
        assertEquals(List.of("repeat", "exhausted"), iterations.stream()
                .filter(i -> i.get("agent").equals("poller")).map(i -> i.get("outcome")).toList());
        assertEquals(Sha256.hex("final"), iterations.stream().filter(i -> i.get("outcome").equals("done"))
                .findFirst().orElseThrow().get("resultSha256"), "each iteration's result is named in the log");
    }

    @Test
    void aFanOutOfTwentyRunsOneInstancePerElementAtMostFiveAtOnceThenJoins() {
        String numbers = IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList().toString();
        String runId = startRun(List.of(
                script("plan", List.of("echo " + numbers)),
                agent("square", "script", List.of("sleep 100ms", "echo {\"n\": ${item}}"), List.of("plan"),
                        Map.of("fan_out", Map.of("items", "deps.plan.result", "max_items", 20, "concurrency", 5))),
                script("total", List.of("echo ${deps.square.result}"), "square")));

        JsonPath run = awaitRunEnd(runId);
        assertEquals("completed", run.getString("state"), run.prettify());
        List<String> instances = IntStream.range(0, 20).mapToObj(i -> "square[" + i + "]").toList();
        assertTrue(run.getList("agents.name", String.class).containsAll(instances), run.prettify());
        List<Map<String, Object>> joined = new JsonPath(field(run, "total", "result")).getList("$");
        assertEquals(20, joined.size());
        assertEquals(Map.of("n", 20), joined.get(19));
        assertEquals(field(run, "square", "result"), field(run, "total", "result"));

        // At most five instances at once: walk the log, counting instances between their start and last outcome.
        Map<String, String> instanceOf = new HashMap<>();
        instances.forEach(name -> instanceOf.put("agent-" + field(run, name, "agentId"), name));
        int running = 0;
        int most = 0;
        List<String> seen = new ArrayList<>();
        for (Map<String, Object> event : events(runId)) {
            String instance = instanceOf.get((String) event.get("streamId"));
            if (instance != null && event.get("type").equals("TaskStarted") && !seen.contains(instance)) {
                seen.add(instance);
                most = Math.max(most, ++running);
            } else if (instance != null && event.get("type").equals("TaskCompleted")) {
                running--;
            }
        }
        assertEquals(20, seen.size());
        assertTrue(most <= 5 && most >= 2, "at most five at once, and some at once: " + most);
    }

    @Test
    void theReleaseGateSampleDeploysWhatPassedAndReportsItsResult() throws Exception {
        var upload = given().header("Authorization", ADMIN);
        for (String file : List.of("check.yaml", "deploy.yaml", "report.yaml")) {
            upload = upload.multiPart("files", Path.of("samples/workstreams/release-gate", file).toFile());
        }
        String runId = upload.post("/api/v1/runs").then().statusCode(201).extract().path("runId");

        JsonPath run = awaitRunEnd(runId);
        assertEquals("completed", run.getString("state"), run.prettify());
        assertEquals("deployed 1.4.2", field(run, "deploy", "result"));
        assertEquals("Checked 1.4.2.", Files.readString(WORKSPACES.resolve("run-" + runId).resolve("release-note.md")));
    }

    @Test
    void aScriptTaskWrittenAsADescriptionIsAValidationErrorWithAHint() {
        Map<String, Object> spec = agent("analyst", "script", List.of(), List.of(), Map.of());
        spec.put("tasks", Map.of("default", List.of(Map.of("description", "Analyse the dependency conflict",
                "priority", "high"))));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(List.of(spec))
                .post("/api/v1/workstreams/validate")
                .then().statusCode(422)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("tasks.default[0].description"))
                .body("errors[0].rule", org.hamcrest.Matchers.containsString("set spec.type: llm"));
    }
}
