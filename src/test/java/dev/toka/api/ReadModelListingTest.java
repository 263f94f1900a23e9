package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.kernel.WorldState;
import dev.toka.orchestration.RunProjection;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** GET /api/v1/agents and /api/v1/runs from the read models: filters, cursor paging, who sees what, bad queries. */
@QuarkusTest
class ReadModelListingTest {

    @Inject
    WorldState world;
    @Inject
    RunProjection runs;
    @Inject
    ObjectMapper json;

    private static String vault() {
        return "rm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String spawn(String vault, String parent, String name, String type) {
        Map<String, Object> op = new java.util.HashMap<>(Map.of("op", "spawn-agent", "name", name, "type", type,
                "vault", vault));
        if (parent != null) {
            op.put("parent", parent);
        }
        return given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).body(op)
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    private static void operate(String op, String agent) {
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", op, "agent", agent)).post("/api/v1/operations").then().statusCode(201);
    }

    @Test
    void filtersByStateTypeVaultAndParentAndKeepsTerminatedAgents() {
        String vault = vault();
        String root = spawn(vault, null, "root", "script");
        String child = spawn(vault, root, "child", "script");
        String thinker = spawn(vault, null, "thinker", "llm");
        operate("suspend-agent", child);
        operate("terminate-agent", thinker);

        assertEquals(List.of(root, child, thinker), Api.agentField("id", Api.ADMIN, "vault", vault),
                "every agent of the vault, in spawn order, the terminated one too");
        assertEquals(List.of(thinker), Api.agentField("id", Api.ADMIN, "vault", vault, "type", "llm"));
        assertEquals(List.of(child), Api.agentField("id", Api.ADMIN, "vault", vault, "state", "suspended"));
        assertEquals(List.of(thinker), Api.agentField("id", Api.ADMIN, "vault", vault, "state", "terminated"));
        assertEquals(List.of(root), Api.agentField("id", Api.ADMIN, "vault", vault, "state", "ready"));
        assertEquals(List.of(child), Api.agentField("id", Api.ADMIN, "parent", root));
        Map<String, Object> listed = Api.agents(Api.ADMIN, "parent", root).get(0);
        assertEquals(Map.of("id", child, "name", "child", "type", "script", "vault", vault, "parent", root,
                "state", "suspended"), withoutCreatedAt(listed));
        assertTrue(listed.get("createdAt") instanceof String, listed.toString());
    }

    private static Map<String, Object> withoutCreatedAt(Map<String, Object> agent) {
        Map<String, Object> copy = new java.util.HashMap<>(agent);
        copy.remove("createdAt");
        return copy;
    }

    @Test
    void aTokenSeesItsOwnAgentAndDescendantsInItsVaultOnly() {
        String vault = vault();
        String root = spawn(vault, null, "root", "script");
        String child = spawn(vault, root, "child", "script");
        String grandchild = spawn(vault, child, "grandchild", "script");
        String sibling = spawn(vault, null, "sibling", "script");

        assertEquals(List.of(root, child, grandchild), Api.agentField("id", Api.tokenIn(vault, root, "events:read")));
        assertEquals(List.of(child, grandchild), Api.agentField("id", Api.tokenIn(vault, child, "events:read")));
        assertEquals(List.of(sibling), Api.agentField("id", Api.tokenIn(vault, sibling, "events:read")));
        // The same subject in another vault is another tenant's: it sees nothing here.
        assertEquals(List.of(), Api.agentField("id", Api.tokenIn(vault(), root, "events:read")));
        // A subject that is a LIKE pattern matches nothing but itself.
        assertEquals(List.of(), Api.agentField("id", Api.tokenIn(vault, "%", "events:read")));
        // Filters narrow what the token sees; they never widen it.
        assertEquals(List.of(), Api.agentField("id", Api.tokenIn(vault, child, "events:read"), "parent", vault));
        assertEquals(List.of(grandchild),
                Api.agentField("id", Api.tokenIn(vault, child, "events:read"), "parent", child));
    }

