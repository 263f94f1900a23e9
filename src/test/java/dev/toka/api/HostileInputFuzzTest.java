package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.security.SigningKey;
import dev.toka.security.SigningKeys;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of malformed and hostile tokens and bodies. Every answer must be a 4xx problem+json,
 * never a 5xx, and nothing but audit entries may reach the log.
 */
@QuarkusTest
class HostileInputFuzzTest {

    private static final Random RANDOM = new Random(20261125L);

    @Inject
    SigningKeys keys;

    @Inject
    EventStore store;

    private record Attempt(String description, String authorization, byte[] body, String contentType) {}

    @Test
    void everyHostileTokenAndBodyGetsA4xxProblemAndOnlyAuditEventsAreWritten() throws Exception {
        String agent = Api.spawnRoot("fuzz-target");
        String valid = Api.tokenFor(agent, "task:schedule").substring("Bearer ".length());
        List<Attempt> attempts = new ArrayList<>();
        hostileTokens(valid, agent, attempts);
        hostileBodies(agent, attempts);
        assertTrue(attempts.size() >= 500, "at least 500 attempts, got " + attempts.size());

        long headBefore = store.headPosition();
        for (Attempt attempt : attempts) {
            var request = given().contentType(attempt.contentType()).body(attempt.body());
            if (attempt.authorization() != null) {
                request.header("Authorization", attempt.authorization());
            }
            Response response = request.post("/api/v1/operations");
            int status = response.statusCode();
            assertTrue(status >= 400 && status < 500, attempt.description() + " answered " + status);
            assertTrue(response.contentType().startsWith("application/problem+json"),
                    attempt.description() + " answered " + response.contentType());
            assertEquals(status, response.jsonPath().getInt("status"), attempt.description());
        }

        List<StoredEvent> written = store.read(headBefore + 1, 100_000);
        for (StoredEvent event : written) {
            assertEquals("AuditRecorded", event.type(), "only audit entries may be written, found " + event);
        }
        assertEquals(0, given().header("Authorization", Api.ADMIN).queryParam("stream", "agent-" + agent)
                .get("/api/v1/events").then().extract().jsonPath().getList("events.findAll { it.type == 'TaskScheduled' }")
                .size());
    }

