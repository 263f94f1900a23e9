package dev.toka.tools;

import static dev.toka.tools.ToolCalls.ADMIN;
import static dev.toka.tools.ToolCalls.invoke;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import dev.toka.tools.ToolEvents.ToolCompleted;
import dev.toka.tools.ToolEvents.ToolInvoked;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/** The tools API over real HTTP: listing, invoking, denials, idempotent repeats and the events they leave. */
@QuarkusTest
class ToolsApiTest {

    @Inject
    EventStore store;

    @Inject
    ObjectMapper mapper;

    @Test
    void adminListsEveryBuiltInTool() {
        given().header("Authorization", ADMIN).get("/api/v1/tools")
                .then().statusCode(200)
                .body("tools.id", hasItems("fs.list", "fs.read", "fs.write", "http.get", "process.exec"))
                .body("tools.find { it.id == 'fs.write' }.sideEffect", equalTo("idempotent"))
                .body("tools.find { it.id == 'fs.read' }.permission", equalTo("tool:fs.read"))
                .body("tools.find { it.id == 'fs.read' }.inputSchema.required", contains("path"));
    }

    @Test
    void aTokenSeesExactlyTheToolsItHoldsPermissionFor() {
        String agent = ToolCalls.spawnRoot("lister");
        given().header("Authorization", ToolCalls.tokenFor(agent, "tool:fs.read", "task:schedule"))
                .get("/api/v1/tools")
                .then().statusCode(200)
                .body("tools.id", contains("fs.read"))
                .body("manifestErrors", equalTo(null));
        given().header("Authorization", ToolCalls.tokenFor(agent, "tool:fs.list", "tool:fs.write"))
                .get("/api/v1/tools")
                .then().statusCode(200)
                .body("tools.id", contains("fs.list", "fs.write"));
    }

    @Test
    void anAgentWritesAndReadsBackInItsOwnWorkspace() {
        String agent = ToolCalls.spawnRoot("writer");
        String token = ToolCalls.tokenFor(agent, "tool:*");
        invoke(token, "fs.write", Map.of("input", Map.of("path", "notes/a.txt", "content", "hello")))
                .statusCode(200)
                .body("tool", equalTo("fs.write"))
                .body("output.bytes", equalTo(5))
                .body("replayed", equalTo(false));
        invoke(token, "fs.read", Map.of("input", Map.of("path", "notes/a.txt")))
                .statusCode(200)
                .body("output.content", equalTo("hello"));
        invoke(token, "fs.list", Map.of("input", Map.of("path", "notes")))
                .statusCode(200)
                .body("output.entries.name", contains("a.txt"))
                .body("output.entries[0].type", equalTo("file"));
    }

    @Test
    void aCallWithoutThePermissionIsDeniedAndAudited() {
        String agent = ToolCalls.spawnRoot("denied");
        invoke(ToolCalls.tokenFor(agent, "tool:fs.read"), "fs.write",
                Map.of("input", Map.of("path", "x.txt", "content", "no")))
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:forbidden"))
                .body("missingPermission", equalTo("tool:fs.write"));
        given().header("Authorization", ADMIN)
                .queryParam("principal", agent).queryParam("decision", "deny")
                .get("/api/v1/audit")
                .then().statusCode(200)
                .body("entries.entry.action", contains("tool:fs.write"))
                .body("entries.entry.status", contains(403));
        assertFalse(Files.exists(ToolCalls.WORKSPACES.resolve("default/agent-" + agent + "/x.txt")));
    }

    @Test
    void anAgentMayNotActForAnotherAgent() {
        String agent = ToolCalls.spawnRoot("me");
        String other = ToolCalls.spawnRoot("other");
        invoke(ToolCalls.tokenFor(agent, "tool:*"), "fs.list", Map.of("agent", other, "input", Map.of()))
                .statusCode(403)
                .body("detail", startsWith("tool fs.list may not act for agent " + other));
    }

    @Test
    void malformedCallsAreClearProblems() {
        given().header("Authorization", ADMIN).contentType("application/json").body("[1]")
                .post("/api/v1/tools/fs.read/invoke")
                .then().statusCode(400).body("type", equalTo("urn:toka:problem:malformed-json"));
        given().header("Authorization", ADMIN).contentType("application/json").body("null")
                .post("/api/v1/tools/fs.read/invoke")
                .then().statusCode(400).body("field", equalTo("body"));
        invoke(ADMIN, "fs.read", Map.of("input", "not an object"))
                .statusCode(400).body("type", equalTo("urn:toka:problem:invalid-tool-input"));
        invoke(ADMIN, "fs.read", Map.of("input", Map.of("path", "a"), "run", "../up"))
                .statusCode(400).body("field", equalTo("run"));
        invoke(ADMIN, "fs.read", Map.of("input", Map.of("path", "a"),
                "idempotencyKey", Map.of("step", 0)))
                .statusCode(400).body("field", equalTo("idempotencyKey"));
    }

    @Test
    void anUnknownToolIsNotFound() {
        invoke(ADMIN, "no.such.tool", Map.of("input", Map.of()))
                .statusCode(404)
                .body("type", equalTo("urn:toka:problem:tool-not-found"))
                .body("toolId", equalTo("no.such.tool"));
    }

    @Test
    void inputBreakingTheSchemaIsRefusedBeforeTheToolRunsNamingTheField() {
        String agent = ToolCalls.freshAgent();
        ToolCalls.invokeFor(agent, "fs.write", Map.of("path", "a.txt", "content", 42))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:toka:problem:invalid-tool-input"))
                .body("field", equalTo("/content"));
        ToolCalls.invokeFor(agent, "fs.write", Map.of("content", "x"))
                .statusCode(400)
                .body("field", equalTo("/path"));
        assertFalse(Files.exists(ToolCalls.workspaceOf(agent)), "nothing ran, so no workspace was made");
    }

