package dev.toka.api;

import static dev.toka.api.Api.ADMIN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operator text enters the log through the kernel and the orchestration redacted by the same patterns as
 * model traffic: read back over GET /api/v1/events, no secret is left, and the text around it is.
 */
@QuarkusTest
class RecordedSecretsTest {

    private static final String OPENAI_KEY = "sk-proj-T0kaTestKey1234567890abcd";
    private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String BEARER = "c2VjcmV0LWJlYXJlci12YWx1ZQ";
    private static final String PEM_BODY = "MIIEowIBAAKCAQEAtokaTestPrivateKeyBody";
    private static final String PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + PEM_BODY + "\n-----END RSA PRIVATE KEY-----";
    private static final List<String> SECRETS = List.of(OPENAI_KEY, AWS_KEY, BEARER, PEM_BODY);

    /** Operator text holding one secret of each kind. */
    private static String withSecrets(String what) {
        return what + ": use " + OPENAI_KEY + " and " + AWS_KEY + ", send Authorization: Bearer " + BEARER
                + ", sign with\n" + PEM + "\nthen report";
    }

    private static String submit(Map<String, Object> operation) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(operation)
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    /** The stream's events as the API returns them, after checking that no secret appears anywhere in them. */
    private static JsonPath events(String streamId) {
        String body = given().header("Authorization", ADMIN).queryParam("stream", streamId).queryParam("limit", 1000)
                .get("/api/v1/events").then().statusCode(200).extract().asString();
        SECRETS.forEach(secret -> assertFalse(body.contains(secret), secret + " was recorded in " + streamId));
        return JsonPath.from(body);
    }

    private static void assertRedacted(String what, String recorded) {
        SECRETS.forEach(secret -> assertFalse(recorded.contains(secret), secret + " was recorded in " + recorded));
        assertTrue(recorded.startsWith(what + ": use [REDACTED] and [REDACTED], send Authorization: Bearer [REDACTED]"
                + ", sign with\n[REDACTED]\nthen report"), recorded);
    }

    @Test
    void taskDescriptionsInstructionsObservationsAndReasonsAreRecordedRedacted() {
        String agent = submit(Map.of("op", "spawn-agent", "name", "careless", "type", "script",
                "mandate", Map.of("instructions", withSecrets("instructions"))));
        submit(Map.of("op", "schedule-task", "agent", agent, "description", withSecrets("task")));
        submit(Map.of("op", "emit-observation", "agent", agent,
                "data", Base64.getEncoder().encodeToString(withSecrets("observation").getBytes(StandardCharsets.UTF_8))));
        submit(Map.of("op", "terminate-agent", "agent", agent, "reason", "leaked " + AWS_KEY));

        JsonPath events = events("agent-" + agent);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "ObservationEmitted", "AgentTerminated", "TaskCancelled"),
                events.getList("events.type"));
        assertRedacted("instructions", events.getString("events[0].payload.mandate.instructions"));
        assertRedacted("task", events.getString("events[1].payload.description"));
        assertRedacted("observation", new String(Base64.getDecoder().decode(events.getString("events[2].payload.data")),
                StandardCharsets.UTF_8));
        assertEquals("leaked [REDACTED]", events.getString("events[3].payload.reason"));
        given().header("Authorization", ADMIN).get("/api/v1/agents/" + agent)
                .then().statusCode(200).body("mandate.instructions", equalTo(
                        events.getString("events[0].payload.mandate.instructions")));
    }

    @Test
    void aRunSpecIsRecordedRedactedAndSoAreTheAgentsAndTasksItMakes() {
        String yaml = """
                metadata: {name: leaky, version: v1, workstream: secrets}
                spec: {name: Leaky, domain: testing, priority: high, type: llm}
                objectives:
                  - description: "Deploy with %s"
                    deliverable: "a key of %s"
                tasks:
                  default:
                    - priority: high
                      description: |
                %s
                """.formatted(OPENAI_KEY, AWS_KEY, withSecrets("task").indent(8).stripTrailing());
        String runId = given().header("Authorization", ADMIN)
                .multiPart("files", "leaky.yaml", yaml.getBytes(StandardCharsets.UTF_8), "application/yaml")
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");

        JsonPath run = events("run-" + runId);
        assertEquals("RunStarted", run.getString("events[0].type"));
        assertRedacted("task", run.getString("events[0].payload.agents[0].tasks[0]"));
        String instructions = run.getString("events[0].payload.agents[0].instructions");
        assertTrue(instructions.endsWith("- Deploy with [REDACTED] (deliverable: a key of [REDACTED])"), instructions);

        JsonPath agent = agentEventsOf(runId);
        assertEquals(instructions, agent.getString("events[0].payload.mandate.instructions"));
        assertRedacted("task", agent.getString("events[1].payload.description"));
    }

    /** The events of the run's only agent once its task is scheduled (the run engine spawns it shortly after the start). */
    private static JsonPath agentEventsOf(String runId) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            String agentId = given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId)
                    .then().statusCode(200).extract().path("agents[0].agentId");
            if (agentId != null) {
                JsonPath events = events("agent-" + agentId);
                if (events.getList("events.type").contains("TaskScheduled")) {
                    return events;
                }
            }
            if (System.nanoTime() > deadline) {
                fail("run " + runId + " never scheduled its agent's task");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
