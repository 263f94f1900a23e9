package dev.toka.observability;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.awaitTypes;
import static dev.toka.agent.AgentEvents.stream;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.llm.FakeModels;
import dev.toka.llm.FakeOpenAi;
import dev.toka.llm.FakeOpenAi.Reply;
import dev.toka.store.JsonLinesVerifier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One trace from the HTTP request to the commit, and on to the agent's task, its model calls and its tool
 * calls, read from the in-memory exporter; the log's trace and span ids lead to those spans.
 */
@QuarkusTest
@TestProfile(TracingProfile.class)
@WithTestResource(FakeModels.class)
class TracingTest {

    @Inject
    InMemorySpanExporter spans;

    @FakeModels.Primary
    FakeOpenAi model;

    @ConfigProperty(name = "toka.llm.primary.model")
    String primaryModel;

    @BeforeEach
    void reset() {
        model.reset();
        spans.reset();
    }

    @Test
    void anOperationsTraceRunsFromTheHttpRequestThroughTheKernelToTheCommitThatHoldsItsIds() throws IOException {
        JsonPath answer = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "traced", "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().jsonPath();
        String traceId = answer.getString("event.metadata.traceId");
        String spanId = answer.getString("event.metadata.spanId");
        long position = answer.getLong("event.position");
        assertEquals(32, traceId.length(), answer.prettify());

        // A spawn appends the agent's token first, then the agent: the event names its own append.
        SpanData append = await().atMost(Duration.ofSeconds(10)).until(() -> spansNamed(traceId, "toka.store.append")
                .stream().filter(s -> s.getSpanId().equals(spanId)).findFirst(), Optional::isPresent).get();
        assertEquals(position, append.getAttributes().get(AttributeKey.longKey("toka.log.first_position")));
        SpanData kernel = parentOf(append);
        assertEquals("toka.kernel spawn-agent", kernel.getName());
        assertEquals("committed", kernel.getAttributes().get(AttributeKey.stringKey("toka.outcome")));
        SpanData http = parentOf(kernel);
        assertEquals(SpanKind.SERVER, http.getKind());
        assertTrue(http.getName().contains("/api/v1/operations"), http.getName());

        assertEquals(traceId, given().header("Authorization", ADMIN).queryParam("from", position)
                .queryParam("limit", 1).get("/api/v1/events").then().statusCode(200)
                .extract().path("events[0].metadata.traceId"), "the events API shows the trace of each event");
        String export = given().header("Authorization", ADMIN).get("/api/v1/events/export").then().statusCode(200)
                .extract().asString();
        assertTrue(export.contains(spanId), "the export carries the ids");
        assertTrue(new JsonLinesVerifier().verify(new BufferedReader(new StringReader(export))).ok(),
                "and the offline verifier hashes them as the store did");
    }

    @Test
    void aTaskContinuesTheTraceThatScheduledItWithItsModelAndToolCallsAsChildren() {
        model.willReply(
                Reply.toolCall("call-1", "fs_write", "{\"path\":\"traced.txt\",\"content\":\"hi\"}"),
                Reply.text(new JsonObject().put("status", "COMPLETED").put("summary", "wrote it").encode(), 30, 12));
        String agent = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "writer", "type", "llm",
                        "mandate", Map.of("capabilities", List.of("llm:invoke", "tool:fs.write"))))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
        JsonPath scheduled = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "write traced.txt saying hi"))
                .post("/api/v1/operations").then().statusCode(201).extract().jsonPath();
        String traceId = scheduled.getString("event.metadata.traceId");
        String scheduledBy = scheduled.getString("event.metadata.spanId");
        awaitTypes("agent-" + agent, types -> types.contains("TaskCompleted"), 30);

        SpanData task = awaitSpan(traceId, "toka.agent.task");
        assertEquals(scheduledBy, task.getParentSpanId(), "the task is a child of the append that scheduled it");
        assertEquals(agent, task.getAttributes().get(AttributeKey.stringKey("toka.agent.id")));
        assertEquals("completed", task.getAttributes().get(AttributeKey.stringKey("toka.task.outcome")));

        // Between them sits Quarkus LangChain4j's span of the AI service method; under each of ours, its own
        // span of each request to the provider.
        SpanData chat = awaitSpan(traceId, "chat " + primaryModel);
        assertTrue(descends(chat, task), tree(traceId));
        assertEquals(SpanKind.CLIENT, chat.getKind());
        assertEquals("chat", chat.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")));
        assertEquals("openai", chat.getAttributes().get(AttributeKey.stringKey("gen_ai.system")));
        assertEquals(primaryModel, chat.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
        assertTrue(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")) >= 0);
        assertTrue(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")) >= 0);
        List<SpanData> chats = spansNamed(traceId, "chat " + primaryModel);
        assertEquals(2, chats.size(), "one span per model call: " + tree(traceId));
        assertTrue(chats.stream().anyMatch(c ->
                c.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")) == 30L
                        && c.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")) == 12L),
                "the verdict's usage: " + chats);

        SpanData tool = awaitSpan(traceId, "execute_tool fs.write");
        assertTrue(descends(tool, task), "the tool call runs within the task: " + tree(traceId));
        assertEquals("fs.write", tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")));
        assertEquals("completed", tool.getAttributes().get(AttributeKey.stringKey("toka.tool.outcome")));
        assertTrue(chats.get(0).getEndEpochNanos() <= tool.getStartEpochNanos()
                && tool.getEndEpochNanos() <= chats.get(1).getStartEpochNanos(),
                "model call, tool call, model call, in that order");

        List<String> reports = stream("agent-" + agent).getList(
                "events.findAll { it.type == 'TaskStarted' || it.type == 'TaskCompleted' }.metadata.traceId");
        assertEquals(List.of(traceId, traceId), reports, "the task's reports are in its trace too");
    }

    /** Whether {@code ancestor} is {@code span}'s parent, or its parent's, and so on. */
    private boolean descends(SpanData span, SpanData ancestor) {
        Map<String, SpanData> byId = spans.getFinishedSpanItems().stream()
                .collect(java.util.stream.Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
        for (SpanData parent = byId.get(span.getParentSpanId()); parent != null;
                parent = byId.get(parent.getParentSpanId())) {
            if (parent.getSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
        }
        return false;
    }

    /** The trace's spans, for a failure message: name, id, parent. */
    private String tree(String traceId) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .map(s -> s.getName() + " " + s.getSpanId() + " <- " + s.getParentSpanId())
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    private SpanData awaitSpan(String traceId, String name) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spansNamed(traceId, name), s -> !s.isEmpty()).get(0);
    }

    private List<SpanData> spansNamed(String traceId, String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals(name))
                .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
                .toList();
    }

    private SpanData parentOf(SpanData child) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getSpanId().equals(child.getParentSpanId())).findFirst(), p -> p.isPresent()).get();
    }
}