    @Test
    void pagesStayStableWhileAgentsAreSpawned() throws Exception {
        String vault = vault();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            before.add(spawn(vault, null, "agent-" + i, "script"));
        }
        List<String> spawnedMeanwhile = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        // At most 24, so the pages (3 agents a request) always overtake it and the listing ends.
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 24 && !stop.get(); i++) {
                String agent = spawn(vault, null, "late-" + i, "script");
                spawnedMeanwhile.add(agent);
                if (i % 3 == 0) {
                    operate("suspend-agent", agent);
                }
            }
        });
        writer.start();
        while (spawnedMeanwhile.isEmpty()) {
            Thread.sleep(5);
        }
        List<String> seen = new ArrayList<>();
        try {
            String cursor = null;
            do {
                var request = given().header("Authorization", Api.ADMIN).queryParam("vault", vault)
                        .queryParam("limit", 3);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                var page = request.get("/api/v1/agents").then().statusCode(200).extract().jsonPath();
                seen.addAll(page.getList("agents.id"));
                cursor = page.getString("next");
                Thread.sleep(5); // let the writer land agents behind and ahead of the cursor
            } while (cursor != null);
        } finally {
            stop.set(true);
            writer.join();
        }
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no agent shown twice: " + seen);
        assertEquals(before, seen.subList(0, before.size()), "every agent that existed, in spawn order");
        assertTrue(spawnedMeanwhile.containsAll(seen.subList(before.size(), seen.size())));
        assertEquals(seen.subList(before.size(), seen.size()),
                spawnedMeanwhile.subList(0, seen.size() - before.size()), "the later ones in spawn order, none skipped");
        assertTrue(seen.size() > before.size(), "the writer's agents showed up on later pages");
    }

    @Test
    void listsRunsByStateAndSpecForTheAdminOnly() throws Exception {
        String spec = "rm-spec-" + UUID.randomUUID().toString().substring(0, 8);
        String other = spec + "-b";
        String runId = given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(List.of(runSpec(spec, "v1"), runSpec(other, "2.0.1")))
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");

        given().header("Authorization", Api.ADMIN).queryParam("spec", spec).get("/api/v1/runs").then().statusCode(200)
                .body("runs.id", equalTo(List.of(runId)))
                .body("runs[0].state", equalTo("running"))
                .body("runs[0].specs", equalTo(List.of(spec, other)))
                .body("runs[0].specVersions", equalTo(List.of(spec + "@v1", other + "@2.0.1")))
                .body("runs[0].startedAt", notNullValue());
        // The digest the run is pinned to: SHA-256 over "name specSha256" lines in name order, as the run shows it.
        JsonPath view = given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId).then().statusCode(200)
                .extract().jsonPath();
        String lines = spec + " " + view.getString("agents.find { it.name == '" + spec + "' }.specSha256") + "\n"
                + other + " " + view.getString("agents.find { it.name == '" + other + "' }.specSha256");
        String pinned = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(lines.getBytes(StandardCharsets.UTF_8)));
        assertEquals(pinned, view.getString("specsSha256"));
        given().header("Authorization", Api.ADMIN).queryParam("specsSha256", pinned).get("/api/v1/runs").then()
                .statusCode(200).body("runs.id", equalTo(List.of(runId))).body("runs[0].specsSha256", equalTo(pinned));
        given().header("Authorization", Api.ADMIN).queryParam("spec", other + "@2.0.1").get("/api/v1/runs").then()
                .statusCode(200).body("runs.id", equalTo(List.of(runId)));
        given().header("Authorization", Api.ADMIN).queryParam("spec", spec + "@2.0.1").get("/api/v1/runs").then()
                .statusCode(200).body("runs", equalTo(List.of()));
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "enough"))
                .post("/api/v1/runs/" + runId + "/cancel").then().statusCode(200);
        given().header("Authorization", Api.ADMIN).queryParam("spec", spec).queryParam("state", "cancelled")
                .get("/api/v1/runs").then().statusCode(200)
                .body("runs.id", equalTo(List.of(runId)))
                .body("runs[0].endedAt", notNullValue());
        given().header("Authorization", Api.ADMIN).queryParam("spec", spec).queryParam("state", "running")
                .get("/api/v1/runs").then().statusCode(200).body("runs", equalTo(List.of()));
        // A spec filter is a whole name, never a pattern.
        given().header("Authorization", Api.ADMIN).queryParam("spec", spec.substring(0, 10) + "%")
                .get("/api/v1/runs").then().statusCode(200).body("runs", equalTo(List.of()));

        String vault = vault();
        String agent = spawn(vault, null, "not-an-admin", "script");
        given().header("Authorization", Api.tokenIn(vault, agent, "events:read", "workstream:run")).get("/api/v1/runs")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private static Map<String, Object> runSpec(String name, String version) {
        return Map.of("metadata", Map.of("name", name, "version", version, "workstream", "read-models"),
                "spec", Map.of("name", name, "domain", "test", "priority", "high"),
                "tasks", Map.of("default", List.of(Map.of("description", "wait", "priority", "high",
                        "steps", List.of("noop")))));
    }

    @Test
    void aTerminatedAgentLeavesMemoryAndIsServedAndRefusedAsBefore() throws Exception {
        String vault = vault();
        String root = spawn(vault, null, "root", "script");
        String parent = spawn(vault, root, "parent", "script");
        String child = spawn(vault, parent, "child", "script");
        String rootToken = Api.tokenIn(vault, root, "events:read", "agent:control", "task:schedule");
        String foreignToken = Api.tokenIn(vault(), root, "task:schedule");
        operate("terminate-agent", parent);
        assertTrue(world.holds(parent), "a terminated agent stays while a live one descends from it");
        String heldBody = agentBody(parent, rootToken);
        String heldRefusal = refusal(parent, rootToken);
        String heldDenial = refusal(parent, foreignToken);

        operate("terminate-agent", child);

        assertFalse(world.holds(child), "a terminated agent leaves memory");
        assertFalse(world.holds(parent), "and so does its terminated parent, now without live descendants");
        assertTrue(world.holds(root), "a live agent stays");
        assertEquals(heldBody, agentBody(parent, rootToken), "served from the read model as it was from memory");
        assertEquals(heldRefusal, refusal(parent, rootToken), "an operation on it is refused as before (409)");
        assertEquals(heldDenial, refusal(parent, foreignToken), "and one the caller may not do is denied as before");
        Map<String, Object> served = json.readValue(agentBody(child, rootToken), new TypeReference<>() {});
        assertEquals(json.readValue(json.writeValueAsString(world.agent(child).orElseThrow()),
                new TypeReference<Map<String, Object>>() {}), served,
                "the read model holds the view the kernel reads back from the log");
        assertEquals("terminated", served.get("state"));
        assertEquals(List.of(), served.get("queuedTasks"));
        given().header("Authorization", Api.tokenIn(vault(), root, "events:read")).get("/api/v1/agents/" + child)
                .then().statusCode(404); // another vault's token sees nothing here, held or not
        given().header("Authorization", rootToken).contentType(ContentType.JSON)
                .body(Map.of("op", "resume-agent", "agent", child)).post("/api/v1/operations").then().statusCode(409);
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", rootToken).queryParam("stream", "agent-" + child).get("/api/v1/events")
                .then().statusCode(200).body("events.type", org.hamcrest.Matchers.hasItem("AgentTerminated"));
    }

    private static String agentBody(String agent, String bearer) {
        return given().header("Authorization", bearer).get("/api/v1/agents/" + agent).then().statusCode(200)
                .extract().asString();
    }

    /** The answer to scheduling a task on the agent, which a terminated agent refuses. */
    private static String refusal(String agent, String bearer) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "too late"))
                .post("/api/v1/operations").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .extract().asString();
    }

    @Test
    void aFinishedRunLeavesMemoryAndIsServedAndRefusedAsBefore() throws Exception {
        String runId = given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(List.of(Map.of("metadata", Map.of("name", "quick", "version", "v1", "workstream", "memory"),
                        "spec", Map.of("name", "quick", "domain", "test", "priority", "high"),
                        "tasks", Map.of("default", List.of(Map.of("description", "nothing", "priority", "high",
                                "steps", List.of("noop")))))))
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        // The agent runtime is off in this profile: the test runs the run's one task through the kernel.
        String agent = eventually(() -> given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId)
                .then().statusCode(200).extract().<String>path("agents[0].agentId"));
        String task = eventually(() -> given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + agent)
                .then().statusCode(200).extract().<String>path("queuedTasks[0].taskId"));
        submit(Map.of("op", "start-task", "agent", agent, "taskId", task));
        submit(Map.of("op", "complete-task", "agent", agent, "taskId", task, "attempt", 1, "output", "done"));
        eventually(() -> runs.holds(runId) ? null : runId);

        String body = given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId).then().statusCode(200)
                .body("state", equalTo("completed"))
                .body("agents[0].state", equalTo("completed"))
                .body("agents[0].completedTasks", equalTo(1))
                .body("agents[0].finishedAt", notNullValue())
                .extract().asString();
        assertEquals(body, given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId).then()
                .statusCode(200).extract().asString(), "read back from the log the same way each time");
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).body(Map.of())
                .post("/api/v1/runs/" + runId + "/cancel").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("already ended (completed)"));
        given().header("Authorization", Api.ADMIN).post("/api/v1/runs/" + runId + "/replay").then().statusCode(201);
        given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId + "/events").then().statusCode(200)
                .body("type", org.hamcrest.Matchers.hasItems("RunStarted", "AgentLaunched", "TaskCompleted",
                        "RunFinished"));
        given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static void submit(Map<String, Object> operation) {
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).body(operation)
                .post("/api/v1/operations").then().statusCode(201);
    }

    /** The first non-null value {@code read} gives within 30 s. */
    private static <T> T eventually(java.util.function.Supplier<T> read) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        T value;
        while ((value = read.get()) == null && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertTrue(value != null, "in time");
        return value;
    }

    @Test
    void refusesBadFiltersAndCursorsWith400() {
        badQuery("/api/v1/agents", "state", "asleep", "state");
        badQuery("/api/v1/agents", "limit", "0", "limit");
        badQuery("/api/v1/agents", "limit", "1001", "limit");
        badQuery("/api/v1/agents", "limit", "ten", "limit");
        badQuery("/api/v1/agents", "cursor", "not base64 !", "cursor");
        badQuery("/api/v1/agents", "cursor", "cnVuczox", "cursor"); // runs:1, a cursor of the other listing
        badQuery("/api/v1/agents", "cursor", "YWdlbnRzOi0x", "cursor"); // agents:-1
        badQuery("/api/v1/runs", "state", "sleeping", "state");
        badQuery("/api/v1/runs", "specsSha256", "5D0F3C1E", "specsSha256");
        badQuery("/api/v1/runs", "cursor", "YWdlbnRzOjE", "cursor"); // agents:1
        // A cursor the listing gave out is taken back.
        String next = given().header("Authorization", Api.ADMIN).queryParam("limit", 1).get("/api/v1/agents")
                .then().statusCode(200).extract().path("next");
        given().header("Authorization", Api.ADMIN).queryParam("cursor", next).get("/api/v1/agents")
                .then().statusCode(200);
    }

    private static ValidatableResponse badQuery(String path, String parameter, String value, String field) {
        return given().header("Authorization", Api.ADMIN).queryParam(parameter, value).get(path).then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:invalid-request"))
                .body("field", equalTo(field));
    }

    @Test
    void aRebuildFromTheLogGivesTheSameListings() {
        String vault = vault();
        String root = spawn(vault, null, "root", "script");
        String child = spawn(vault, root, "child", "script");
        operate("terminate-agent", child);
        List<Map<String, Object>> agentsBefore = Api.agents(Api.ADMIN);
        Object runsBefore = given().header("Authorization", Api.ADMIN).queryParam("limit", 1000).get("/api/v1/runs")
                .then().statusCode(200).extract().path("runs");

        List<Map<String, Object>> rebuilt = given().header("Authorization", Api.ADMIN)
                .post("/api/v1/read-models/rebuild").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(Set.of("agents read model", "runs read model", "audit index"),
                Set.copyOf(rebuilt.stream().map(r -> r.get("name")).toList()));

        assertEquals(agentsBefore, Api.agents(Api.ADMIN));
        assertEquals(runsBefore, given().header("Authorization", Api.ADMIN).queryParam("limit", 1000)
                .get("/api/v1/runs").then().statusCode(200).extract().path("runs"));
        given().header("Authorization", Api.tokenIn(vault, root, "events:read")).post("/api/v1/read-models/rebuild")
                .then().statusCode(403);
    }
}
