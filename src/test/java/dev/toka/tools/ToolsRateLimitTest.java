package dev.toka.tools;

import static dev.toka.tools.ToolCalls.ADMIN;
import static dev.toka.tools.ToolCalls.invoke;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The per-principal tool-call quota ({@code toka.security.rate-limit.tool}), here 2 per hour. */
@QuarkusTest
@TestProfile(ToolsRateLimitTest.TwoToolCalls.class)
class ToolsRateLimitTest {

    public static class TwoToolCalls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.security.rate-limit.tool", "2/PT1H");
        }
    }

    @Test
    void aPrincipalOverItsToolQuotaIsRefusedAndAuditedWhileAnotherIsNot() {
        String agent = ToolCalls.spawnRoot("busy");
        String token = ToolCalls.tokenFor(agent, "tool:fs.list");
        Map<String, Object> call = Map.of("input", Map.of());
        invoke(token, "fs.list", call).statusCode(200);
        invoke(token, "fs.list", call).statusCode(200);
        invoke(token, "fs.list", call)
                .statusCode(429)
                .body("type", equalTo("urn:toka:problem:rate-limited"))
                .body("detail", containsString("exceeded 2 requests per PT1H"));

        String other = ToolCalls.spawnRoot("idle");
        invoke(ToolCalls.tokenFor(other, "tool:fs.list"), "fs.list", call).statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .header("Authorization", ADMIN)
                .queryParam("principal", agent).queryParam("decision", "deny")
                .get("/api/v1/audit")
                .then().statusCode(200)
                .body("entries.entry.status", hasItem(429))
                .body("entries.entry.action", equalTo(List.of("tool:fs.list"))));
    }
}
