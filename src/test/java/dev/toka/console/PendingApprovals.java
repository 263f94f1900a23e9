package dev.toka.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.agent.AgentEvents;
import dev.toka.llm.FakeOpenAi;
import dev.toka.llm.FakeOpenAi.Reply;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Gets an approval pending as ApprovalsTest does (ApprovalProfile: {@code fs.write} needs one): an llm agent whose
 * fake model asks to write a file, then reports done.
 */
final class PendingApprovals {

    private PendingApprovals() {}

    /**
     * A pending approval.
     *
     * @param agentId    The agent whose call waits.
     * @param approvalId The approval.
     */
    record Pending(String agentId, String approvalId) {}

    static Pending request(FakeOpenAi model, String agentName) {
        model.reset();
        model.willReply(Reply.toolCall("call-1", "fs_write", "{\"path\":\"deploy.txt\",\"content\":\"v2\"}"),
                Reply.text(new JsonObject().put("status", "COMPLETED").put("summary", "deployed").encode(), 30, 12));
        String agent = AgentEvents.submit(Map.of("op", "spawn-agent", "name", agentName, "type", "llm",
                "mandate", Map.of("capabilities", List.of("llm:invoke", "tool:fs.write"))));
        AgentEvents.submit(Map.of("op", "schedule-task", "agent", agent, "description", "write deploy.txt saying v2"));
        List<String> types = AgentEvents.awaitTypes("agent-" + agent, t -> t.contains("ApprovalRequested")
                || t.contains("TaskFailed"), 30);
        assertTrue(types.contains("ApprovalRequested"), types.toString());
        String id = given().header("Authorization", "Bearer " + ConsoleClient.ADMIN_SECRET).get("/api/v1/approvals")
                .then().statusCode(200).extract().path("approvals.find { it.agentId == '" + agent + "' }.approvalId");
        return new Pending(agent, id);
    }

    /** The approval's state as the API shows it; 404 (null) once its task is done. */
    static String state(String approvalId) {
        return given().header("Authorization", "Bearer " + ConsoleClient.ADMIN_SECRET)
                .get("/api/v1/approvals/" + approvalId).then().extract().path("state");
    }
}
