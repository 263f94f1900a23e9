package dev.toka.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.toka.llm.FakeOpenAi.Reply;
import dev.toka.llm.LlmEvents.ModelCallFailed;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.security.Budget;
import dev.toka.security.BudgetExceededException;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.bus.EventFeed;
import dev.toka.kernel.WorldState;
import dev.toka.store.EventStore;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway against two local OpenAI-compatible servers, through the real Quarkus LangChain4j client. */
@QuarkusTest
@WithTestResource(FakeModels.class)
class LlmGatewayTest {

    @FakeModels.Primary
    FakeOpenAi primary;

    @FakeModels.Fallback
    FakeOpenAi fallback;

    @Inject
    LlmGateway gateway;

    @Inject
    UsageLedger ledger;

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Inject
    MeterRegistry metrics;

    @Inject
    EventFeed feed;

    @Inject
    WorldState world;

    private static boolean warm;

    private String vault;
    private String agentId;
    private String runId;

    @BeforeEach
    void setUp() {
        warmUp();
        primary.reset();
        fallback.reset();
        // The breakers are the gateway's, named llm-primary and llm-fallback; each test starts with them closed.
        CircuitBreakerMaintenance.get().resetAll();
        vault = "vault-" + UUID.randomUUID();
        agentId = UUID.randomUUID().toString();
        runId = "run-" + UUID.randomUUID();
    }

    @Test
    void answersAndRecordsUsageCostAndMetrics() {
        primary.willReply(Reply.text("Paris", 1000, 500));
        double answeredBefore = counter("toka.llm.calls", "outcome", "answered");
        double promptBefore = counter("toka.llm.tokens", "kind", "prompt");
        double completionBefore = counter("toka.llm.tokens", "kind", "completion");
        double costBefore = cost();

        ChatResponse answer = gateway.chat(call(scope(null, null), "What is the capital of France?"));

        assertEquals("Paris", answer.aiMessage().text());
        assertEquals(1000, answer.tokenUsage().inputTokenCount());
        ModelCallRecorded recorded = single(ModelCallRecorded.class);
        assertEquals(FakeModels.PRIMARY_MODEL, recorded.model());
        assertFalse(recorded.fallbackUsed());
        assertEquals(1500, recorded.usage().total());
        // 1000 prompt tokens at 0.01 per 1k plus 500 completion tokens at 0.03 per 1k.
        assertEquals(0, new BigDecimal("0.025").compareTo(recorded.cost()));
        assertEquals(64, recorded.requestDigest().length());
        assertTrue(recorded.request().toString().contains("capital of France"));
        assertTrue(recorded.response().toString().contains("Paris"));

        Usage expected = new Usage(1000, 500, 1500, recorded.cost(), 1);
        assertEquals(expected, ledger.ofAgent(scope(null, null)));
        assertEquals(expected, ledger.ofRun(runId));
        assertEquals(expected, ledger.ofVault(vault));
        assertEquals(1.0, counter("toka.llm.calls", "outcome", "answered") - answeredBefore);
        assertEquals(1000.0, counter("toka.llm.tokens", "kind", "prompt") - promptBefore);
        assertEquals(500.0, counter("toka.llm.tokens", "kind", "completion") - completionBefore);
        assertEquals(0.025, cost() - costBefore, 1e-9);
    }

