package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.toka.security.SigningKey;
import dev.toka.security.keys.SigningKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken capability tokens, each refused with 401 over real HTTP. Tokens with bad
 * claims are signed with the service's real key, so only the claim rule can refuse them.
 */
@QuarkusTest
class TokenRejectionTest {

    @Inject
    SigningKeys keys;

    private String agent;
    private SigningKey key;

    @BeforeEach
    void setUp() {
        agent = Api.spawnRoot("token-target");
        key = keys.current();
    }

    private Map<String, Object> claims() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "toka");
        claims.put("sub", agent);
        claims.put("vault", "default");
        claims.put("permissions", List.of("task:schedule"));
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    private String sign(Map<String, Object> claims, String alg, String kid, Key signingKey) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JsonUtil.toJson(claims));
            jws.setAlgorithmHeaderValue(alg);
            jws.setKeyIdHeaderValue(kid);
            jws.setKey(signingKey);
            jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String signed(Map<String, Object> claims) {
        return sign(claims, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, key.kid(), key.privateKey());
    }

    private void accepted(String token) {
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "ok"))
                .post("/api/v1/operations").then().statusCode(201);
    }

    private void refused(String token, String why) {
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "x"))
                .post("/api/v1/operations")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:unauthorized"))
                .body("detail", containsString(why));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAWellFormedTokenSignedByTheService() {
        accepted(signed(claims()));
    }

    @Test
    void refusesMalformedTokens() {
        refused("not-a-jwt", "not a signed JWT");
        refused("a.b", "not a signed JWT");
        refused("a.b.", "not a signed JWT");
        refused("%%%.e30.sig", "base64url");
    }

    @Test
    void refusesAnExpiredToken() {
        Map<String, Object> claims = claims();
        claims.put("iat", Instant.now().getEpochSecond() - 600);
        claims.put("exp", Instant.now().getEpochSecond() - 60);
        refused(signed(claims), "invalid");
    }

    @Test
    void refusesATokenIssuedInTheFuture() {
        Map<String, Object> claims = claims();
        claims.put("iat", Instant.now().getEpochSecond() + 600);
        claims.put("exp", Instant.now().getEpochSecond() + 900);
        refused(signed(claims), "not yet valid");
    }

    @Test
    void refusesATokenNotValidBefore() {
        Map<String, Object> claims = claims();
        claims.put("nbf", Instant.now().getEpochSecond() + 120);
        refused(signed(claims), "invalid");
    }

    @Test
    void refusesATokenSignedByAnotherKeyUnderOurKid() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        refused(sign(claims(), "ES256", key.kid(), generator.generateKeyPair().getPrivate()), "invalid");
    }

    @Test
    void refusesAlgNone() {
        String token = b64("{\"alg\":\"none\",\"kid\":\"" + key.kid() + "\"}") + "." + b64(JsonUtil.toJson(claims()))
                + ".";
        refused(token, "not a signed JWT");
        refused(token + "c2ln", "'none' is not accepted");
    }

    @Test
    void refusesHmacSignedWithThePublicKey() {
        String token = sign(claims(), AlgorithmIdentifiers.HMAC_SHA256, key.kid(),
                new SecretKeySpec(key.publicKey().getEncoded(), "HmacSHA256"));
        refused(token, "'HS256' is not accepted");
    }

    @Test
    void refusesAnUnknownKid() {
        refused(sign(claims(), "ES256", "no-such-kid", key.privateKey()), "unknown key id");
    }

    @Test
    void refusesClaimsWidenedAfterSigning() {
        String[] parts = signed(claims()).split("\\.");
        Map<String, Object> widened = claims();
        widened.put("permissions", List.of("admin"));
        refused(parts[0] + "." + b64(JsonUtil.toJson(widened)) + "." + parts[2], "invalid");
    }

    @Test
    void refusesATokenOver8192Bytes() {
        Map<String, Object> claims = claims();
        claims.put("padding", "p".repeat(9000));
        refused(signed(claims), "8192");
    }

    @Test
    void refusesMoreThan100Permissions() {
        Map<String, Object> claims = claims();
        claims.put("permissions", Collections.nCopies(101, "task:schedule"));
        refused(signed(claims), "100 permissions");
    }

    @Test
    void acceptsExactly100Permissions() {
        Map<String, Object> claims = claims();
        claims.put("permissions", Collections.nCopies(100, "task:schedule"));
        accepted(signed(claims));
    }

    @Test
    void refusesAPermissionOver64Characters() {
        Map<String, Object> claims = claims();
        claims.put("permissions", List.of("task:schedule", "p".repeat(65)));
        refused(signed(claims), "64 characters");
    }

    @Test
    void refusesIdentifiersOver256Bytes() {
        for (String claim : List.of("sub", "vault", "jti")) {
            Map<String, Object> claims = claims();
            claims.put(claim, "é".repeat(129));
            refused(signed(claims), "'" + claim + "' is longer than 256 bytes");
        }
    }

    @Test
    void refusesATokenWithoutRequiredClaims() {
        Map<String, Object> claims = claims();
        claims.remove("jti");
        refused(signed(claims), "invalid");
    }

    @Test
    void refusesAWrongIssuer() {
        Map<String, Object> claims = claims();
        claims.put("iss", "someone-else");
        refused(signed(claims), "invalid");
    }

    @Test
    void remembersAVerifiedTokenNeverPastItsExpiry() throws Exception {
        Map<String, Object> claims = claims();
        long exp = Instant.now().getEpochSecond() + 2;
        claims.put("exp", exp);
        String token = signed(claims);
        accepted(token);
        accepted(token); // now from the verification cache
        // Past expiry plus the 1 s clock skew the test profile allows.
        Thread.sleep(Math.max(0, (exp + 2) * 1000 - System.currentTimeMillis()));
        refused(token, "invalid");
    }

    @Test
    void refusesAnIssuedTokenWithBytesOutsideBase64UrlAddedAnywhere() {
        String agent = Api.spawnRoot("padded-token");
        String token = Api.tokenFor(agent, "agents:read").substring("Bearer ".length());
        int dot = token.indexOf('.');
        for (String padded : java.util.List.of(token + "!", token + "=", "*" + token, token.substring(0, dot) + "~" + token.substring(dot),
                token + "\u00ff")) {
            given().header("Authorization", "Bearer " + padded).get("/api/v1/agents").then()
                    .statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("base64url"));
        }
        given().header("Authorization", "Bearer " + token).get("/api/v1/agents").then().statusCode(200);
    }
}
