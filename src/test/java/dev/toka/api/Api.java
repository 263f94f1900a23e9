package dev.toka.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small helpers for driving the API in tests: spawn agents and issue tokens over real HTTP. */
final class Api {

    static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";

    private Api() {}

    /**
     * Every agent of {@code GET /api/v1/agents} the bearer may see, following the cursors to the last page.
     *
     * @param filters Query parameters as name, value pairs (state, type, vault, parent).
     */
    static List<Map<String, Object>> agents(String bearer, String... filters) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("Authorization", bearer).queryParam("limit", 1000);
            for (int i = 0; i < filters.length; i += 2) {
                request.queryParam(filters[i], filters[i + 1]);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/v1/agents").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("agents"));
            cursor = page.getString("next");
        } while (cursor != null);
        return all;
    }

    /** The {@code field} of every agent {@link #agents} lists. */
    static List<String> agentField(String field, String bearer, String... filters) {
        return agents(bearer, filters).stream().map(agent -> (String) agent.get(field)).toList();
    }

    static String spawnRoot(String name) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", name, "type", "script"))
                .post("/api/v1/operations")
                .then().statusCode(201)
                .extract().path("agentId");
    }

    static String spawnChild(String bearer, String parent, String name) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "parent", parent, "name", name, "type", "script"))
                .post("/api/v1/operations")
                .then().statusCode(201)
                .extract().path("agentId");
    }

    static String spawnRootIn(String vault, String name) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", name, "type", "script", "vault", vault))
                .post("/api/v1/operations")
                .then().statusCode(201)
                .extract().path("agentId");
    }

    static String tokenIn(String vault, String subject, String... permissions) {
        return "Bearer " + given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "vault", vault, "permissions", List.of(permissions),
                        "ttlSeconds", 600))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }

    /** Delegates from {@code parentBearer} to {@code child}; returns the child's bearer header value. */
    static String delegate(String parentBearer, String child, int ttlSeconds, String... permissions) {
        return "Bearer " + given().header("Authorization", parentBearer).contentType(ContentType.JSON)
                .body(Map.of("subject", child, "permissions", List.of(permissions), "ttlSeconds", ttlSeconds))
                .post("/api/v1/tokens/delegate")
                .then().statusCode(201)
                .extract().path("token");
    }

    /** The jti inside a bearer header value. */
    static String jtiOf(String bearer) {
        String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
        String json = new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8);
        return json.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
    }

    static String tokenFor(String subject, String... permissions) {
        return "Bearer " + given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "permissions", List.of(permissions), "ttlSeconds", 600))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