    @Test
    void toolSpecificationsReachTheModelAndToolCallsComeBack() {
        primary.willReply(Reply.toolCall("call_1", "weather", "{\"city\":\"Paris\"}"), Reply.text("Sunny", 30, 2));
        ChatModel model = gateway.chatModelFor(scope(null, null));
        ToolSpecification weather = ToolSpecification.builder().name("weather").description("Weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build()).build();
        UserMessage question = UserMessage.from("Weather in Paris?");

        ChatResponse first = model.chat(ChatRequest.builder().messages(question).toolSpecifications(weather).build());
        ToolExecutionRequest toolCall = first.aiMessage().toolExecutionRequests().get(0);
        ChatResponse second = model.chat(ChatRequest.builder()
                .messages(question, first.aiMessage(), ToolExecutionResultMessage.from(toolCall, "sunny, 24 C"))
                .toolSpecifications(weather).build());

        assertEquals("weather", toolCall.name());
        assertEquals("{\"city\":\"Paris\"}", toolCall.arguments());
        assertEquals("Sunny", second.aiMessage().text());
        JsonObject sentFirst = primary.requests().get(0);
        assertEquals("weather", sentFirst.getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                .getString("name"));
        List<Object> messages = primary.requests().get(1).getJsonArray("messages").getList();
        JsonObject toolResult = primary.requests().get(1).getJsonArray("messages").getJsonObject(messages.size() - 1);
        assertEquals("tool", toolResult.getString("role"));
        assertEquals("call_1", toolResult.getString("tool_call_id"));
        assertEquals("sunny, 24 C", toolResult.getString("content"));
    }

    @Test
    void refusesACallOverBudgetBeforeSendingIt() {
        // Each call is estimated at its prompt plus its 600 max output tokens.
        primary.willReply(Reply.text("first", 900, 100));
        Budget budget = new Budget(1_500L, null);
        gateway.chat(new ModelCall(scope(budget, null), request("hello", 600)));
        long before = store.headPosition();
        double refusedBefore = counter("toka.llm.calls", "outcome", "refused");

        BudgetExceededException refused = assertThrows(BudgetExceededException.class,
                () -> gateway.chat(new ModelCall(scope(budget, null), request("hello again", 600))));

        assertEquals(1, primary.requestCount());
        assertTrue(refused.getMessage().contains("1000 spent"), refused.getMessage());
        assertTrue(refused.getMessage().contains("budget of 1500 tokens"), refused.getMessage());
        refused.auditRecorded().join();
        assertTrue(auditSince(before).stream().anyMatch(a -> a.principal().equals(agentId) && a.status() == 402
                && a.action().equals("llm:invoke")), "the refusal is audited");
        assertEquals(1.0, counter("toka.llm.calls", "outcome", "refused") - refusedBefore);
    }

    @Test
    void refusesACallOverTheRunsCostBudget() {
        // The first call costs 0.04; the second is estimated at 600 completion tokens (0.018) and more.
        primary.willReply(Reply.text("first", 1000, 1000));
        Budget runBudget = new Budget(null, new BigDecimal("0.05"));
        gateway.chat(new ModelCall(scope(null, runBudget), request("hello", 600)));

        BudgetExceededException refused = assertThrows(BudgetExceededException.class,
                () -> gateway.chat(new ModelCall(scope(null, runBudget), request("hello again", 600))));

        assertEquals("run " + runId, refused.holder());
        assertEquals(1, primary.requestCount());
    }

    @Test
    void retriesAServerErrorThenTheFallbackAnswers() {
        primary.alwaysReply(Reply.status(500));
        fallback.willReply(Reply.text("from fallback", 5, 5));

        ChatResponse answer = gateway.chat(call(scope(null, null), "hello"));

        assertEquals("from fallback", answer.aiMessage().text());
        assertEquals(3, primary.requestCount(), "the first attempt and two retries");
        assertEquals(1, fallback.requestCount());
        ModelCallRecorded recorded = single(ModelCallRecorded.class);
        assertTrue(recorded.fallbackUsed());
        assertEquals(FakeModels.FALLBACK_MODEL, recorded.model());
    }

    @Test
    void retriesATimeoutThenTheFallbackAnswers() {
        primary.alwaysReply(Reply.after(Duration.ofSeconds(10), Reply.text("too late", 1, 1)));
        fallback.willReply(Reply.text("in time", 5, 5));

        long start = System.nanoTime();
        ChatResponse answer = gateway.chat(call(scope(null, null), "hello"));

        assertEquals("in time", answer.aiMessage().text());
        assertEquals(3, primary.requestCount());
        assertEquals(1, fallback.requestCount());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(9)) < 0,
                "three 2 s timeouts, not a 10 s answer");
    }

    @Test
    void anOpenCircuitGoesStraightToTheFallback() {
        primary.alwaysReply(Reply.status(500));
        // Outside a task, so that no task's request budget ends the calls before the circuit opens.
        CallScope untasked = new CallScope(vault, agentId, "planner", runId, null, null, null, null);
        gateway.chat(call(untasked, "one"));
        gateway.chat(call(untasked, "two"));
        int primaryCalls = primary.requestCount();
        int fallbackCalls = fallback.requestCount();

        ChatResponse answer = gateway.chat(call(untasked, "three"));

        assertEquals("ok", answer.aiMessage().text());
        assertEquals(primaryCalls, primary.requestCount(), "the open circuit sends nothing to the primary");
        assertEquals(fallbackCalls + 1, fallback.requestCount());
    }

    @Test
    void failsClearlyWhenNoModelAnswers() {
        primary.alwaysReply(Reply.status(500));
        fallback.alwaysReply(Reply.status(503));

        ModelUnavailableException failure = assertThrows(ModelUnavailableException.class,
                () -> gateway.chat(call(scope(null, null), "hello")));

        assertTrue(failure.getMessage().contains("primary model fake-primary"), failure.getMessage());
        assertTrue(failure.getMessage().contains("fallback model fake-fallback"), failure.getMessage());
        ModelCallFailed failed = single(ModelCallFailed.class);
        assertTrue(failed.fallbackUsed());
        assertNull(failed.usage());
    }

    @Test
    void aTasksCallsSendNoMoreModelRequestsThanItsBudgetCountedFromTheLog() throws Exception {
        primary.alwaysReply(Reply.status(500));
        fallback.alwaysReply(Reply.status(503));

        assertThrows(ModelUnavailableException.class, () -> gateway.chat(call(scope(null, null), "first")));
        assertEquals(5, sentToModels(), "three attempts on the primary, two on the fallback");
        ModelRequestsSpentException spent = assertThrows(ModelRequestsSpentException.class,
                () -> gateway.chat(call(scope(null, null), "second")));
        assertEquals(6, sentToModels(), "the task's sixth and last request (toka.llm.max-requests-per-task)");
        assertTrue(spent.getMessage().contains("toka.llm.max-requests-per-task"), spent.getMessage());
        assertThrows(ModelRequestsSpentException.class, () -> gateway.chat(call(scope(null, null), "third")));
        assertEquals(6, sentToModels(), "nothing is sent once the budget is spent");

        // The count is a projection of the log, so a restarted service keeps it.
        UsageLedger restarted = new UsageLedger(codec, store, world, Duration.ofSeconds(30));
        try (AutoCloseable following = feed.start(restarted)) {
            assertEquals(6, restarted.requestsOfTask(scope(null, null)));
        }
    }

    @Test
    void aRateLimitWithRetryAfterIsWaitedOutBeforeTheNextAttempt() {
        primary.willReply(Reply.tooManyRequests("1"), Reply.text("after the wait", 5, 5));

        ChatResponse answer = gateway.chat(call(scope(null, null), "hello"));

        assertEquals("after the wait", answer.aiMessage().text());
        List<Long> arrivals = primary.arrivalNanos();
        assertEquals(2, arrivals.size());
        long waitedMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        assertTrue(waitedMillis >= 1_000, "Retry-After: 1 asks for a second; the retry came after " + waitedMillis
                + " ms");
        assertEquals(0, fallback.requestCount());
    }

    @Test
    void aRetryAfterLongerThanTheLimitFailsTheModelAtOnceInsteadOfWaiting() {
        primary.alwaysReply(Reply.tooManyRequests("120"));
        fallback.willReply(Reply.text("from fallback", 5, 5));

        long start = System.nanoTime();
        ChatResponse answer = gateway.chat(call(scope(null, null), "hello"));

        assertEquals("from fallback", answer.aiMessage().text());
        assertEquals(1, primary.requestCount(), "no retry of a model that asks for 120 s, over the 30 s limit");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);

        fallback.alwaysReply(Reply.status(503));
        ModelUnavailableException failure = assertThrows(ModelUnavailableException.class,
                () -> gateway.chat(call(scope(null, null), "again")));
        assertTrue(failure.getMessage().contains("asks to wait 120 s, longer than toka.llm.max-retry-after (30 s)"),
                failure.getMessage());
    }

    @Test
    void redactsPlantedSecretsFromWhatIsSentAndRecorded() {
        String key = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2";
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        primary.willReply(Reply.text("noted; the password=hunter2 stays secret", 5, 5));

        ChatResponse answer = gateway.chat(call(scope(null, null),
                "Use key " + key + " with Authorization: Bearer " + jwt + " and password=hunter2 for the report"));

        String sent = primary.requests().get(0).encode();
        assertFalse(sent.contains(key), sent);
        assertFalse(sent.contains(jwt), sent);
        assertFalse(sent.contains("hunter2"), sent);
        assertTrue(sent.contains("for the report"), "ordinary words stay: " + sent);
        assertTrue(sent.contains("password=[REDACTED]"), sent);
        String stored = events(LlmEvents.runStream(runId)).get(0).payload();
        assertFalse(stored.contains(key) || stored.contains(jwt) || stored.contains("hunter2"), stored);
        assertEquals("noted; the password=[REDACTED] stays secret", answer.aiMessage().text());
    }

    @Test
    void codeInAnAnswerPassesUnchanged() {
        String code = "import os\nos.system(\"ls\")\nlet f = File::open(\"notes.txt\")?; eval(x); rm(path)";
        primary.willReply(Reply.text(code, 5, 5));

        assertEquals(code, gateway.chat(call(scope(null, null), "write me some code")).aiMessage().text());
    }

    @Test
    void refusesAPromptOverTheSizeLimitWithoutSendingIt() {
        assertThrows(PromptTooLargeException.class,
                () -> gateway.chat(call(scope(null, null), "x".repeat(25_000))));
        assertEquals(0, primary.requestCount());
    }

    @Test
    void refusesAnAnswerOverTheSizeLimitButCountsItsTokens() {
        primary.willReply(Reply.text("y".repeat(6_000), 10, 2_000));

        assertThrows(AnswerTooLargeException.class, () -> gateway.chat(call(scope(null, null), "talk a lot")));

        assertEquals(2_010, ledger.ofAgent(scope(null, null)).totalTokens());
        assertEquals(0, ledger.ofAgent(scope(null, null)).calls());
    }

    @Test
    void replaysARecordedRunWithoutCallingTheModel() {
        primary.willReply(Reply.toolCall("call_7", "weather", "{\"city\":\"Oslo\"}"), Reply.text("Cold", 3, 1),
                Reply.text("Still cold", 3, 2));
        gateway.chat(call(scope(null, null), "Weather in Oslo?"));
        gateway.chat(call(scope(null, null), "And now?"));
        gateway.chat(call(scope(null, null), "And now?"));
        int sent = primary.requestCount();

        String replayRun = "run-" + UUID.randomUUID();
        CallScope replay = new CallScope(vault, UUID.randomUUID().toString(), "planner", replayRun, null, null, null,
                runId);
        ChatResponse toolCall = gateway.chat(new ModelCall(replay, request("Weather in Oslo?")));
        ChatResponse firstAgain = gateway.chat(new ModelCall(replay, request("And now?")));
        ChatResponse secondAgain = gateway.chat(new ModelCall(replay, request("And now?")));

        assertEquals(sent, primary.requestCount(), "a replay makes no HTTP call");
        assertEquals(0, fallback.requestCount());
        ToolExecutionRequest replayed = toolCall.aiMessage().toolExecutionRequests().get(0);
        assertEquals("call_7", replayed.id());
        assertEquals("{\"city\":\"Oslo\"}", replayed.arguments());
        assertEquals("Cold", firstAgain.aiMessage().text());
        assertEquals("Still cold", secondAgain.aiMessage().text(), "the n-th identical request gets the n-th answer");
        assertEquals(0, BigDecimal.ZERO.compareTo(ledger.ofRun(replayRun).cost()), "a replay pays nothing");
    }

    @Test
    void aReplayMissNamesTheAgentAndTheRequest() {
        gateway.chat(call(scope(null, null), "recorded"));
        CallScope replay = new CallScope(vault, UUID.randomUUID().toString(), "planner", "run-" + UUID.randomUUID(),
                null, null, null, runId);

        ReplayMissException miss = assertThrows(ReplayMissException.class,
                () -> gateway.chat(new ModelCall(replay, request("never recorded"))));

        assertEquals(1, primary.requestCount());
        assertEquals("planner", miss.agentKey());
        assertTrue(miss.getMessage().contains(miss.requestDigest()), miss.getMessage());
        assertTrue(miss.getMessage().contains("'planner'"), miss.getMessage());
    }

    // ---- helpers ----

    /**
     * The first call through each client pays for class loading and connection set-up, which on a busy
     * machine can take longer than a test's timeout; one call that fails over warms both clients.
     */
    private void warmUp() {
        if (!warm) {
            primary.alwaysReply(Reply.status(500));
            gateway.chat(new ModelCall(CallScope.ofAgent("warm-up", "warm-up"), request("warm up")));
            warm = true;
        }
    }

    private int sentToModels() {
        return primary.requestCount() + fallback.requestCount();
    }

    private CallScope scope(Budget agentBudget, Budget runBudget) {
        return new CallScope(vault, agentId, "planner", runId, "task-1", agentBudget, runBudget, null);
    }

    private static ModelCall call(CallScope scope, String text) {
        return new ModelCall(scope, request(text));
    }

    private static ChatRequest request(String text) {
        return ChatRequest.builder().messages(UserMessage.from(text)).build();
    }

    private static ChatRequest request(String text, int maxOutputTokens) {
        return ChatRequest.builder().messages(UserMessage.from(text)).maxOutputTokens(maxOutputTokens).build();
    }

    private <T> T single(Class<T> type) {
        List<T> found = events(LlmEvents.runStream(runId)).stream()
                .flatMap(e -> codec.decode(e, type).stream()).toList();
        assertEquals(1, found.size(), "events of type " + type.getSimpleName());
        return found.get(0);
    }

    private List<StoredEvent> events(String stream) {
        return store.readStream(stream, 1, 1_000);
    }

    private List<AuditRecorded> auditSince(long position) {
        return store.readStream(SecurityEvents.AUDIT_STREAM, position + 1, 1_000).stream()
                .map(e -> (AuditRecorded) codec.decode(e)).toList();
    }

    /** The primary model's counter: it exists from the start (docs/observability.md), so tests compare deltas. */
    private double counter(String name, String tag, String value) {
        return metrics.get(name).tags("model", FakeModels.PRIMARY_MODEL, tag, value).counter().count();
    }

    private double cost() {
        return metrics.get("toka.llm.cost").tags("model", FakeModels.PRIMARY_MODEL).counter().count();
    }
}
