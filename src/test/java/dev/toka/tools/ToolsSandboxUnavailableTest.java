package dev.toka.tools;

import static dev.toka.tools.ToolCalls.ADMIN;
import static dev.toka.tools.ToolCalls.invokeFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fail closed: with bubblewrap missing, process.exec refuses every call with the cause and never runs it. */
@QuarkusTest
@TestProfile(ToolsSandboxUnavailableTest.NoBubblewrap.class)
class ToolsSandboxUnavailableTest {

    public static class NoBubblewrap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.tools.exec.bwrap-path", "/nonexistent/bwrap");
        }
    }

    @Test
    void everyCallIsRefusedWithTheCauseAndRecorded() {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c", "echo ran > ran.txt")))
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:sandbox-unavailable"))
                .body("detail", containsString("/nonexistent/bwrap"));
        assertFalse(Files.exists(ToolCalls.workspaceOf(agent).resolve("ran.txt")), "the command ran unconfined");
        given().header("Authorization", ADMIN).queryParam("limit", 1000)
                .get("/api/v1/events")
                .then().statusCode(200)
                .body("events.findAll { it.type == 'ToolFailed' }.payload.reason",
                        hasItem(containsString("/nonexistent/bwrap")));
    }
}