    @Test
    void aRepeatedKeyedWriteReturnsTheRecordedResultAndDoesNotWriteAgain() throws Exception {
        String agent = ToolCalls.freshAgent();
        Map<String, Object> call = Map.of("agent", agent, "run", "run-" + agent.substring(6, 14),
                "input", Map.of("path", "out.txt", "content", "first"),
                "idempotencyKey", Map.of("task", "t1", "step", 3, "attempt", 0));
        invoke(ADMIN, "fs.write", call).statusCode(200).body("replayed", equalTo(false));
        Path file = ToolCalls.WORKSPACES.resolve("default/run-run-" + agent.substring(6, 14) + "/out.txt");
        Files.writeString(file, "changed by someone else");

        invoke(ADMIN, "fs.write", call)
                .statusCode(200)
                .body("replayed", equalTo(true))
                .body("output.bytes", equalTo(5));
        assertEquals("changed by someone else", Files.readString(file), "the repeat must not write again");

        Map<String, Object> otherInput = Map.of("agent", agent, "run", "run-" + agent.substring(6, 14),
                "input", Map.of("path", "out.txt", "content", "second"),
                "idempotencyKey", Map.of("task", "t1", "step", 3, "attempt", 0));
        invoke(ADMIN, "fs.write", otherInput)
                .statusCode(409)
                .body("type", equalTo("urn:toka:problem:tool-call-key-reused"));
        Map<String, Object> nextAttempt = Map.of("agent", agent, "run", "run-" + agent.substring(6, 14),
                "input", Map.of("path", "out.txt", "content", "second"),
                "idempotencyKey", Map.of("task", "t1", "step", 3, "attempt", 1));
        invoke(ADMIN, "fs.write", nextAttempt).statusCode(200).body("replayed", equalTo(false));
        assertEquals("second", Files.readString(file));
    }

    @Test
    void aRepeatWhileTheFirstCallStillRunsIsAConflictAndAfterwardsAReplay() throws Exception {
        String agent = ToolCalls.freshAgent();
        Map<String, Object> call = Map.of("agent", agent,
                "input", Map.of("command", "sh", "args", List.of("-c", "sleep 1; echo $$")),
                "idempotencyKey", Map.of("task", "t", "step", 0, "attempt", 0));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> invoke(ADMIN, "process.exec", call).statusCode(200).extract().<String>path("output.stdout"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Files.exists(ToolCalls.workspaceOf(agent)));

        invoke(ADMIN, "process.exec", call)
                .statusCode(409)
                .body("type", equalTo("urn:toka:problem:tool-call-in-progress"))
                .body("stream", startsWith("toolcall-"));
        String ranOnce = first.get(10, java.util.concurrent.TimeUnit.SECONDS);
        invoke(ADMIN, "process.exec", call)
                .statusCode(200)
                .body("replayed", equalTo(true))
                .body("output.stdout", equalTo(ranOnce));
    }

    @Test
    void aKeyNamingAnotherAgentIsRefused() {
        String agent = ToolCalls.freshAgent();
        invoke(ADMIN, "fs.list", Map.of("agent", agent, "input", Map.of(),
                "idempotencyKey", Map.of("agent", "someone-else", "step", 0, "attempt", 0)))
                .statusCode(400)
                .body("field", equalTo("idempotencyKey.agent"));
    }

    @Test
    void aCallLeavesInvokedAndCompletedEventsWithDigestsButNotTheRawInput() throws Exception {
        String agent = ToolCalls.freshAgent();
        String secret = "s3cret-" + agent;
        Map<String, Object> input = Map.of("path", "secret.txt", "content", secret);
        ToolCalls.invokeFor(agent, "fs.write", input).statusCode(200);

        StoredEvent invokedEvent = findInvoked(agent);
        ToolInvoked invoked = mapper.readValue(invokedEvent.payload(), ToolInvoked.class);
        assertEquals("fs.write", invoked.toolId());
        assertEquals("1.0.0", invoked.toolVersion());
        assertEquals("admin", invoked.caller());
        assertEquals(sha256Canonical(mapper.writeValueAsString(input)), invoked.inputSha256());
        assertNull(invoked.step(), "a call without a key has no step");
        assertFalse(invokedEvent.payload().contains(secret), "the raw input must not be stored");

        List<StoredEvent> stream = store.readStream(invokedEvent.streamId(), 1, 10);
        assertEquals(List.of("ToolInvoked", "ToolCompleted"), stream.stream().map(StoredEvent::type).toList());
        ToolCompleted completed = mapper.readValue(stream.get(1).payload(), ToolCompleted.class);
        assertEquals(invoked.callId(), completed.callId());
        assertEquals(sha256Canonical(mapper.writeValueAsString(completed.output())), completed.outputSha256());
        assertEquals(secret.length(), completed.output().get("bytes").asInt());
    }

    private StoredEvent findInvoked(String agent) {
        for (long from = 1; ; ) {
            List<StoredEvent> page = store.read(from, 1000);
            if (page.isEmpty()) {
                throw new AssertionError("no ToolInvoked for " + agent);
            }
            for (StoredEvent event : page) {
                if (event.type().equals("ToolInvoked") && event.payload().contains(agent)) {
                    return event;
                }
            }
            from = page.get(page.size() - 1).position() + 1;
        }
    }

    private static String sha256Canonical(String json) throws Exception {
        byte[] canonical = new JsonCanonicalizer(json).getEncodedString().getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    }
}
