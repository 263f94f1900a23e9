package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Key rotation with short token lifetimes: a token signed before a rotation keeps working until it
 * expires, then fails; the JWKS lists the old key exactly as long as it can verify a live token.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.ShortLivedTokens.class)
class KeyRotationTest {

    /** Tokens live at most 4 s, with 1 s of clock skew. */
    public static class ShortLivedTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.security.max-ttl", "PT4S", "toka.security.default-ttl", "PT3S",
                    "toka.security.clock-skew", "PT1S");
        }
    }

    private static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    private static String issue(String agent) {
        return given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", agent, "permissions", List.of("task:schedule"), "ttlSeconds", 3))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    private static int schedule(String token, String agent) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "x"))
                .post("/api/v1/operations").statusCode();
    }

    private static List<String> jwksKids() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().path("keys.kid");
    }

    @Test
    void oldTokensVerifyUntilTheyExpireAndTheJwksFollows() throws Exception {
        String agent = Api.spawnRoot("rotating");
        String before = issue(agent);
        String oldKid = kidOf(before);

        String newKid = given().header("Authorization", Api.ADMIN).post("/api/v1/keys/rotate")
                .then().statusCode(201).extract().path("kid");
        long rotatedAt = System.currentTimeMillis();
        assertNotEquals(oldKid, newKid);

        String after = issue(agent);
        assertEquals(newKid, kidOf(after), "new tokens use the new key at once");
        assertEquals(201, schedule(before, agent), "a token signed before the rotation still works");
        assertTrue(jwksKids().containsAll(List.of(oldKid, newKid)), "both keys can verify live tokens");

        // The old token expires 3 s after issue (plus 1 s skew): then it fails.
        Thread.sleep(Math.max(0, rotatedAt + 4_500 - System.currentTimeMillis()));
        assertEquals(401, schedule(before, agent));

        // No live token can carry the old key once max-ttl plus skew has passed since the rotation.
        Thread.sleep(Math.max(0, rotatedAt + 5_500 - System.currentTimeMillis()));
        assertEquals(List.of(newKid), jwksKids().stream().filter(k -> k.equals(oldKid) || k.equals(newKid)).toList());
    }

    @Test
    void onlyTheAdminRotates() {
        String agent = Api.spawnRoot("not-admin");
        given().header("Authorization", "Bearer " + issue(agent)).post("/api/v1/keys/rotate")
                .then().statusCode(403).contentType("application/problem+json");
    }
}
