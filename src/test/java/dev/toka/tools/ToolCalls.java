package dev.toka.tools;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Drives the tools API over real HTTP in tests. */
final class ToolCalls {

    static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";
    /** {@code %test.toka.tools.workspace-root}. */
    static final Path WORKSPACES = Path.of("target/test-workspaces");

    private ToolCalls() {}

    /** A fresh agent id, so each test has its own workspace. */
    static String freshAgent() {
        return "agent-" + UUID.randomUUID();
    }

    /** The workspace of an admin call for {@code agent} without a run. */
    static Path workspaceOf(String agent) {
        return WORKSPACES.resolve("default").resolve("agent-" + agent);
    }

    static ValidatableResponse invoke(String bearer, String tool, Map<String, Object> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/tools/" + tool + "/invoke")
                .then();
    }

    /** An admin call for {@code agent} without a key. */
    static ValidatableResponse invokeFor(String agent, String tool, Map<String, Object> input) {
        return invoke(ADMIN, tool, Map.of("agent", agent, "input", input));
    }

    static String spawnRoot(String name) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", name, "type", "script"))
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
