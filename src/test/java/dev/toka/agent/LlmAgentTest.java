package dev.toka.agent;

import static dev.toka.agent.AgentEvents.ADMIN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageType;
import dev.langchain4j.data.message.UserMessage;
import dev.toka.llm.CallScope;
import dev.toka.llm.FakeModels;
import dev.toka.llm.FakeOpenAi;
import dev.toka.llm.FakeOpenAi.Reply;
import dev.toka.llm.UsageLedger;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code llm} agent end to end: a run of an LLM agent against a local OpenAI-compatible server,
 * through the real Quarkus LangChain4j client and the gateway, calling real tools as the agent.
 */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
@WithTestResource(FakeModels.class)
class LlmAgentTest {

    private static final Path WORKSPACES = Path.of("target/test-workspaces/default");

    @FakeModels.Primary
    FakeOpenAi model;

    @FakeModels.Fallback
    FakeOpenAi fallback;

    @Inject
    AgentConfig config;

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;


    @Inject
    UsageLedger usage;

    @BeforeEach
    void resetModel() {
        model.reset();
        fallback.reset();
        CircuitBreakerMaintenance.get().resetAll();
    }

    private static Reply verdict(String status, String summary) {
        return Reply.text(new JsonObject().put("status", status).put("summary", summary).encode(), 30, 12);
    }

    /** One llm agent's spec. */
    private static Map<String, Object> spec(List<String> capabilities, Map<String, Object> budget) {
        Map<String, Object> security = new HashMap<>(Map.of("capabilities_required", capabilities));
        if (budget != null) {
            security.put("budget", budget);
        }
        return Map.of(
                "metadata", Map.of("name", "writer", "version", "v1", "workstream", "release"),
                "spec", Map.of("name", "Release writer", "domain", "docs", "priority", "high", "type", "llm"),
                "objectives", List.of(Map.of("description", "Greet the team", "deliverable", "hello.txt")),
                "security", security,
                "tasks", Map.of("default", List.of(Map.of("description", "write hello.txt saying hi",
                        "priority", "high"))));
    }

    private static String start(Map<String, Object> spec) {
        return AgentEvents.startRun(List.of(spec));
    }

    private static JsonPath awaitEnd(String runId) {
        return AgentEvents.awaitRunEnd(runId);
    }

    private static List<String> toolNames(JsonObject request) {
        JsonArray tools = request.getJsonArray("tools", new JsonArray());
        return tools.stream().map(t -> ((JsonObject) t).getJsonObject("function").getString("name")).toList();
    }

    /** The content of the tool-result message in a request. */
    private static String toolResult(JsonObject request) {
        return request.getJsonArray("messages").stream().map(JsonObject.class::cast)
                .filter(m -> "tool".equals(m.getString("role")))
                .map(m -> m.getString("content"))
                .findFirst().orElseThrow(() -> new AssertionError("no tool result in " + request.encodePrettily()));
    }

    @Test
    void theModelCallsFsWriteTheToolRunsTheVerdictCompletesTheRunAndAReplayCallsNoModel() throws Exception {
        model.willReply(
                Reply.toolCall("call-1", "fs_write", "{\"path\":\"hello.txt\",\"content\":\"hi\"}"),
                verdict("COMPLETED", "wrote hello.txt"));
        String runId = start(spec(List.of("llm:invoke", "tool:fs.write"), null));

        JsonPath run = awaitEnd(runId);
        assertEquals("completed", run.getString("state"), run.prettify());
        assertEquals("hi", Files.readString(WORKSPACES.resolve("run-" + runId).resolve("hello.txt")));

        List<JsonObject> requests = model.requests();
        assertEquals(2, requests.size());
        assertEquals(List.of("fs_write"), toolNames(requests.get(0)), "exactly the tools the mandate grants");
        String system = requests.get(0).getJsonArray("messages").getJsonObject(0).getString("content");
        assertTrue(system.contains("Greet the team (deliverable: hello.txt)"), system);
        assertTrue(toolResult(requests.get(1)).contains("hello.txt"), requests.get(1).encodePrettily());

        assertEquals(2, run.getInt("usage.calls"));
        assertEquals(30 + 42, run.getInt("usage.totalTokens"));
        assertEquals(2, run.getInt("usageByAgent.writer.calls"));
        assertEquals("wrote hello.txt", taskOutput(run));

        String replayId = given().header("Authorization", ADMIN).post("/api/v1/runs/" + runId + "/replay")
                .then().statusCode(201).extract().path("runId");
        JsonPath replay = awaitEnd(replayId);
        assertEquals("completed", replay.getString("state"), replay.prettify());
        assertEquals(2, model.requestCount(), "a replay answers from the recording and calls no model");
        assertEquals("hi", Files.readString(WORKSPACES.resolve("run-" + replayId).resolve("hello.txt")),
                "tools run again in the replay's own workspace");
    }