    private void hostileTokens(String valid, String agent, List<Attempt> attempts) throws Exception {
        byte[] body = ("{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"fuzz\"}")
                .getBytes(StandardCharsets.UTF_8);
        String[] parts = valid.split("\\.");
        SigningKey key = keys.current();
        // Truncated anywhere.
        for (int i = 0; i < 80; i++) {
            attempts.add(new Attempt("truncated", "Bearer " + valid.substring(0, RANDOM.nextInt(valid.length() - 1)),
                    body, "application/json"));
        }
        // Re-signed with foreign keys under our kid.
        for (int i = 0; i < 40; i++) {
            attempts.add(new Attempt("foreign key", "Bearer " + sign(claims(agent), "ES256", key.kid(), foreignKey()),
                    body, "application/json"));
        }
        // Algorithm swapped in the header, signature kept.
        String[] algorithms = {"none", "HS256", "HS512", "RS256", "ES384", "ES512", "PS256", "es256", "", "ES256 "};
        for (int i = 0; i < 60; i++) {
            String header = b64("{\"alg\":\"" + algorithms[i % algorithms.length] + "\",\"kid\":\"" + key.kid() + "\"}");
            attempts.add(new Attempt("alg swapped", "Bearer " + header + "." + parts[1] + "." + parts[2], body,
                    "application/json"));
        }
        // Claims widened after signing.
        String[] widenings = {"\"permissions\":[\"admin\"]", "\"vault\":\"other\"", "\"sub\":\"someone-else\"",
            "\"exp\":9999999999", "\"depth\":0,\"chain\":[]"};
        for (int i = 0; i < 60; i++) {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            String widened = payload.substring(0, payload.length() - 1) + "," + widenings[i % widenings.length] + "}";
            attempts.add(new Attempt("claims widened", "Bearer " + parts[0] + "." + b64(widened) + "." + parts[2],
                    body, "application/json"));
        }
        // Garbage, huge and odd credentials.
        for (int i = 0; i < 60; i++) {
            byte[] noise = new byte[1 + RANDOM.nextInt(300)];
            RANDOM.nextBytes(noise);
            attempts.add(new Attempt("random", "Bearer " + Base64.getUrlEncoder().encodeToString(noise) + "."
                    + b64("{}") + ".x", body, "application/json"));
        }
        for (int i = 0; i < 20; i++) {
            attempts.add(new Attempt("huge", "Bearer " + "A".repeat(8_200 + RANDOM.nextInt(4_000)) + ".e30.sig", body,
                    "application/json"));
        }
        String[] odd = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "bearer x.y.z", "Token abc", "Bearer a.b.c.d",
            "Bearer ..", "Bearer \u00e9\u00e8.\u00e0.x"};
        for (String authorization : odd) {
            attempts.add(new Attempt("odd scheme " + authorization, authorization, body, "application/json"));
        }
        attempts.add(new Attempt("no credential", null, body, "application/json"));
    }

    private void hostileBodies(String agent, List<Attempt> attempts) {
        String admin = Api.ADMIN;
        for (int i = 0; i < 60; i++) {
            byte[] noise = new byte[1 + RANDOM.nextInt(200)];
            RANDOM.nextBytes(noise);
            attempts.add(new Attempt("non-UTF-8 body", admin, noise, "application/json"));
        }
        for (int depth : new int[] {2_000, 10_000, 50_000}) {
            attempts.add(new Attempt("nested arrays " + depth, admin,
                    ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8), "application/json"));
            attempts.add(new Attempt("nested objects " + depth, admin,
                    ("{\"op\":" .repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8),
                    "application/json"));
        }
        String[] shapes = {"", "null", "[]", "42", "\"op\"", "{}", "{\"op\":null}", "{\"op\":42}", "{\"op\":[]}",
            "{\"op\":\"schedule-task\"}", "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\"}",
            "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"\"}",
            "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":42}",
            "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":{\"a\":1}}",
            "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"" + "x".repeat(5_000) + "\"}",
            "{\"op\":\"schedule-task\",\"agent\":\"nobody\",\"description\":\"x\"}",
            "{\"op\":\"emit-observation\",\"agent\":\"" + agent + "\",\"data\":\"***not base64***\"}",
            "{\"op\":\"spawn-agent\",\"name\":\"" + "n".repeat(300) + "\",\"type\":\"script\"}",
            "{\"op\":\"spawn-agent\",\"name\":\"ok\"}",
            "{\"op\":\"spawn-agent\",\"name\":\"ok\",\"type\":\"script\",\"token\":\"oops\"}",
            "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"x\",\"token\":{}}",
            "{\"op\":\"launch\"}", "{\"op\":\"spawn-agent\"", "{\"op\":\"spawn-agent\",}", "{'op':'spawn-agent'}",
            "{\"op\":\"\\ud800\"}", "{\"op\":\"spawn-agent\",\"name\":\"\\u0000\",\"type\":\" \"}"};
        for (int round = 0; round < 6; round++) {
            for (String shape : shapes) {
                attempts.add(new Attempt("shape " + shape.substring(0, Math.min(40, shape.length())), admin,
                        shape.getBytes(StandardCharsets.UTF_8), "application/json"));
            }
        }
        for (String type : new String[] {"text/plain", "application/xml", "application/octet-stream"}) {
            attempts.add(new Attempt("media type " + type, admin, "op=spawn-agent".getBytes(StandardCharsets.UTF_8),
                    type));
        }
    }

    private static Map<String, Object> claims(String agent) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "toka");
        claims.put("sub", agent);
        claims.put("vault", "default");
        claims.put("permissions", List.of("admin"));
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("exp", Instant.now().getEpochSecond() + 300);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private static PrivateKey foreignKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair().getPrivate();
    }

    private static String sign(Map<String, Object> claims, String alg, String kid, PrivateKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JsonUtil.toJson(claims));
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setKey(key);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        return jws.getCompactSerialization();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
