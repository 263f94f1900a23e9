package dev.toka.llm;

import static dev.toka.agent.AgentEvents.ADMIN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.toka.agent.AgentEvents;
import dev.toka.agent.AgentRuntimeProfile;
import dev.toka.kernel.WorldState;
import dev.toka.llm.FakeOpenAi.Reply;
import dev.toka.security.Budget;
import dev.toka.security.BudgetExceededException;
import dev.toka.store.EventStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage ledger lets go of terminated agents and of runs left without a live caller, and reads them back from
 * the log: what the run view, an agent's usage and a budget check see is the same before and after.
 */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
@WithTestResource(FakeModels.class)
class UsageLedgerRetirementTest {

    @FakeModels.Primary
    FakeOpenAi model;

    @FakeModels.Fallback
    FakeOpenAi fallback;

    @Inject
    UsageLedger ledger;

    @Inject
    WorldState world;

    @Inject
    EventStore store;

    @Inject
    LlmGateway gateway;

    @BeforeEach
    void resetModels() {
        model.reset();
        fallback.reset();
        CircuitBreakerMaintenance.get().resetAll();
    }

    @Test
    void aRunWhoseAgentsAllTerminatedLeavesTheLedgerAndShowsTheSameUsage() {
        model.alwaysReply(Reply.text(new JsonObject().put("status", "COMPLETED").put("summary", "done").encode(),
                30, 12));
        String runId = AgentEvents.startRun(List.of(spec("writer"), spec("reviewer")));
        JsonPath before = AgentEvents.awaitRunEnd(runId);
        assertEquals("completed", before.getString("state"), before.prettify());
        List<String> agentIds = before.getList("agents.agentId", String.class);
        caughtUp();
        assertTrue(ledger.holdsRun(runId));
        agentIds.forEach(id -> assertTrue(ledger.holdsAgent(id), id));
        Map<String, Usage> agentUsage = new HashMap<>();
        agentIds.forEach(id -> agentUsage.put(id, ledger.ofAgent(world.agent(id).orElseThrow())));

        agentIds.forEach(id -> AgentEvents.submit(Map.of("op", "terminate-agent", "agent", id, "reason", "done")));
        caughtUp();

        assertFalse(ledger.holdsRun(runId), "no live caller is left in the run");
        agentIds.forEach(id -> assertFalse(ledger.holdsAgent(id), id));
        JsonPath after = run(runId);
        assertEquals(2, after.getInt("usage.calls"));
        assertEquals(2 * 42, after.getInt("usage.totalTokens"));
        assertEquals(before.getMap("usage"), after.getMap("usage"));
        assertEquals(before.getMap("usageByAgent"), after.getMap("usageByAgent"));
        assertEquals(1, after.getInt("usageByAgent.writer.calls"));
        agentIds.forEach(id -> assertEquals(agentUsage.get(id), ledger.ofAgent(world.agent(id).orElseThrow()), id));
    }

    @Test
    void budgetChecksCountTheUsageOfTerminatedAgentsReadBackFromTheLog() {
        String vault = "vault-" + UUID.randomUUID();
        String runId = "run-" + UUID.randomUUID();
        Spawned first = spawn("first");
        Spawned second = spawn("second");
        model.willReply(Reply.text("first", 900, 100), Reply.text("second", 300, 100));
        gateway.chat(new ModelCall(scope(vault, first, runId, null, null), request()));
        caughtUp();
        assertTrue(ledger.holdsAgent(first.id()));
        assertTrue(ledger.holdsRun(runId));

        AgentEvents.submit(Map.of("op", "terminate-agent", "agent", first.id(), "reason", "done"));
        caughtUp();
        assertFalse(ledger.holdsAgent(first.id()));
        assertFalse(ledger.holdsRun(runId), "its only live caller is gone");
        assertEquals(1_000, ledger.ofAgent(scope(vault, first, runId, null, null)).totalTokens());
        assertEquals(1_000, ledger.ofRun(runId).totalTokens());

        // Each call is estimated at its prompt plus its 600 max output tokens: over 1,500 only with the 1,000 spent.
        Budget tight = new Budget(1_500L, null);
        BudgetExceededException agent = assertThrows(BudgetExceededException.class,
                () -> gateway.chat(new ModelCall(scope(vault, first, runId, tight, null), request())));
        assertEquals("agent first", agent.holder());
        BudgetExceededException run = assertThrows(BudgetExceededException.class,
                () -> gateway.chat(new ModelCall(scope(vault, second, runId, null, tight), request())));
        assertEquals("run " + runId, run.holder());
        assertEquals(1, model.requestCount(), "both refused before they were sent");

        // The live second agent brings the run back: its total is read back once and counted on from there.
        Budget roomy = new Budget(1_900L, null);
        gateway.chat(new ModelCall(scope(vault, second, runId, null, roomy), request()));
        caughtUp();
        assertTrue(ledger.holdsRun(runId));
        assertEquals(1_400, ledger.ofRun(runId).totalTokens());
        assertEquals(2, ledger.ofRun(runId).calls());
        assertEquals(400, ledger.ofAgent(scope(vault, second, runId, null, null)).totalTokens());
        assertThrows(BudgetExceededException.class,
                () -> gateway.chat(new ModelCall(scope(vault, second, runId, null, roomy), request())));
        assertEquals(2, model.requestCount());
    }

    /** Waits until the ledger has applied everything committed so far. */
    private void caughtUp() {
        ledger.awaitPosition(store.headPosition());
    }

    private record Spawned(String id, String name) {}

    /** A live agent in the world state that does nothing by itself: it has no task. */
    private static Spawned spawn(String name) {
        return new Spawned(AgentEvents.submit(Map.of("op", "spawn-agent", "name", name, "type", "script")), name);
    }

    /** A call of the agent in the run; its key is its name. */
    private static CallScope scope(String vault, Spawned agent, String runId, Budget agentBudget, Budget runBudget) {
        return new CallScope(vault, agent.id(), agent.name(), runId, null, agentBudget, runBudget, null);
    }

    private static ChatRequest request() {
        return ChatRequest.builder().messages(UserMessage.from("hello")).maxOutputTokens(600).build();
    }

    private static JsonPath run(String runId) {
        return given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId).then().statusCode(200)
                .extract().jsonPath();
    }

    /** One llm agent's spec; both of a run start in its first wave. */
    private static Map<String, Object> spec(String name) {
        return Map.of(
                "metadata", Map.of("name", name, "version", "v1", "workstream", "release"),
                "spec", Map.of("name", "Release " + name, "domain", "docs", "priority", "high", "type", "llm"),
                "objectives", List.of(Map.of("description", "Say it is done", "deliverable", "nothing")),
                "security", Map.of("capabilities_required", List.of("llm:invoke")),
                "tasks", Map.of("default", List.of(Map.of("description", "say done", "priority", "high"))));
    }
}
