package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rejection of the operations API, each with its status and problem type. */
@QuarkusTest
class ApiRejectionsTest {

    private static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:" + slug))
                .body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.notNullValue());
    }

    private static ValidatableResponse submit(String bearer, Object body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/api/v1/operations").then();
    }

    @Test
    void rejectsOperationWithoutCredentialWith401() {
        problem(given().contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "x", "type", "script"))
                .post("/api/v1/operations").then(), 401, "unauthorized")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void rejectsARepeatedMemberWith400InsteadOfTakingOneOfThem() {
        String name = "duplicate-" + java.util.UUID.randomUUID();
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body("{\"op\":\"spawn-agent\",\"name\":\"" + name + "-a\",\"name\":\"" + name + "-b\",\"type\":\"script\"}")
                .post("/api/v1/operations").then(), 400, "malformed-json")
                .body("detail", containsString("name"));
        assertTrue(Api.agentField("name", Api.ADMIN).stream().noneMatch(n -> n.startsWith(name)));
        // A record body (no setters) once answered a bare 500 from Jackson's creator for a repeated member.
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body("{\"reason\":\"a\",\"reason\":\"b\"}").post("/api/v1/runs/no-such-run/cancel").then(),
                400, "malformed-json");
    }

    @Test
    void rejectsTwoAuthorizationHeadersInsteadOfPickingOne() {
        String name = "two-credentials-" + java.util.UUID.randomUUID();
        for (List<String> credentials : List.of(List.of("Bearer forged", Api.ADMIN), List.of(Api.ADMIN, "Bearer forged"))) {
            problem(given().header("Authorization", credentials.get(0)).header("Authorization", credentials.get(1))
                    .contentType(ContentType.JSON).body(Map.of("op", "spawn-agent", "name", name, "type", "script"))
                    .post("/api/v1/operations").then(), 400, "invalid-request")
                    .body("field", equalTo("Authorization"));
        }
        assertFalse(Api.agentField("name", Api.ADMIN).contains(name));
    }

    @Test
    void rejectsAMultipartBodyThatDoesNotParseWith400() {
        String yaml = "--other\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.yaml\"\r\n\r\nmetadata: {}\r\n";
        for (String path : List.of("/api/v1/workstreams/validate", "/api/v1/runs")) {
            problem(given().header("Authorization", Api.ADMIN).contentType("multipart/form-data; boundary=declared")
                    .body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(path).then(), 400, "invalid-request")
                    .body("field", equalTo("body"));
        }
    }

    @Test
    void rejectsOverlongUtf8InAJsonBodyWith400() {
        String name = "overlong-" + java.util.UUID.randomUUID();
        for (byte[] overlong : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                new byte[] {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, new byte[] {(byte) 0xC1, (byte) 0xBF})) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            body.writeBytes(("{\"op\":\"spawn-agent\",\"type\":\"script\",\"name\":\"" + name + "..").getBytes());
            body.writeBytes(overlong);
            body.writeBytes("x\"}".getBytes());
            problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).body(body.toByteArray())
                    .post("/api/v1/operations").then(), 400, "invalid-request")
                    .body("field", equalTo("body"));
        }
        assertTrue(Api.agentField("name", Api.ADMIN).stream().noneMatch(n -> n.startsWith(name)));
    }

    @Test
    void rejectsGarbageBearerWith401() {
        problem(submit("Bearer not-a-token", Map.of("op", "spawn-agent", "name", "x", "type", "script")),
                401, "unauthorized");
    }

    @Test
    void rejectsTokenWithoutPermissionWith403NamingItAndAuditsTheDenial() {
        String agent = Api.spawnRoot("no-rights");
        String token = Api.tokenFor(agent, "events:read");
        problem(submit(token, Map.of("op", "schedule-task", "agent", agent, "description", "x")), 403, "forbidden")
                .body("missingPermission", equalTo("task:schedule"))
                .body("detail", containsString("task:schedule"));

        given().header("Authorization", Api.ADMIN).queryParam("stream", "audit").queryParam("limit", 1000)
                .get("/api/v1/events").then().statusCode(200)
                .body("events.findAll { it.payload.principal == '" + agent + "' }.payload.action", hasItem("task:schedule"))
                .body("events.findAll { it.payload.principal == '" + agent + "' }.payload.decision", hasItem("deny"));
    }

    @Test
    void rejectsActingOnAnAgentThatIsNotOwnOrDescendantWith403() {
        String mine = Api.spawnRoot("mine");
        String other = Api.spawnRoot("other");
        String token = Api.tokenFor(mine, "task:schedule");
        problem(submit(token, Map.of("op", "schedule-task", "agent", other, "description", "x")), 403, "forbidden")
                .body("detail", containsString("descendants"));
    }

    @Test
    void allowsActingOnADescendant() {
        String parent = Api.spawnRoot("parent");
        String token = Api.tokenFor(parent, "agent:spawn", "task:schedule");
        String child = Api.spawnChild(token, parent, "child");
        submit(token, Map.of("op", "schedule-task", "agent", child, "description", "for the child")).statusCode(201);
    }

    @Test
    void rejectsRootSpawnByANonAdminWith403() {
        String agent = Api.spawnRoot("spawner");
        String token = Api.tokenFor(agent, "agent:spawn");
        problem(submit(token, Map.of("op", "spawn-agent", "name", "rogue", "type", "script")), 403, "forbidden")
                .body("missingPermission", equalTo("admin"));
    }

    @Test
    void rejectsUnknownAgentWith404() {
        problem(submit(Api.ADMIN, Map.of("op", "schedule-task", "agent", "no-such-agent", "description", "x")),
                404, "not-found").body("agentId", equalTo("no-such-agent"));
    }

    @Test
    void rejectsOperationsOnATerminatedAgentWith409() {
        String agent = Api.spawnRoot("doomed");
        submit(Api.ADMIN, Map.of("op", "terminate-agent", "agent", agent, "reason", "test")).statusCode(201);
        problem(submit(Api.ADMIN, Map.of("op", "schedule-task", "agent", agent, "description", "x")),
                409, "agent-state-conflict").body("state", equalTo("terminated"));
        problem(submit(Api.ADMIN, Map.of("op", "terminate-agent", "agent", agent)), 409, "agent-state-conflict");
    }

    @Test
    void rejectsResumingAnAgentThatIsNotSuspendedWith409() {
        String agent = Api.spawnRoot("awake");
        problem(submit(Api.ADMIN, Map.of("op", "resume-agent", "agent", agent)), 409, "agent-state-conflict");
    }

    @Test
    void rejectsOverlongDescriptionWith400NamingFieldAndLimit() {
        String agent = Api.spawnRoot("busy");
        problem(submit(Api.ADMIN, Map.of("op", "schedule-task", "agent", agent, "description", "x".repeat(4097))),
                400, "invalid-request")
                .body("field", equalTo("description"))
                .body("detail", containsString("4096"));
    }

    @Test
    void rejectsOverlongAgentNameWith400() {
        problem(submit(Api.ADMIN, Map.of("op", "spawn-agent", "name", "n".repeat(257), "type", "script")),
                400, "invalid-request").body("field", equalTo("name"));
    }

    @Test
    void rejectsOversizeObservationWith400() {
        String agent = Api.spawnRoot("observer");
        String data = Base64.getEncoder().encodeToString(new byte[1_048_577]);
        problem(submit(Api.ADMIN, Map.of("op", "emit-observation", "agent", agent, "data", data)),
                400, "invalid-request").body("field", equalTo("data"));
    }

    @Test
    void acceptsObservationOfExactlyOneMebibyte() {
        String agent = Api.spawnRoot("observer-max");
        String data = Base64.getEncoder().encodeToString(new byte[1_048_576]);
        submit(Api.ADMIN, Map.of("op", "emit-observation", "agent", agent, "data", data)).statusCode(201)
                .body("event.type", equalTo("ObservationEmitted"));
    }

    @Test
    void rejectsUnknownOpWith400ListingTheKnownOnes() {
        problem(submit(Api.ADMIN, Map.of("op", "launch-missiles")), 400, "unknown-operation")
                .body("detail", containsString("schedule-task"));
    }

    @Test
    void rejectsBodyWithoutOpWith400() {
        problem(submit(Api.ADMIN, Map.of("name", "x")), 400, "invalid-request").body("field", equalTo("op"));
    }

    /** The caller is resolved before the body is read: a refused caller's input is never parsed. */
    @Test
    void refusesACallerWithoutCredentialBeforeReadingItsBody() {
        problem(given().contentType(ContentType.JSON).body("{\"op\": \"spawn-agent\", ")
                .post("/api/v1/operations").then(), 401, "unauthorized");
    }

    /** A route's action names its path parameters: a refused tool call is audited as {@code tool:<id>}. */
    @Test
    void auditsARefusedToolCallUnderTheToolsName() {
        given().header("Authorization", "Bearer not-a-token").contentType(ContentType.JSON)
                .body(Map.of("input", Map.of("path", "a.txt")))
                .post("/api/v1/tools/fs.read/invoke").then().statusCode(401);
        given().header("Authorization", Api.ADMIN)
                .queryParam("action", "tool:fs.read").queryParam("decision", "deny")
                .get("/api/v1/audit")
                .then().statusCode(200)
                .body("entries.entry.status", org.hamcrest.Matchers.hasItem(401));
    }

    @Test
    void rejectsMalformedJsonWith400() {
        problem(submit(Api.ADMIN, "{\"op\": \"spawn-agent\", "), 400, "malformed-json");
    }

    @Test
    void rejectsWrongTypeForAFieldWith400NamingIt() {
        problem(submit(Api.ADMIN, Map.of("op", "emit-observation", "agent", "a", "data", Map.of("not", "bytes"))),
                400, "malformed-json").body("field", equalTo("data"));
    }

    @Test
    void rejectsUnsupportedMediaTypeWith415() {
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.TEXT).body("op=spawn-agent")
                .post("/api/v1/operations").then(), 415, "unsupported-media-type");
    }

    @Test
    void answersUnknownRouteWith404Problem() {
        problem(given().get("/api/v1/no-such-thing").then(), 404, "not-found");
    }

    @Test
    void answersWrongMethodWith405Problem() {
        problem(given().header("Authorization", Api.ADMIN).delete("/api/v1/operations").then(),
                405, "method-not-allowed");
    }

    @Test
    void rejectsEventsReadWithoutPermissionWith403() {
        String agent = Api.spawnRoot("reader");
        problem(given().header("Authorization", Api.tokenFor(agent, "task:schedule")).get("/api/v1/events").then(),
                403, "forbidden").body("missingPermission", equalTo("events:read"));
    }

    @Test
    void rejectsOutOfRangeEventQueryWith400() {
        problem(given().header("Authorization", Api.ADMIN).queryParam("limit", 0).get("/api/v1/events").then(),
                400, "invalid-request").body("field", equalTo("limit"));
    }

    @Test
    void rejectsTokenIssuanceByNonAdminWith403() {
        String agent = Api.spawnRoot("issuer");
        problem(given().header("Authorization", Api.tokenFor(agent, "agent:spawn")).contentType(ContentType.JSON)
                .body(Map.of("subject", agent, "permissions", List.of("admin")))
                .post("/api/v1/tokens").then(), 403, "forbidden");
    }

    @Test
    void rejectsTokenRequestsBreakingLimitsWith400() {
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", "s", "permissions", List.of("a".repeat(65))))
                .post("/api/v1/tokens").then(), 400, "invalid-request").body("field", equalTo("permissions[0]"));
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", "s", "permissions", java.util.Collections.nCopies(101, "task:schedule")))
                .post("/api/v1/tokens").then(), 400, "invalid-request").body("field", equalTo("permissions"));
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", "s".repeat(257), "permissions", List.of()))
                .post("/api/v1/tokens").then(), 400, "invalid-request").body("field", equalTo("subject"));
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", "s", "permissions", List.of(), "ttlSeconds", 86_400))
                .post("/api/v1/tokens").then(), 400, "invalid-request").body("field", equalTo("ttlSeconds"));
    }
}
