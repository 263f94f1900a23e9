package dev.toka.agent;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.awaitTypes;
import static dev.toka.agent.AgentEvents.stream;
import static dev.toka.agent.AgentEvents.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The script plugin's tool steps: real tool calls as the agent, checked against its mandate and recorded. */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
class ScriptToolStepsTest {

    private static final Path WORKSPACES = Path.of("target/test-workspaces/default");

    @Inject
    EventStore store;

    private static String spawn(List<String> capabilities) {
        return submit(Map.of("op", "spawn-agent", "name", "scripted", "type", "script",
                "mandate", Map.of("capabilities", capabilities)));
    }

    @Test
    void toolStepsRunAsTheAgentInItsWorkspaceAndAreRecorded() throws Exception {
        String agent = spawn(List.of("tool:fs.write", "tool:fs.read"));
        submit(Map.of("op", "schedule-task", "agent", agent, "description", """
                fs.write {"path":"notes/today.md","content":"a; b"}
                fs.read {"path":"notes/today.md"}
                echo done"""));
        awaitTypes("agent-" + agent, t -> t.contains("TaskCompleted") || t.contains("TaskFailed"), 15);

        JsonPath events = stream("agent-" + agent);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "TaskStarted", "TaskCompleted"),
                events.getList("events.type"));
        String output = events.getString("events[3].payload.output");
        assertTrue(output.contains("fs.read: {") && output.contains("\"content\":\"a; b\""), output);
        assertTrue(output.endsWith("done"), output);
        assertEquals("a; b", Files.readString(WORKSPACES.resolve("agent-" + agent).resolve("notes/today.md")));

        List<StoredEvent> calls = store.read(1, 100_000).stream()
                .filter(e -> e.streamId().startsWith("toolcall-") && e.payload().contains(agent))
                .toList();
        assertEquals(List.of("ToolInvoked", "ToolInvoked"), calls.stream().map(StoredEvent::type).toList());
        assertTrue(calls.get(0).payload().contains("\"caller\":\"" + agent + "\""), calls.get(0).payload());
        assertTrue(calls.get(1).payload().contains("\"step\":1"), calls.get(1).payload());
    }

    @Test
    void aToolOutsideTheMandateFailsTheTaskAtOnceAndIsAudited() {
        String agent = spawn(List.of("tool:fs.read"));
        submit(Map.of("op", "schedule-task", "agent", agent, "description",
                "fs.write {\"path\":\"x.txt\",\"content\":\"no\"}"));
        awaitTypes("agent-" + agent, t -> t.contains("TaskFailed"), 15);

        JsonPath events = stream("agent-" + agent);
        assertEquals(List.of("AgentSpawned", "TaskScheduled", "TaskStarted", "TaskFailed"),
                events.getList("events.type"), "a refused call is not retried");
        assertEquals(false, events.getBoolean("events[3].payload.retrying"));
        assertTrue(events.getString("events[3].payload.reason").contains("denied"));
        assertTrue(Files.notExists(WORKSPACES.resolve("agent-" + agent).resolve("x.txt")));

        given().header("Authorization", ADMIN).queryParam("principal", agent).queryParam("decision", "deny")
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries[0].entry.action", equalTo("tool:fs.write"));
    }
}