    @Test
    void aToolTheAgentMayNotUseIsNotOfferedAndACallToItAnywayIsDeniedAndAudited() {
        model.willReply(
                Reply.toolCall("call-1", "process_exec", "{\"command\":\"sh\",\"args\":[\"-c\",\"id\"]}"),
                verdict("FAILED", "I may not run commands"));
        String runId = start(spec(List.of("llm:invoke", "tool:fs.read"), null));

        JsonPath run = awaitEnd(runId);
        assertEquals("failed", run.getString("state"));
        List<JsonObject> requests = model.requests();
        assertEquals(2, requests.size(), "the agent's own FAILED verdict is final, not retried");
        assertFalse(toolNames(requests.get(0)).contains("process_exec"));
        assertTrue(toolResult(requests.get(1)).startsWith("denied:"), toolResult(requests.get(1)));

        String agentId = run.getString("agents[0].agentId");
        given().header("Authorization", ADMIN).queryParam("principal", agentId).queryParam("decision", "deny")
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.action", org.hamcrest.Matchers.hasItem("tool:process.exec"));
        assertTrue(run.getString("agents[0].reason").contains("I may not run commands"), run.prettify());
    }

    @Test
    void aCallThatWouldBreakTheAgentsBudgetIsRefusedBeforeItIsSentAndFailsTheTask() {
        String runId = start(spec(List.of("llm:invoke", "tool:fs.write"), Map.of("tokens", 100)));

        JsonPath run = awaitEnd(runId);
        assertEquals("failed", run.getString("state"));
        assertEquals(0, model.requestCount(), "refused before it was sent");
        String reason = run.getString("agents[0].reason");
        assertTrue(reason.contains("budget"), reason);
        List<Map<String, Object>> failures = given().header("Authorization", ADMIN)
                .queryParam("stream", "agent-" + run.getString("agents[0].agentId")).get("/api/v1/events")
                .then().extract().jsonPath().getList("events.findAll { it.type == 'TaskFailed' }.payload");
        assertEquals(1, failures.size(), "a budget refusal is not retried");
    }

    @Test
    void whenNoModelAnswersATaskSendsAtMostItsRequestBudgetOverAllItsAttemptsThenFailsForGood() {
        model.alwaysReply(Reply.status(500));
        fallback.alwaysReply(Reply.status(503));
        String runId = start(spec(List.of("llm:invoke"), null));

        JsonPath run = awaitEnd(runId);
        assertEquals("failed", run.getString("state"));
        // Attempt 1: three requests to the primary, two to the fallback. Attempt 2: the sixth and last.
        assertEquals(6, model.requestCount() + fallback.requestCount(),
                "toka.llm.max-requests-per-task (6) over all attempts, not 3 task attempts x 5");
        String reason = run.getString("agents[0].reason");
        assertTrue(reason.contains("toka.llm.max-requests-per-task"), reason);
        List<Boolean> retrying = given().header("Authorization", ADMIN)
                .queryParam("stream", "agent-" + run.getString("agents[0].agentId")).get("/api/v1/events")
                .then().extract().jsonPath().getList("events.findAll { it.type == 'TaskFailed' }.payload.retrying");
        assertEquals(List.of(true, false), retrying, "the spent budget ends the task without a third attempt");
    }

    @Test
    void anAgentsChatMemoryIsRebuiltFromItsLastRecordedExchange() {
        model.willReplyByStep(verdict("COMPLETED", "said hello")); // a retry after a slow first answer gets it too
        String runId = start(spec(List.of("llm:invoke"), null));
        JsonPath run = awaitEnd(runId);
        assertEquals("completed", run.getString("state"), run.prettify());
        String agentId = run.getString("agents[0].agentId");

        // A new instance stands for a restarted service: nothing in memory, everything in the log.
        AgentMemories restarted = new AgentMemories(config, store, codec, usage);
        List<ChatMessage> remembered = restarted.of(new CallScope("default", agentId, "writer", runId, null, null,
                null, null)).messages();

        JsonArray sent = model.requests().get(0).getJsonArray("messages");
        assertEquals(sent.size() + 1, remembered.size(), "the request's conversation and the answer");
        assertEquals(ChatMessageType.SYSTEM, remembered.get(0).type());
        assertTrue(((AiMessage) remembered.get(remembered.size() - 1)).text().contains("said hello"));
        assertTrue(((UserMessage) remembered.get(1)).singleText().contains("write hello.txt saying hi"));
    }

    @Test
    void anAgentWithoutTheModelPermissionCallsNoModelAndTheRefusalIsAudited() {
        String runId = start(spec(List.of("tool:fs.write"), null));

        JsonPath run = awaitEnd(runId);
        assertEquals("failed", run.getString("state"));
        assertEquals(0, model.requestCount());
        assertTrue(run.getString("agents[0].reason").contains("llm:invoke"), run.prettify());
        given().header("Authorization", ADMIN).queryParam("principal", run.getString("agents[0].agentId"))
                .queryParam("decision", "deny").get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.action", org.hamcrest.Matchers.hasItem("llm:invoke"));
    }

    private static String taskOutput(JsonPath run) {
        return given().header("Authorization", ADMIN)
                .queryParam("stream", "agent-" + run.getString("agents[0].agentId")).get("/api/v1/events")
                .then().extract().jsonPath().getString("events.find { it.type == 'TaskCompleted' }.payload.output");
    }
}
