package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.toka.llm.FakeModels;
import dev.toka.tools.mcp.McpProfile;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Toka as an MCP server, driven by LangChain4j's MCP client over Streamable HTTP with capability tokens. */
@QuarkusTest
@TestProfile(McpProfile.class)
@WithTestResource(FakeModels.class)
class McpServerTest {

    private static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";

    @TestHTTPResource("/mcp")
    URL endpoint;

    @Test
    void aTokenIsListedExactlyTheToolsItPermits() throws Exception {
        String agent = spawnRoot();
        try (McpClient client = clientFor(tokenFor(agent, "tool:fs.read", "tool:mcp.local.*"))) {
            assertEquals(List.of("fs.read", "mcp.local.echo", "mcp.local.sandbox"), names(client.listTools()));
        }
        try (McpClient admin = clientFor(ADMIN)) {
            List<String> all = names(admin.listTools());
            assertTrue(all.containsAll(List.of("fs.read", "fs.write", "process.exec", "mcp.local.echo",
                    "toka.runs.start", "toka.runs.read", "toka.events.read")), all.toString());
        }
    }

    @Test
    void aPermittedToolRunsAsTheTokensAgentAndIsRecorded() throws Exception {
        String agent = spawnRoot();
        try (McpClient client = clientFor(tokenFor(agent, "tool:fs.write", "tool:fs.read"))) {
            ToolExecutionResult written = client.executeTool(call("fs.write", "{\"path\":\"mcp.txt\",\"content\":\"over mcp\"}"));
            assertFalse(written.isError(), written.resultText());
            ToolExecutionResult read = client.executeTool(call("fs.read", "{\"path\":\"mcp.txt\"}"));
            assertTrue(read.resultText().contains("over mcp"), read.resultText());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .queryParam("from", 1).queryParam("limit", 1000).get("/api/v1/events").then().statusCode(200)
                .body("events.findAll { it.type == 'ToolInvoked' && it.payload.agent == '" + agent + "' }.payload.toolId",
                        hasItem("fs.write")));
    }

    @Test
    void aToolTheTokenDoesNotPermitIsRefusedAndAudited() throws Exception {
        String agent = spawnRoot();
        try (McpClient client = clientFor(tokenFor(agent, "tool:fs.read"))) {
            // LangChain4j's client raises a tool's error result.
            ToolExecutionException refused = assertThrows(ToolExecutionException.class,
                    () -> client.executeTool(call("fs.write", "{\"path\":\"x.txt\",\"content\":\"no\"}")));
            assertTrue(refused.getMessage().startsWith("forbidden: ") && refused.getMessage().contains("tool:fs.write"),
                    refused.getMessage());
            ToolExecutionException run = assertThrows(ToolExecutionException.class,
                    () -> client.executeTool(call("toka.runs.read", "{\"runId\":\"r1\"}")));
            assertTrue(run.getMessage().contains("admin"), run.getMessage());
        }
        given().header("Authorization", ADMIN)
                .queryParam("principal", agent).queryParam("decision", "deny").queryParam("action", "tool:fs.write")
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.status", hasItem(403));
    }

    @Test
    void theEndpointAnswersNoCallerWithoutACredentialAndAuditsIt() {
        given().contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
                .post("/mcp").then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:toka:problem:unauthorized"));
        given().header("Authorization", "Bearer not-a-token").contentType(ContentType.JSON)
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/list"))
                .post("/mcp/").then().statusCode(401);
        given().header("Authorization", ADMIN).queryParam("decision", "deny").queryParam("action", "mcp")
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.status", hasItem(401));
    }

    @Test
    void anAdminStartsAWorkstreamAndReadsItsRunOverMcp() throws Exception {
        String spec = """
                metadata: {name: greeter, version: v1, workstream: mcp}
                spec: {name: Greeter, domain: test, priority: high, type: script}
                objectives: [{description: Greet, deliverable: a greeting}]
                tasks: {default: [{description: echo hello, priority: high}]}
                """;
        try (McpClient admin = clientFor(ADMIN)) {
            ToolExecutionResult started = admin.executeTool(call("toka.runs.start",
                    JsonObject.of("files", List.of(Map.of("file", "greeter.yaml", "text", spec))).encode()));
            assertFalse(started.isError(), started.resultText());
            String runId = new JsonObject(started.resultText()).getString("runId");
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                ToolExecutionResult run = admin.executeTool(call("toka.runs.read",
                        JsonObject.of("runId", runId).encode()));
                assertEquals("completed", new JsonObject(run.resultText()).getString("state"),
                        run.resultText());
            });
            ToolExecutionResult events = admin.executeTool(call("toka.events.read",
                    JsonObject.of("stream", "run-" + runId).encode()));
            assertTrue(events.resultText().contains("RunStarted"), events.resultText());
        }
    }

    private McpClient clientFor(String bearer) {
        return DefaultMcpClient.builder().key("toka").transport(new StreamableHttpMcpTransport.Builder()
                        .url(endpoint.toString()).customHeaders(Map.of("Authorization", bearer))
                        .timeout(Duration.ofSeconds(20)).build())
                .build();
    }

    private static ToolExecutionRequest call(String tool, String arguments) {
        return ToolExecutionRequest.builder().name(tool).arguments(arguments).build();
    }

    private static List<String> names(List<ToolSpecification> tools) {
        return tools.stream().map(ToolSpecification::name).sorted().toList();
    }

    private static String spawnRoot() {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "mcp-caller", "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    private static String tokenFor(String subject, String... permissions) {
        return "Bearer " + given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "permissions", List.of(permissions), "ttlSeconds", 600))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }
}
