package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.security.SecurityEvents;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every input is bounded before it costs anything, and every refusal is a problem: extreme numbers,
 * bytes that are not UTF-8, oversized and deep bodies, the HTTP layer's own refusals, and invalid
 * Unicode, which must be refused before anything is appended, and must not break a reader when the
 * log already holds it.
 */
@QuarkusTest
class BoundedInputTest {

    /** A cost whose plain form has a billion digits. */
    private static final String HUGE_COST = "1e999999999";

    @Inject
    EventStore store;

    @TestHTTPResource("/")
    URL server;

    private static ValidatableResponse problem(ValidatableResponse response, int status, String slug) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:" + slug))
                .body("status", equalTo(status))
                .body("title", notNullValue());
    }

    /** A minimal valid workstream spec in YAML. */
    private static String spec(String name) {
        return "metadata:\n  name: " + name + "\n  version: v1\n  workstream: test\n"
                + "spec:\n  name: " + name + " agent\n  domain: testing\n  priority: high\n"
                + "tasks:\n  default:\n    - description: \"echo " + name + "\"\n      priority: medium\n";
    }

    private static ValidatableResponse submit(Object body) {
        return given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).body(body)
                .post("/api/v1/operations").then();
    }

    /** Events other than audit entries appended after {@code head} (a signing key the service makes itself aside). */
    private List<StoredEvent> appendedSince(long head) {
        return store.read(head + 1, 1_000).stream()
                .filter(event -> !event.streamId().equals(SecurityEvents.AUDIT_STREAM))
                .filter(event -> !event.type().equals("SigningKeyCreated"))
                .toList();
    }

    /** A 400 problem naming the field: invalid-request, or malformed-json when the JSON could not be bound. */
    private static ValidatableResponse refusal(ValidatableResponse response, String field) {
        return response.statusCode(400).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.oneOf("urn:toka:problem:invalid-request",
                        "urn:toka:problem:malformed-json"))
                .body("field", equalTo(field));
    }

    // ---- numbers and money ----

    @Test
    void aHugeExponentInATokenBudgetIsRefusedQuicklyNamingTheField() {
        long started = System.nanoTime();
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body("{\"subject\":\"a\",\"permissions\":[\"events:read\"],\"budget\":{\"cost\":\"" + HUGE_COST + "\"}}")
                .post("/api/v1/tokens").then(), 400, "invalid-request")
                .body("field", equalTo("budget.cost"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "refused without expanding it");
    }

    @Test
    void aHugeExponentInADelegatedBudgetIsRefusedNamingTheField() {
        String parent = Api.spawnRoot("budget-parent");
        String bearer = Api.tokenFor(parent, "agent:spawn");
        String child = Api.spawnChild(bearer, parent, "budget-child");
        problem(given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body("{\"subject\":\"" + child + "\",\"permissions\":[],\"budget\":{\"cost\":" + HUGE_COST + "}}")
                .post("/api/v1/tokens/delegate").then(), 400, "invalid-request")
                .body("field", equalTo("budget.cost"));
    }

    @Test
    void aHugeMandateCostOnSpawnIsA400AndSpawnsNothing() {
        long head = store.headPosition();
        refusal(submit("{\"op\":\"spawn-agent\",\"name\":\"rich\",\"type\":\"script\","
                + "\"mandate\":{\"budget\":{\"cost\":" + HUGE_COST + "}}}"), "mandate.budget.cost");
        refusal(submit("{\"op\":\"spawn-agent\",\"name\":\"rich\",\"type\":\"script\","
                + "\"mandate\":{\"budget\":{\"cost\":\"" + HUGE_COST + "\"}}}"), "mandate.budget.cost");
        assertEquals(List.of(), appendedSince(head));
    }

    @Test
    void costsOutOfRangeOrTooPreciseAreRefusedAndOrdinaryOnesPass() {
        for (String cost : List.of("-1", "1e-999999999", "0.0000000001", "1000000000001", "NaN", "1".repeat(60))) {
            refusal(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("subject", "a", "permissions", List.of(), "budget", Map.of("cost", cost)))
                    .post("/api/v1/tokens").then(), "budget.cost");
        }
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", "a", "permissions", List.of(), "budget", Map.of("cost", "0.50", "tokens", 100)))
                .post("/api/v1/tokens").then().statusCode(201);
    }

    @Test
    void aRunsMaxCostQueryParameterIsBoundedTheSameWay() {
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON).queryParam("maxCost", HUGE_COST)
                .body("[]").post("/api/v1/runs").then(), 400, "invalid-request")
                .body("field", equalTo("maxCost"));
    }

    @Test
    void aHugeCostInAWorkstreamSpecIsAValidationError() {
        String spec = spec("costly")
                + "security:\n  budget:\n    cost: " + HUGE_COST + "\n";
        given().header("Authorization", Api.ADMIN)
                .multiPart("files", "costly.yaml", spec.getBytes(StandardCharsets.UTF_8), "application/yaml")
                .post("/api/v1/workstreams/validate").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("security.budget.cost"));
    }

    @Test
    void aQueryParameterThatIsNotANumberIsA400NotA404() {
        problem(given().header("Authorization", Api.ADMIN).queryParam("limit", "abc").get("/api/v1/events").then(),
                400, "invalid-request")
                .body("detail", containsString("abc"));
        problem(given().header("Authorization", Api.ADMIN).queryParam("maxTokens", "99999999999999999999999")
                .contentType(ContentType.JSON).body("[]").post("/api/v1/runs").then(), 400, "invalid-request");
    }

    // ---- YAML ----

    @Test
    void aYamlUploadThatIsNotUtf8IsA400OnValidateAndOnRuns() {
        byte[] latin1 = (spec("caf\u00e9")).getBytes(StandardCharsets.ISO_8859_1);
        for (String path : List.of("/api/v1/workstreams/validate", "/api/v1/runs")) {
            problem(given().header("Authorization", Api.ADMIN)
                    .multiPart("files", "latin1.yaml", latin1, "application/yaml")
                    .post(path).then(), 400, "invalid-request")
                    .body("field", equalTo("files"))
                    .body("detail", containsString("UTF-8"));
        }
    }

    @Test
    void deeplyNestedYamlIsRefusedAsInvalid() {
        String deep = spec("deep") + "extra: " + "[".repeat(200)
                + "]".repeat(200) + "\n";
        given().header("Authorization", Api.ADMIN)
                .multiPart("files", "deep.yaml", deep.getBytes(StandardCharsets.UTF_8), "application/yaml")
                .post("/api/v1/workstreams/validate").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.rule", hasItem(containsString("nesting depth")));
    }

    @Test
    void aYamlDocumentOverTheSizeLimitIsRefusedBeforeItIsScanned() {
        // One long scalar: SnakeYAML would scan it to its end before its own code-point limit applies.
        String huge = spec("huge") + "notes: \"" + "x".repeat(1_000_000) + "\"\n";
        given().header("Authorization", Api.ADMIN)
                .multiPart("files", "huge.yaml", huge.getBytes(StandardCharsets.UTF_8), "application/yaml")
                .post("/api/v1/workstreams/validate").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.rule", hasItem(containsString("the document has more than 262144 characters")));
    }

    @Test
    void aRefusalNeverGrowsWithTheRequest() {
        String op = "x".repeat(100_000);
        problem(submit("{\"op\":\"" + op + "\"}"), 400, "unknown-operation")
                .body("detail.length()", lessThan(1_100))
                .body("detail", containsString("more characters)"));
        var files = given().header("Authorization", Api.ADMIN);
        for (int i = 0; i < 150; i++) {
            files.multiPart("files", "bad-" + i + ".yaml", "kind: nothing\n".getBytes(StandardCharsets.UTF_8), "application/yaml");
        }
        files.post("/api/v1/workstreams/validate").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.size()", equalTo(100))
                .body("errorCount", greaterThanOrEqualTo(150));
    }

    // ---- JSON bodies ----

    @Test
    void aDeeplyNestedJsonBodyIsA400() {
        // Deeper than Toka's bound (64), well within Jackson's default (1000): the bound is set on purpose.
        String deep = "{\"op\":\"emit-observation\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        problem(submit(deep), 400, "malformed-json").body("detail", containsString("nesting depth"));
    }

    @Test
    void anOverlongNumberInAJsonBodyIsA400() {
        problem(submit("{\"op\":\"spawn-agent\",\"name\":\"n\",\"type\":\"script\",\"x\":" + "9".repeat(200) + "}"),
                400, "malformed-json").body("detail", containsString("Number value length"));
    }

    @Test
    void aBodyOverTheLimitIsA413ProblemBeforeItIsRead() throws Exception {
        RawHttp.Answer answer = raw("POST /api/v1/operations HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: " + Api.ADMIN + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (5 * 1024 * 1024) + "\r\n\r\n{\"op\":");
        assertProblem(answer, 413, "payload-too-large");
    }

    // ---- answers the HTTP layer makes itself ----

    @Test
    void anOverlongRequestLineIsA414Problem() throws Exception {
        RawHttp.Answer answer = raw("GET /api/v1/agents?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertProblem(answer, 414, "uri-too-long");
    }

    @Test
    void overlongHeadersAreA431Problem() throws Exception {
        RawHttp.Answer answer = raw("GET /api/v1/agents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "X-Padding: " + "a".repeat(40_000) + "\r\n\r\n");
        assertProblem(answer, 431, "header-fields-too-large");
    }

    @Test
    void methodMediaTypeAndAcceptRefusalsAreProblems() {
        problem(given().header("Authorization", Api.ADMIN).delete("/api/v1/operations").then(), 405,
                "method-not-allowed");
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.TEXT).body("x")
                .post("/api/v1/operations").then(), 415, "unsupported-media-type");
        problem(given().header("Authorization", Api.ADMIN).accept("image/png").get("/api/v1/agents").then(), 406,
                "not-acceptable");
    }

    private RawHttp.Answer raw(String request) throws Exception {
        return RawHttp.send("127.0.0.1", server, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String slug) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/problem+json"),
                answer.toString());
        assertTrue(answer.body().contains("\"type\":\"urn:toka:problem:" + slug + "\""), answer.body());
    }

    // ---- invalid Unicode ----

    @Test
    void aLoneSurrogateInANameIsRefusedBeforeAnythingIsAppended() {
        long head = store.headPosition();
        problem(submit("{\"op\":\"spawn-agent\",\"name\":\"bad\\ud800name\",\"type\":\"script\"}"), 400,
                "invalid-request")
                .body("field", equalTo("name"));
        assertEquals(List.of(), appendedSince(head));
        given().header("Authorization", Api.ADMIN).queryParam("from", Math.max(1, head - 10))
                .get("/api/v1/events").then().statusCode(200);
    }

    @Test
    void aLoneSurrogateAnywhereInAnOperationIsRefusedBeforeAnythingIsAppended() {
        String agent = Api.spawnRoot("unicode-target");
        long head = store.headPosition();
        problem(submit("{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"x\\udc00\"}"), 400,
                "invalid-request")
                .body("field", equalTo("description"));
        problem(given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body("{\"subject\":\"\\ud83d\",\"permissions\":[]}").post("/api/v1/tokens").then(), 400,
                "invalid-request");
        assertEquals(List.of(), appendedSince(head));
    }

    @Test
    void controlCharactersInAnAgentNameAreRefused() {
        long head = store.headPosition();
        problem(submit(Map.of("op", "spawn-agent", "name", "nul\u0000name", "type", "script")), 400,
                "invalid-request")
                .body("field", equalTo("name"));
        assertEquals(List.of(), appendedSince(head));
    }

    @Test
    void anOddEventAlreadyInTheLogBreaksNoReader() throws Exception {
        String runId = given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body("[{\"metadata\":{\"name\":\"odd\",\"version\":\"v1\",\"workstream\":\"t\"},"
                        + "\"spec\":{\"name\":\"odd agent\",\"domain\":\"d\",\"priority\":\"high\"},"
                        + "\"tasks\":{\"default\":[{\"description\":\"echo hi\",\"priority\":\"low\"}]}}]")
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        String agentId = given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId).then()
                .statusCode(200).extract().path("agents[0].agentId");
        // The run names its agent before it launches it.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> given().header("Authorization", Api.ADMIN)
                .get("/api/v1/agents/" + agentId).statusCode() == 200);
        // What an older release, a restore or a hand edit could have left: text with no UTF-8 form, a huge number
        // (1e300: the store's canonical JSON refuses what a double cannot hold).
        String oddAgent = UUID.randomUUID().toString();
        store.append("agent-" + oddAgent, ExpectedVersion.noStream(), List.of(new NewEvent(UUID.randomUUID(),
                "AgentSpawned", "{\"agentId\":\"" + oddAgent + "\",\"name\":\"odd\ud800one\",\"type\":\"script\","
                        + "\"vault\":\"default\",\"mandate\":{\"capabilities\":[],\"budget\":{\"cost\":1e300}}}", EventMetadata.of("admin"))));
        long oddPosition = store.append("agent-" + agentId, ExpectedVersion.any(), List.of(new NewEvent(UUID.randomUUID(),
                "TaskScheduled", "{\"agentId\":\"" + agentId + "\",\"taskId\":\"t-odd\",\"description\":\"\udc00\","
                        + "\"weight\":1e300}", EventMetadata.of("admin")))).get(0).position();

        given().header("Authorization", Api.ADMIN).queryParam("from", oddPosition - 1).get("/api/v1/events").then()
                .statusCode(200).body("events.position", hasItem((int) oddPosition));
        given().header("Authorization", Api.ADMIN).get("/api/v1/runs/" + runId + "/events").then().statusCode(200);
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents").then().statusCode(200);
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + oddAgent).then().statusCode(200);
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + agentId).then().statusCode(200);
        given().header("Authorization", Api.ADMIN).get("/api/v1/audit").then().statusCode(200);
        String export = given().header("Authorization", Api.ADMIN).get("/api/v1/events/export").then().statusCode(200)
                .extract().asString();
        assertTrue(export.contains("\\udc00"), "the lone surrogate is exported as its escape");
        given().header("Authorization", Api.ADMIN).get("/api/v1/events/verify").then().statusCode(200)
                .body("ok", equalTo(true));
        assertTrue(sseDelivers(oddPosition), "the SSE stream delivers the odd event");
    }

    private boolean sseDelivers(long position) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(server,
                "/api/v1/events/stream?from=" + position).openConnection();
        connection.setRequestProperty("Authorization", Api.ADMIN);
        connection.setReadTimeout(10_000);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals(200, connection.getResponseCode());
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:") && line.contains("\"position\":" + position)) {
                    return line.contains("\\udc00");
                }
            }
            return false;
        } finally {
            connection.disconnect();
        }
    }
}
