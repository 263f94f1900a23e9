package dev.toka.store;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.toka.kernel.KernelEvent;
import dev.toka.llm.LlmEvents;
import dev.toka.orchestration.RunEvent;
import dev.toka.security.SecurityEvents;
import dev.toka.tools.ToolEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The running service stores every event under the name its layer declares, the names logs were
 * written with before the registry existed, and reads its own writes without parsing them.
 */
@QuarkusTest
class StoredEventTypesTest {

    /** Every stored name, as the logs written so far hold them: renaming a record must change none. */
    private static final Map<String, Class<?>> STORED_NAMES = Map.ofEntries(
            Map.entry("AgentSpawned", KernelEvent.AgentSpawned.class),
            Map.entry("TaskScheduled", KernelEvent.TaskScheduled.class),
            Map.entry("ObservationEmitted", KernelEvent.ObservationEmitted.class),
            Map.entry("AgentSuspended", KernelEvent.AgentSuspended.class),
            Map.entry("AgentResumed", KernelEvent.AgentResumed.class),
            Map.entry("AgentTerminated", KernelEvent.AgentTerminated.class),
            Map.entry("TaskStarted", KernelEvent.TaskStarted.class),
            Map.entry("TaskCompleted", KernelEvent.TaskCompleted.class),
            Map.entry("TaskFailed", KernelEvent.TaskFailed.class),
            Map.entry("TaskTimedOut", KernelEvent.TaskTimedOut.class),
            Map.entry("TaskCancelled", KernelEvent.TaskCancelled.class),
            Map.entry("RunStarted", RunEvent.RunStarted.class),
            Map.entry("AgentLaunched", RunEvent.AgentLaunched.class),
            Map.entry("AgentBlocked", RunEvent.AgentBlocked.class),
            Map.entry("RunFinished", RunEvent.RunFinished.class),
            Map.entry("RunCancelled", RunEvent.RunCancelled.class),
            Map.entry("SigningKeyCreated", SecurityEvents.SigningKeyCreated.class),
            Map.entry("TokenIssued", SecurityEvents.TokenIssued.class),
            Map.entry("TokenRevoked", SecurityEvents.TokenRevoked.class),
            Map.entry("SubjectRevoked", SecurityEvents.SubjectRevoked.class),
            Map.entry("AdminCredentialCreated", SecurityEvents.AdminCredentialCreated.class),
            Map.entry("AdminCredentialConfigured", SecurityEvents.AdminCredentialConfigured.class),
            Map.entry("AuditRecorded", SecurityEvents.AuditRecorded.class),
            Map.entry("ModelCallRecorded", LlmEvents.ModelCallRecorded.class),
            Map.entry("ModelCallFailed", LlmEvents.ModelCallFailed.class),
            Map.entry("ToolInvoked", ToolEvents.ToolInvoked.class),
            Map.entry("ToolCompleted", ToolEvents.ToolCompleted.class),
            Map.entry("ToolFailed", ToolEvents.ToolFailed.class));

    private static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";

    @Inject
    EventRegistry registry;

    @Inject
    EventCodec codec;

    @Inject
    EventStore store;

    @Test
    void storesEveryTypeUnderTheNameItWasAlwaysStoredUnder() {
        STORED_NAMES.forEach((name, type) -> {
            assertEquals(name, registry.nameOf(type));
            assertEquals(Optional.of(type), registry.classOf(name));
        });
    }

    @Test
    void appliesTheKernelsOwnWritesWithoutParsingThem() {
        long parsedBefore = codec.parses();
        long from = store.headPosition() + 1;

        String agentId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "decoded once", "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agentId, "description", "one task"))
                .post("/api/v1/operations").then().statusCode(201);

        // The world state, the run projection, the security projection and the agent runtime have all
        // applied these commits: none of them parsed a payload the kernel had just written.
        assertEquals(parsedBefore, codec.parses());
        List<StoredEvent> written = store.readStream(KernelEvent.streamOf(agentId), from, 10);
        assertEquals(List.of("AgentSpawned", "TaskScheduled"),
                written.stream().limit(2).map(StoredEvent::type).toList());
        Object decoded = codec.decode(written.get(0));
        assertSame(decoded, codec.decode(store.readStream(KernelEvent.streamOf(agentId), from, 1).get(0)));
        assertEquals(parsedBefore, codec.parses());
    }
}
