package dev.toka.api;

import static dev.toka.api.AuthFailureBackoffTest.FORGED;
import static dev.toka.api.AuthFailureBackoffTest.assertWaiting;
import static dev.toka.api.AuthFailureBackoffTest.auditedAddresses;
import static dev.toka.api.ClientAddresses.from;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a reverse proxy: with 127.0.0.1 configured as the only trusted proxy, the client address
 * it forwards is the one the back-off counts and the audit trail records; any other peer's
 * forwarding headers are ignored.
 */
@QuarkusTest
@TestProfile(ForwardedClientAddressTest.BehindTrustedProxy.class)
class ForwardedClientAddressTest {

    /** The back-off of {@link AuthFailureBackoffTest}, and Quarkus's forwarding trusting 127.0.0.1 only. */
    public static class BehindTrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "toka.security.auth-failures.free-attempts", "3",
                    "toka.security.auth-failures.first-wait", "PT10S",
                    "toka.security.auth-failures.max-wait", "PT40S",
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.allow-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    private static int viaProxy(String forwardedFor, String authorization) {
        return from("127.0.0.1").header("X-Forwarded-For", forwardedFor).header("Authorization", authorization)
                .get("/api/v1/agents").statusCode();
    }

    @Test
    void eachClientForwardedByATrustedProxyIsCountedOnItsOwn() throws Exception {
        String guesser = "198.51.100.7";
        String neighbour = "198.51.100.8";
        for (int i = 0; i < 4; i++) {
            assertEquals(401, viaProxy(guesser, FORGED));
        }
        assertWaiting(from("127.0.0.1").header("X-Forwarded-For", guesser).header("Authorization", FORGED)
                .get("/api/v1/agents"));

        assertEquals(401, viaProxy(neighbour, FORGED), "another client behind the same proxy has its own count");
        assertEquals(200, viaProxy(guesser, Api.ADMIN), "a valid credential is served whatever its address did");
        List<String> audited = auditedAddresses(neighbour);
        assertTrue(audited.contains(guesser) && audited.contains(neighbour), audited.toString());
    }

    @Test
    void theStandardForwardedHeaderIsHonouredFromTheTrustedProxy() {
        for (int i = 0; i < 4; i++) {
            assertEquals(401, from("127.0.0.1").header("Forwarded", "for=203.0.113.9")
                    .header("Authorization", FORGED).get("/api/v1/agents").statusCode());
        }
        assertWaiting(from("127.0.0.1").header("Forwarded", "for=203.0.113.9")
                .header("Authorization", FORGED).get("/api/v1/agents"));
        assertEquals(401, from("127.0.0.1").header("Forwarded", "for=203.0.113.10")
                .header("Authorization", FORGED).get("/api/v1/agents").statusCode());
    }

    @Test
    void anUntrustedPeerCannotEscapeTheBackoffByRotatingForwardedHeaders() throws Exception {
        String peer = "127.0.0.31";
        assertEquals("[401, 401, 401, 401, 429, 429]",
                ClientAddresses.statusesWithRotatingForwardedHeaders(peer, FORGED, "192.0.2.", 6),
                "only 127.0.0.1 is trusted: every guess counts against the peer's own address");
        List<String> audited = auditedAddresses(peer);
        assertTrue(audited.contains(peer), audited.toString());
        assertTrue(audited.stream().noneMatch(a -> a.startsWith("192.0.2.")), audited.toString());
    }
}
