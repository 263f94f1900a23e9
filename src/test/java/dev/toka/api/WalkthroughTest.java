package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README walkthrough, step by step over real HTTP. */
@QuarkusTest
class WalkthroughTest {

    static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";

    @Test
    void walkthroughSpawnsAnAgentSchedulesATaskAndVerifiesTheChain() {
        String agentId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "researcher", "type", "script"))
                .when().post("/api/v1/operations")
                .then().statusCode(201)
                .body("agentId", notNullValue())
                .body("event.type", equalTo("AgentSpawned"))
                .body("event.payload.name", equalTo("researcher"))
                .body("event.hash", matchesPattern("[0-9a-f]{64}"))
                .header("Location", matchesPattern("/api/v1/agents/[0-9a-f-]{36}"))
                .extract().path("agentId");

        String token = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", agentId, "permissions", java.util.List.of("task:schedule", "events:read"),
                        "ttlSeconds", 900))
                .when().post("/api/v1/tokens")
                .then().statusCode(201)
                .body("token", notNullValue())
                .body("jti", notNullValue())
                .body("expiresAt", notNullValue())
                .extract().path("token");

        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agentId, "description", "echo summarise the report"))
                .when().post("/api/v1/operations")
                .then().statusCode(201)
                .body("event.type", equalTo("TaskScheduled"))
                .body("event.streamId", equalTo("agent-" + agentId))
                .body("event.streamVersion", equalTo(1));

        given().header("Authorization", "Bearer " + token)
                .when().get("/api/v1/agents/" + agentId)
                .then().statusCode(200)
                .body("state", equalTo("ready"))
                .body("queuedTasks", hasSize(1))
                .body("queuedTasks[0].description", equalTo("echo summarise the report"));

        given().header("Authorization", "Bearer " + token)
                .queryParam("stream", "agent-" + agentId)
                .when().get("/api/v1/events")
                .then().statusCode(200)
                .body("events.type", equalTo(java.util.List.of("AgentSpawned", "TaskScheduled")))
                .body("next", notNullValue());

        given().header("Authorization", ADMIN)
                .when().get("/api/v1/events/verify")
                .then().statusCode(200)
                .body("ok", equalTo(true));

        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .body("keys.kty", hasItem("EC"))
                .body("keys.alg", hasItem("ES256"));
    }
}
