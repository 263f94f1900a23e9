package dev.toka.api;

import static dev.toka.api.ClientAddresses.from;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The back-off for failing credentials over real HTTP, each test from its own loopback address: it
 * slows the failing credentials of an address and never a valid one, and a success forgives nothing.
 */
@QuarkusTest
@TestProfile(AuthFailureBackoffTest.TightBackoff.class)
class AuthFailureBackoffTest {

    /** Three free failures, then waits of 10 s, 20 s, 40 s: long enough that no wait ends unawaited on a slow machine. */
    public static class TightBackoff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "toka.security.auth-failures.free-attempts", "3",
                    "toka.security.auth-failures.first-wait", "PT10S",
                    "toka.security.auth-failures.max-wait", "PT40S");
        }
    }

    static final String FORGED = "Bearer forged";

    static Response agents(String address, String authorization) {
        return from(address).header("Authorization", authorization).get("/api/v1/agents");
    }

    /** Asserts a back-off refusal: 429 problem+json of type rate-limited with Retry-After; returns the wait. */
    static long assertWaiting(Response answer) {
        answer.then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:rate-limited"));
        long wait = Long.parseLong(answer.header("Retry-After"));
        assertTrue(wait >= 1, "Retry-After " + wait);
        return wait;
    }

    /** The client addresses of the audited refusals of unauthenticated calls, once {@code expected} is among them. */
    static List<String> auditedAddresses(String expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (true) {
            List<String> addresses = given().header("Authorization", Api.ADMIN)
                    .queryParam("principal", "anonymous").queryParam("decision", "deny").queryParam("limit", 1000)
                    .get("/api/v1/audit").then().statusCode(200)
                    .extract().jsonPath().getList("entries.entry.clientAddress", String.class);
            if (addresses.contains(expected) || System.currentTimeMillis() > deadline) {
                return addresses;
            }
            Thread.sleep(100);
        }
    }

    private static void failTwentyTimes(String address) {
        for (int i = 0; i < 20; i++) {
            agents(address, FORGED);
        }
        assertWaiting(agents(address, FORGED));
    }

    @Test
    void theAdminIsServedAfterTwentyBadTokensFromItsAddress() {
        String address = "127.0.0.21";
        failTwentyTimes(address);

        agents(address, Api.ADMIN).then().statusCode(200);
        assertWaiting(agents(address, FORGED));
    }

    @Test
    void anotherTokenHolderOnTheSameAddressIsServed() {
        String address = "127.0.0.22";
        String agent = Api.spawnRoot("backoff-neighbour");
        String token = Api.tokenIn("default", agent, "task:schedule");
        failTwentyTimes(address);

        agents(address, token).then().statusCode(200);
        assertWaiting(agents(address, FORGED));
    }

    @Test
    void aGuesserInterleavingValidCallsIsSlowedWhileItsValidCallsPass() throws Exception {
        String address = "127.0.0.23";
        String agent = Api.spawnRoot("backoff-interleaver");
        String token = Api.tokenIn("default", agent, "task:schedule");
        int[] guesses = new int[6];
        long firstWait = 0;
        for (int i = 0; i < guesses.length; i++) {
            agents(address, token).then().statusCode(200);
            Response guess = agents(address, FORGED);
            guesses[i] = guess.statusCode();
            if (guesses[i] == 429) {
                firstWait = assertWaiting(guess);
            }
        }
        // Three free failures, a fourth that starts the first wait, then refusals: no success forgave any.
        assertEquals("[401, 401, 401, 401, 429, 429]", Arrays.toString(guesses));
        assertTrue(firstWait <= 10, "first wait " + firstWait);

        Thread.sleep(firstWait * 1_000 + 200);
        agents(address, token).then().statusCode(200);
        agents(address, FORGED).then().statusCode(401);
        agents(address, token).then().statusCode(200);
        long secondWait = assertWaiting(agents(address, FORGED));
        assertTrue(secondWait > 10 && secondWait <= 20, "the wait grows: " + firstWait + " then " + secondWait);
        agents(address, token).then().statusCode(200);
    }

    @Test
    void aSpoofedForwardedHeaderFromAnUntrustedPeerDoesNotEscapeTheBackoff() throws Exception {
        String address = "127.0.0.24";
        assertEquals("[401, 401, 401, 401, 429, 429]",
                ClientAddresses.statusesWithRotatingForwardedHeaders(address, FORGED, "198.51.100.", 6),
                "forwarding is off by default: every guess counts against the peer's own address");
        List<String> audited = auditedAddresses(address);
        assertTrue(audited.contains(address), audited.toString());
        assertTrue(audited.stream().noneMatch(a -> a.startsWith("198.51.100.")),
                "no spoofed address reaches the audit trail: " + audited);
    }
}
