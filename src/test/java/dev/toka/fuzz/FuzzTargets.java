package dev.toka.fuzz;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKeySet;

/** Prepares a {@link FuzzTarget} in a running service over its own API, as the admin. */
public final class FuzzTargets {

    private static final List<String> PERMISSIONS = List.of("task:schedule", "agent:spawn", "events:read", "tool:*");

    private FuzzTargets() {}

    /**
     * Spawns the agents, issues the tokens and starts the run the generator aims at.
     *
     * @param baseUrl       The service, e.g. {@code http://127.0.0.1:8080}.
     * @param adminBearer   {@code Bearer <admin secret>}.
     * @param serviceSigner Signs with the service's own key, where the caller can reach it.
     */
    public static FuzzTarget create(String baseUrl, String adminBearer, Optional<FuzzTarget.ClaimsSigner> serviceSigner)
            throws Exception {
        String agent = spawn(baseUrl, adminBearer, "fuzz-target", "default");
        String stranger = spawn(baseUrl, adminBearer, "fuzz-stranger", "default");
        String otherVaultAgent = spawn(baseUrl, adminBearer, "fuzz-other-agent", "fuzz-other");
        String runId = admin(baseUrl, adminBearer)
                .body("[{\"metadata\":{\"name\":\"fuzz-run\",\"version\":\"v1\",\"workstream\":\"fuzz\"},"
                        + "\"spec\":{\"name\":\"Fuzz\",\"domain\":\"fuzz\",\"priority\":\"low\",\"type\":\"script\"},"
                        + "\"tasks\":{\"default\":[{\"description\":\"noop\",\"priority\":\"low\",\"steps\":[\"noop\"]}]}}]")
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        String agentBearer = token(baseUrl, adminBearer, agent, "default", PERMISSIONS);
        JsonWebKeySet keys = new JsonWebKeySet(given().baseUri(baseUrl).get("/.well-known/jwks.json").then()
                .statusCode(200).extract().asString());
        var key = keys.findJsonWebKey(claim(agentBearer, 0, "kid"), null, null, null);
        String spare = token(baseUrl, adminBearer, agent, "default", List.of("task:schedule"));
        return new FuzzTarget(adminBearer, agent, agentBearer,
                token(baseUrl, adminBearer, stranger, "default", PERMISSIONS),
                token(baseUrl, adminBearer, otherVaultAgent, "fuzz-other", PERMISSIONS), runId, claim(spare, 1, "jti"),
                key.getKeyId(), key.getKey().getEncoded(), serviceSigner);
    }

    private static RequestSpecification admin(String baseUrl, String adminBearer) {
        return given().baseUri(baseUrl).header("Authorization", adminBearer).contentType(ContentType.JSON);
    }

    private static String spawn(String baseUrl, String adminBearer, String name, String vault) {
        return admin(baseUrl, adminBearer).body(Map.of("op", "spawn-agent", "name", name, "type", "script", "vault", vault))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    private static String token(String baseUrl, String adminBearer, String subject, String vault, List<String> permissions) {
        return "Bearer " + admin(baseUrl, adminBearer)
                .body(Map.of("subject", subject, "vault", vault, "permissions", permissions, "ttlSeconds", 3_600))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    /** A string member of a bearer token's header (part 0) or claims (part 1). */
    private static String claim(String bearer, int part, String name) {
        String json = new String(Base64.getUrlDecoder().decode(bearer.substring("Bearer ".length()).split("\\.")[part]),
                StandardCharsets.UTF_8);
        return json.replaceAll(".*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }
}
