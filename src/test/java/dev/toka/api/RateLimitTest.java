package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.kernel.Kernel;
import dev.toka.kernel.SpawnAgent;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.security.TokenRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Rate limits with tight quotas: per principal, per route group and per address (the back-off: AuthFailureBackoffTest). */
@QuarkusTest
@TestProfile(RateLimitTest.TightQuotas.class)
class RateLimitTest {

    /** Five writes a minute per principal; ten anonymous calls a minute per address. */
    public static class TightQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "toka.security.rate-limit.write", "5/PT1M",
                    "toka.security.rate-limit.read", "1000/PT1S",
                    "toka.security.rate-limit.issue", "1000/PT1S",
                    "toka.security.rate-limit.anonymous", "10/PT1M");
        }
    }

    private static final Caller ADMIN = new Caller(Principal.admin(), "test-setup");

    @Inject
    Kernel kernel;

    @Inject
    SecurityPolicyCoordinator security;

    @TestHTTPResource("/")
    URL server;

    /** Spawns an agent and issues its token without touching the HTTP quotas under test. */
    private String[] agentWithToken(String name) {
        String agent = kernel.submit(ADMIN, new SpawnAgent(null, name, "script", null)).agentId();
        String token = security.issueToken(ADMIN, new TokenRequest(agent, Optional.empty(),
                List.of("task:schedule"), Optional.of(Duration.ofMinutes(5)), Optional.empty())).token();
        return new String[] {agent, "Bearer " + token};
    }

    private static int schedule(String[] agent) {
        return given().header("Authorization", agent[1]).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent[0], "description", "x"))
                .post("/api/v1/operations").statusCode();
    }

    @Test
    void answers429WithRetryAfterOnceAPrincipalsQuotaIsSpent() {
        String[] agent = agentWithToken("limited");
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", agent[1]).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent[0], "description", "x"))
                    .post("/api/v1/operations")
                    .then().statusCode(201)
                    .header("RateLimit-Limit", "5")
                    .header("RateLimit-Remaining", String.valueOf(4 - i))
                    .header("RateLimit-Reset", notNullValue());
        }
        given().header("Authorization", agent[1]).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent[0], "description", "x"))
                .post("/api/v1/operations")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:rate-limited"))
                .header("Retry-After", notNullValue())
                .header("RateLimit-Remaining", "0");
    }

    @Test
    void aFloodFromOnePrincipalNeverRefusesAnother() throws Exception {
        String[] flooder = agentWithToken("flooder");
        String[] bystander = agentWithToken("bystander");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> flood = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            flood.add(pool.submit(() -> schedule(flooder)));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(201, schedule(bystander), "the bystander's own quota is untouched by the flood");
        }
        int limited = 0;
        for (Future<Integer> answer : flood) {
            limited += answer.get() == 429 ? 1 : 0;
        }
        pool.shutdown();
        // 5/PT1M refills one request every 12 s: on a busy machine a slow flood may earn one or two more.
        long refills = Duration.ofNanos(System.nanoTime() - began).toSeconds() / 12;
        int allowed = 200 - limited;
        assertTrue(allowed >= 5 && allowed <= 5 + refills,
                allowed + " of the flooder's requests got through: its five, plus at most the " + refills
                        + " refilled while the flood ran");
    }

    @Test
    void limitsUnauthenticatedCallsPerAddress() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertEquals(200, RawHttp.get("127.0.0.5", server, "/.well-known/jwks.json", null).status());
        }
        RawHttp.Answer limited = RawHttp.get("127.0.0.5", server, "/.well-known/jwks.json", null);
        assertEquals(429, limited.status());
        assertTrue(limited.headers().containsKey("retry-after"));
        assertEquals(200, RawHttp.get("127.0.0.6", server, "/.well-known/jwks.json", null).status(),
                "another address has its own quota");
    }

    @Test
    void neverLimitsHealthOrMetrics() {
        for (int i = 0; i < 30; i++) {
            given().get("/q/health/ready").then().statusCode(200);
            given().get("/q/metrics").then().statusCode(200);
        }
    }

    @Test
    void recordsRateLimitRefusalsInTheAuditTrail() throws Exception {
        String[] agent = agentWithToken("audited-flood");
        for (int i = 0; i < 6; i++) {
            schedule(agent);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        int found = 0;
        while (found == 0 && System.currentTimeMillis() < deadline) {
            found = given().header("Authorization", "Bearer test-admin-secret-0123456789abcdefghij")
                    .queryParam("principal", agent[0]).queryParam("decision", "deny")
                    .get("/api/v1/audit").then().statusCode(200)
                    .extract().jsonPath().getList("entries.findAll { it.entry.status == 429 }").size();
            Thread.sleep(100);
        }
        assertEquals(1, found);
    }
}
