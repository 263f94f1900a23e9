package dev.toka.tools.mcp;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.agent.AgentEvents;
import dev.toka.llm.FakeModels;
import dev.toka.llm.FakeOpenAi;
import dev.toka.llm.FakeOpenAi.Reply;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Toka as an MCP client: a real stdio MCP server run inside bubblewrap, whose tools become
 * {@code mcp.local.*} Toka tools under capabilities, and a Streamable HTTP server off the allow-list.
 */
@QuarkusTest
@TestProfile(McpProfile.class)
@WithTestResource(FakeModels.class)
class McpClientTest {

    private static final String ADMIN = AgentEvents.ADMIN;

    @FakeModels.Primary
    FakeOpenAi model;

    @BeforeEach
    void resetModel() {
        model.reset();
    }

    @Test
    void stdioServerToolsBecomeTokaToolsWithTheServersSchema() {
        given().header("Authorization", ADMIN).get("/api/v1/tools").then().statusCode(200)
                .body("tools.id", hasItems("mcp.local.echo", "mcp.local.sandbox"))
                .body("tools.find { it.id == 'mcp.local.echo' }.permission", equalTo("tool:mcp.local.echo"))
                .body("tools.find { it.id == 'mcp.local.echo' }.inputSchema.required", equalTo(List.of("text")))
                .body("tools.find { it.id == 'mcp.local.echo' }.inputSchema.properties.text.type", equalTo("string"));
    }

    @Test
    void stdioServerRunsInsideTheProcessSandbox() {
        JsonObject where = new JsonObject(invoke(ADMIN, "mcp.local.sandbox", Map.of("agent", "agent-" + UUID.randomUUID(),
                "input", Map.of())).statusCode(200).extract().<String>path("output.text"));
        assertEquals("toka-sandbox", where.getString("hostname"), "bubblewrap's UTS namespace");
        assertEquals("/workspace", where.getString("cwd"));
        assertFalse(where.getBoolean("seesRoot"), "nothing of the host but the system directories is mounted");
        // PATH as allowed, PWD from bubblewrap, LC_CTYPE set by Python itself (PEP 538) for its C locale.
        assertTrue(List.of("LC_CTYPE", "PATH", "PWD").containsAll(where.getJsonArray("environment").getList()),
                "only the allowed environment: " + where.getJsonArray("environment"));
    }

    @Test
    void callsAreCheckedAgainstCapabilitiesWithWildcardsAndRecorded() {
        String agent = spawnRoot();
        String server = tokenFor(agent, "tool:mcp.local.*");
        invoke(server, "mcp.local.echo", Map.of("input", Map.of("text", "hello"))).statusCode(200)
                .body("output.text", equalTo("hello"));
        given().header("Authorization", server).get("/api/v1/tools").then().statusCode(200)
                .body("tools.id", equalTo(List.of("mcp.local.echo", "mcp.local.sandbox")));

        String echoOnly = tokenFor(agent, "tool:mcp.local.echo");
        invoke(echoOnly, "mcp.local.sandbox", Map.of("input", Map.of())).statusCode(403)
                .body("missingPermission", equalTo("tool:mcp.local.sandbox"));
        invoke(echoOnly, "mcp.local.echo", Map.of("input", Map.of("text", 5))).statusCode(400)
                .body("field", equalTo("/text"));

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .queryParam("principal", agent).queryParam("decision", "deny").queryParam("action", "tool:mcp.local.sandbox")
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.status", hasItem(403)));
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .queryParam("from", 1).queryParam("limit", 1000).get("/api/v1/events").then().statusCode(200)
                .body("events.findAll { it.type == 'ToolInvoked' && it.payload.agent == '" + agent + "' }.payload.toolId",
                        hasItem("mcp.local.echo")));
    }

    @Test
    void serverOnAHostOffTheAllowListIsNeverReached() {
        given().header("Authorization", ADMIN).get("/api/v1/tools").then().statusCode(200)
                .body("tools.id.findAll { it.startsWith('mcp.far.') }", empty())
                .body("manifestErrors.find { it.file == 'mcp:far' }.field", equalTo("url"))
                .body("manifestErrors.find { it.file == 'mcp:far' }.rule",
                        containsString("'far.example', which is not on toka.tools.mcp.allowed-hosts"));
    }

    @Test
    void llmAgentIsOfferedExactlyTheMcpToolsItsCapabilitiesPermitAndReadsTheirAnswers() {
        model.willReply(Reply.toolCall("call-1", "mcp_local_echo", "{\"text\":\"from the model\"}"),
                Reply.text(new JsonObject().put("status", "COMPLETED").put("summary", "echoed").encode(), 30, 12));
        Map<String, Object> spec = Map.of(
                "metadata", Map.of("name", "echoer", "version", "v1", "workstream", "mcp"),
                "spec", Map.of("name", "Echoer", "domain", "test", "priority", "high", "type", "llm"),
                "objectives", List.of(Map.of("description", "Echo", "deliverable", "an echo")),
                "security", Map.of("capabilities_required", List.of("llm:invoke", "tool:mcp.local.echo")),
                "tasks", Map.of("default", List.of(Map.of("description", "echo something", "priority", "high"))));
        String runId = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(List.of(spec))
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .get("/api/v1/runs/" + runId).then().statusCode(200).body("state", equalTo("completed")));

        JsonArray offered = model.requests().get(0).getJsonArray("tools");
        assertEquals(List.of("mcp_local_echo"),
                offered.stream().map(tool -> ((JsonObject) tool).getJsonObject("function").getString("name")).toList(),
                "exactly the MCP tool the mandate grants, not mcp.local.sandbox");
        JsonObject answer = model.requests().get(1).getJsonArray("messages").stream().map(JsonObject.class::cast)
                .filter(message -> "tool".equals(message.getString("role"))).findFirst()
                .orElseThrow(() -> new AssertionError("the model's second request carries no tool answer"));
        assertEquals("call-1", answer.getString("tool_call_id"));
        assertTrue(answer.getString("content").contains("from the model"),
                "the echo server's answer reaches the model: " + answer.getString("content"));
    }

    private static ValidatableResponse invoke(String bearer, String tool, Map<String, Object> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tools/" + tool + "/invoke").then();
    }

    private static String spawnRoot() {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "mcp-user", "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    static String tokenFor(String subject, String... permissions) {
        return "Bearer " + given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "permissions", List.of(permissions), "ttlSeconds", 600))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }
}
