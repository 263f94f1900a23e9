package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent's mandate at spawn: recorded and shown, narrowed to the spawner's rights, validated. */
@QuarkusTest
class MandateTest {

    private static ValidatableResponse spawn(String bearer, Map<String, Object> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/api/v1/operations").then();
    }

    @Test
    void aMandateIsRecordedInTheSpawnEventAndShownWithTheAgent() {
        Map<String, Object> mandate = Map.of("instructions", "You write release notes.",
                "capabilities", List.of("tool:fs.write", "tool:fs.read"),
                "budget", Map.of("tokens", 5000, "cost", 0.25));
        String agentId = spawn(Api.ADMIN, Map.of("op", "spawn-agent", "name", "writer", "type", "script",
                "mandate", mandate))
                .statusCode(201)
                .body("event.payload.mandate.capabilities", equalTo(List.of("tool:fs.write", "tool:fs.read")))
                .extract().path("agentId");

        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + agentId).then()
                .statusCode(200)
                .body("mandate.instructions", equalTo("You write release notes."))
                .body("mandate.capabilities", hasItem("tool:fs.write"))
                .body("mandate.budget.tokens", equalTo(5000))
                .body("mandate.budget.cost", equalTo(0.25f))
                .body("mandate.run", nullValue());
    }

    @Test
    void aSpawnerCannotHandOnACapabilityItLacksAndTheRefusalIsAudited() {
        String parent = Api.spawnRoot("narrow-parent");
        String token = Api.tokenFor(parent, "agent:spawn", "tool:fs.read");
        spawn(token, Map.of("op", "spawn-agent", "parent", parent, "name", "greedy", "type", "script",
                "mandate", Map.of("capabilities", List.of("tool:process.exec"))))
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:forbidden"))
                .body("detail", containsString("tool:process.exec"));

        given().header("Authorization", Api.ADMIN)
                .queryParam("principal", parent).queryParam("decision", "deny")
                .get("/api/v1/audit").then()
                .statusCode(200)
                .body("entries.entry.action", equalTo(List.of("tool:process.exec")));

        spawn(token, Map.of("op", "spawn-agent", "parent", parent, "name", "modest", "type", "script",
                "mandate", Map.of("capabilities", List.of("tool:fs.read"))))
                .statusCode(201);
    }

    @Test
    void aTokensBudgetCapsTheAgentsItSpawnsAndADelegatedTokenCanOnlyNarrowIt() {
        String parent = Api.spawnRoot("budgeted");
        String token = "Bearer " + given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", parent, "permissions", List.of("agent:spawn", "tool:*"), "ttlSeconds", 600,
                        "budget", Map.of("tokens", 1000, "cost", 0.5)))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");

        String child = spawn(token, Map.of("op", "spawn-agent", "parent", parent, "name", "spender", "type", "script",
                "mandate", Map.of("capabilities", List.of("tool:fs.read"), "budget", Map.of("tokens", 5000))))
                .statusCode(201).extract().path("agentId");
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + child).then()
                .body("mandate.budget.tokens", equalTo(1000))
                .body("mandate.budget.cost", equalTo(0.5f));

        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("subject", child, "permissions", List.of("tool:fs.read"), "ttlSeconds", 60,
                        "budget", Map.of("tokens", 2000)))
                .post("/api/v1/tokens/delegate").then()
                .statusCode(403)
                .body("detail", containsString("budget"));
        String inherited = given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("subject", child, "permissions", List.of("tool:fs.read"), "ttlSeconds", 60))
                .post("/api/v1/tokens/delegate").then().statusCode(201).extract().path("token");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(inherited.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(claims.contains("\"budget\":{\"tokens\":1000,\"cost\":\"0.5\"}"),
                claims);

        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", parent, "permissions", List.of("tool:*"), "budget", Map.of("cost", -1)))
                .post("/api/v1/tokens").then()
                .statusCode(400)
                .body("field", equalTo("budget.cost"));
    }

    @Test
    void onlyTheOrchestrationTiesAnAgentToARun() {
        String parent = Api.spawnRoot("run-faker");
        String token = Api.tokenFor(parent, "agent:spawn");
        spawn(token, Map.of("op", "spawn-agent", "parent", parent, "name", "sneaky", "type", "script",
                "mandate", Map.of("run", Map.of("runId", "r1", "agentKey", "a", "replayOf", "r0"))))
                .statusCode(403)
                .body("type", equalTo("urn:toka:problem:forbidden"));
    }

    @Test
    void badMandatesAre400sNamingTheField() {
        spawn(Api.ADMIN, Map.of("op", "spawn-agent", "name", "x", "type", "script",
                "mandate", Map.of("capabilities", List.of("Tool Exec")))).statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("mandate.capabilities[0]"));
        spawn(Api.ADMIN, Map.of("op", "spawn-agent", "name", "x", "type", "script",
                "mandate", Map.of("budget", Map.of("tokens", 0)))).statusCode(400)
                .body("field", equalTo("mandate.budget.tokens"));
        spawn(Api.ADMIN, Map.of("op", "spawn-agent", "name", "x", "type", "script",
                "mandate", Map.of("instructions", "x".repeat(16_385)))).statusCode(400)
                .body("field", equalTo("mandate.instructions"));
    }
}
