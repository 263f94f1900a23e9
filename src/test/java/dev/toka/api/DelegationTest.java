package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Delegation over HTTP: every attenuation rule accepted and refused, and the opt-in token at spawn. */
@QuarkusTest
class DelegationTest {

    private static ValidatableResponse delegateRaw(String bearer, String child, int ttl, String... permissions) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("subject", child, "permissions", List.of(permissions), "ttlSeconds", ttl))
                .post("/api/v1/tokens/delegate").then();
    }

    private static void refused(ValidatableResponse response, String rule) {
        response.statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:forbidden"))
                .body("detail", containsString(rule));
    }

    private static void schedule(String bearer, String agent, int status) {
        given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "delegated work"))
                .post("/api/v1/operations").then().statusCode(status);
    }

    @Test
    void delegatesASubsetToADescendantWhichMayActOnlyOnItsOwnSubtree() {
        String parent = Api.spawnRoot("parent");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:*", "tool:*");
        String child = Api.spawnChild(parentToken, parent, "child");
        String childToken = Api.delegate(parentToken, child, 300, "task:schedule", "tool:fs.read");
        schedule(childToken, child, 201);
        schedule(childToken, parent, 403);
    }

    @Test
    void refusesAPermissionTheParentDoesNotHold() {
        String parent = Api.spawnRoot("p");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:schedule");
        String child = Api.spawnChild(parentToken, parent, "c");
        refused(delegateRaw(parentToken, child, 60, "task:schedule", "agent:control"), "attenuation");
    }

    @Test
    void wildcardMayBeNarrowedButNeverWidened() {
        String parent = Api.spawnRoot("p");
        String narrow = Api.tokenFor(parent, "agent:spawn", "tool:fs.read");
        String child = Api.spawnChild(narrow, parent, "c");
        refused(delegateRaw(narrow, child, 60, "tool:*"), "attenuation");
        String wide = Api.tokenFor(parent, "tool:*");
        delegateRaw(wide, child, 60, "tool:fs.read").statusCode(201);
    }

    @Test
    void refusesAnExpiryLaterThanTheParents() {
        String parent = Api.spawnRoot("p");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:schedule"); // 600 s
        String child = Api.spawnChild(parentToken, parent, "c");
        refused(delegateRaw(parentToken, child, 1200, "task:schedule"), "expiry");
    }

    @Test
    void allowsFiveLevelsOfDelegationAndRefusesTheSixth() {
        String agent = Api.spawnRoot("level-0");
        String token = Api.tokenFor(agent, "agent:spawn", "task:schedule");
        for (int depth = 1; depth <= 5; depth++) {
            String child = Api.spawnChild(token, agent, "level-" + depth);
            token = Api.delegate(token, child, 500 - 60 * depth, "agent:spawn", "task:schedule");
            agent = child;
        }
        String tooDeep = Api.spawnChild(token, agent, "level-6");
        refused(delegateRaw(token, tooDeep, 100, "task:schedule"), "depth");
        schedule(token, agent, 201);
    }

    @Test
    void refusesASubjectThatIsNotADescendant() {
        String parent = Api.spawnRoot("p");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:schedule");
        String stranger = Api.spawnRoot("stranger");
        refused(delegateRaw(parentToken, stranger, 60, "task:schedule"), "descendant");
        refused(delegateRaw(parentToken, parent, 60, "task:schedule"), "descendant");
    }

    @Test
    void refusesDelegationFromTheAdminSecret() {
        String agent = Api.spawnRoot("p");
        refused(delegateRaw(Api.ADMIN, agent, 60, "task:schedule"), "admin secret");
    }

    @Test
    void answersUnknownChildWith404() {
        String agent = Api.spawnRoot("p");
        delegateRaw(Api.tokenFor(agent, "task:schedule"), "no-such-agent", 60, "task:schedule")
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void spawnCanReturnAnAttenuatedTokenForTheChild() {
        String parent = Api.spawnRoot("spawner");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:schedule");
        String childToken = "Bearer " + given().header("Authorization", parentToken).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "parent", parent, "name", "with-token", "type", "script",
                        "token", Map.of("permissions", List.of("task:schedule"), "ttlSeconds", 120)))
                .post("/api/v1/operations")
                .then().statusCode(201)
                .body("token.token", notNullValue())
                .extract().path("token.token");
        String child = given().header("Authorization", childToken).get("/api/v1/agents")
                .then().statusCode(200).extract().path("agents[0].id");
        schedule(childToken, child, 201);
        schedule(childToken, parent, 403);
    }

    /**
     * A spawn whose token the delegation rules refuse is refused as a whole, before anything is written:
     * no agent and no token; the log gains only the audit entry of the refusal. (The agent runtime may
     * append to other agents' streams meanwhile, so the test looks at what was written, not only at how much.)
     */
    @Test
    void refusedDelegatedSpawnWritesNothingButItsAuditEntry() {
        String parent = Api.spawnRoot("careful-spawner");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:schedule");
        List<String> agentsBefore = Api.agentField("name", Api.ADMIN, "parent", parent);
        long headBefore = head();

        refused(given().header("Authorization", parentToken).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "parent", parent, "name", "never-born", "type", "script",
                        "token", Map.of("permissions", List.of("agent:control"), "ttlSeconds", 120)))
                .post("/api/v1/operations").then(), "attenuation");

        assertEquals(agentsBefore, Api.agentField("name", Api.ADMIN, "parent", parent), "no agent was spawned");
        List<Map<String, Object>> written = given().header("Authorization", Api.ADMIN)
                .queryParam("from", headBefore + 1).get("/api/v1/events")
                .then().statusCode(200).extract().path("events");
        List<Object> spawnsOrTokens = written.stream()
                .filter(event -> event.get("type").equals("AgentSpawned") || event.get("streamId").equals("security"))
                .map(event -> event.get("type")).toList();
        assertEquals(List.of(), spawnsOrTokens, "neither an agent nor a token: " + written);
        // The admin's own requests in this test are audited too, without waiting for the entry (docs/security.md),
        // so theirs may land after headBefore; the refused caller's entries are the ones this spawn wrote.
        List<Object> audited = written.stream().filter(event -> event.get("streamId").equals("audit"))
                .map(event -> (Map<?, ?>) event.get("payload"))
                .filter(entry -> parent.equals(entry.get("principal")))
                .map(entry -> (Object) entry).toList();
        assertEquals(1, audited.size(), "the refusal's audit entry: " + written);
        assertTrue(audited.get(0).toString().contains("attenuation"), audited.toString());
    }

    /** The admin secret has no token to delegate: its spawn issues a root token, in the new agent's vault. */
    @Test
    void adminSpawnWithATokenGivesTheAgentATokenOfItsOwnVault() {
        io.restassured.path.json.JsonPath spawned = given().header("Authorization", Api.ADMIN)
                .contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "tenant-agent", "type", "script", "vault", "acme",
                        "token", Map.of("permissions", List.of("task:schedule"), "ttlSeconds", 120)))
                .post("/api/v1/operations").then().statusCode(201).extract().jsonPath();
        schedule("Bearer " + spawned.getString("token.token"), spawned.getString("agentId"), 201);
    }

    @Test
    void spawnWithATokenRecordsTheTokenBeforeTheAgent() {
        String parent = Api.spawnRoot("ordered-spawner");
        String parentToken = Api.tokenFor(parent, "agent:spawn", "task:schedule");
        long headBefore = head();
        String child = given().header("Authorization", parentToken).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "parent", parent, "name", "with-token", "type", "script",
                        "token", Map.of("permissions", List.of("task:schedule"), "ttlSeconds", 120)))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
        List<String> streams = given().header("Authorization", Api.ADMIN)
                .queryParam("from", headBefore + 1).get("/api/v1/events")
                .then().statusCode(200).extract().path("events.streamId");
        int token = streams.indexOf("security");
        int agent = streams.indexOf("agent-" + child);
        assertTrue(token >= 0 && agent > token, "the token, then the agent: " + streams);
    }

    /** The log's head position. */
    private static long head() {
        return ((Number) given().header("Authorization", Api.ADMIN).get("/api/v1/events/verify")
                .then().statusCode(200).extract().path("headPosition")).longValue();
    }
}
