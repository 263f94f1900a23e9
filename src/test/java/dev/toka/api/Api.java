package dev.toka.api;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;

/** Small helpers for driving the API in tests: spawn agents and issue tokens over real HTTP. */
final class Api {

    static final String ADMIN = "Bearer test-admin-secret";

    private Api() {}

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

    static String tokenFor(String subject, String... permissions) {
        return "Bearer " + given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "permissions", List.of(permissions), "ttlSeconds", 600))
                .post("/api/v1/tokens")
                .then().statusCode(201)
                .extract().path("token");
    }
}
