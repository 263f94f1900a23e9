package dev.toka.tools;

import static dev.toka.tools.ToolCalls.ADMIN;
import static dev.toka.tools.ToolCalls.invoke;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every refused tool call leaves a record with its reason: a {@code deny} audit entry when it was
 * refused before it ran, its {@code ToolFailed} event when a sandbox rule refused it while running.
 */
@QuarkusTest
class ToolsRefusalsRecordedTest {

    @Test
    void inputAgainstTheSchemaIsAudited() {
        String agent = ToolCalls.spawnRoot("schema");
        invoke(ToolCalls.tokenFor(agent, "tool:*"), "fs.read", Map.of("input", Map.of("nope", 1))).statusCode(400);
        awaitDenial(agent, "tool:fs.read", 400, "not defined in the schema");
    }

    @Test
    void anUnknownToolIsAudited() {
        String agent = ToolCalls.spawnRoot("unknown");
        invoke(ToolCalls.tokenFor(agent, "tool:*"), "no.such.tool", Map.of("input", Map.of())).statusCode(404);
        awaitDenial(agent, "tool:no.such.tool", 404, "no tool 'no.such.tool'");
    }

    @Test
    void aMalformedKeyIsAudited() {
        String agent = ToolCalls.spawnRoot("key");
        invoke(ToolCalls.tokenFor(agent, "tool:*"), "fs.list",
                Map.of("input", Map.of(), "idempotencyKey", Map.of("step", 0))).statusCode(400);
        awaitDenial(agent, "tool:fs.list", 400, "needs 'step' and 'attempt'");
    }

    @Test
    void badPathsHostsAndCommandsAreRecordedAsToolFailed() {
        String agent = ToolCalls.spawnRoot("rules");
        String token = ToolCalls.tokenFor(agent, "tool:*");
        invoke(token, "fs.read", Map.of("input", Map.of("path", "../escape"))).statusCode(400);
        invoke(token, "http.get", Map.of("input", Map.of("url", "http://not-allowed.invalid/"))).statusCode(400);
        invoke(token, "process.exec", Map.of("input", Map.of("command", "ls"))).statusCode(400);
        for (String reason : new String[] {"must not contain '..'", "not-allowed.invalid",
            "not on toka.tools.exec.allowed-commands"}) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", ADMIN)
                    .queryParam("from", lastPage()).queryParam("limit", 1000)
                    .get("/api/v1/events").then().statusCode(200)
                    .body("events.findAll { it.type == 'ToolFailed' }.payload.reason", hasItem(containsString(reason))));
        }
    }

    /** Where the last thousand events start. */
    private static long lastPage() {
        long head = given().header("Authorization", ADMIN).get("/api/v1/events/verify").then().statusCode(200)
                .extract().<Number>path("checked").longValue();
        return Math.max(1, head - 999);
    }

    private static void awaitDenial(String agent, String action, int status, String reason) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .queryParam("principal", agent).queryParam("decision", "deny").queryParam("action", action)
                .get("/api/v1/audit")
                .then().statusCode(200)
                .body("entries.entry.status", hasItem(status))
                .body("entries.entry.reason", hasItem(containsString(reason))));
    }
}
