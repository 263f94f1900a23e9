package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.toka.llm.FakeOpenAi;
import dev.toka.llm.FakeOpenAi.Reply;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool call's approval across a {@code kill -9} of the packaged service, against a local OpenAI-compatible
 * server: the approval asked before the kill is still pending after the restart, and granting it then resumes
 * the task from the model's recorded answer: the tool runs once and the model is asked once more, for the
 * verdict, never again for the answer that asked for the call.
 */
class ApprovalRestartIT {

    @TempDir
    Path data;

    private static RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET);
    }

    private static List<String> awaitTypes(ServiceProcess service, String agent, Predicate<List<String>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            List<String> types = admin(service).queryParam("stream", "agent-" + agent).queryParam("limit", 1000)
                    .get("/api/v1/events").then().statusCode(200).extract().jsonPath().getList("events.type");
            if (done.test(types)) {
                return types;
            }
            if (System.nanoTime() > deadline) {
                fail("agent " + agent + " did not get there; its stream holds " + types);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void anApprovalAskedBeforeAKillIsGrantedAfterTheRestartAndTheToolRunsOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeOpenAi model = new FakeOpenAi(vertx);
        model.start();
        Path workspaces = data.resolve("workspaces");
        try (ServiceProcess service = new ServiceProcess(data,
                "-Dtoka.llm.primary.base-url=" + model.baseUrl(),
                "-Dquarkus.langchain4j.openai.primary.api-key=it-key",
                "-Dtoka.llm.primary.model=fake",
                "-Dtoka.llm.primary.timeout=30s",
                "-Dtoka.tools.approval-required=fs.write",
                "-Dtoka.tools.workspace-root=" + workspaces)) {
            service.start();
            model.willReply(Reply.toolCall("call-1", "fs_write", "{\"path\":\"deploy.txt\",\"content\":\"v2\"}"));
            String agent = admin(service).contentType(ContentType.JSON)
                    .body(Map.of("op", "spawn-agent", "name", "deployer", "type", "llm",
                            "mandate", Map.of("capabilities", List.of("llm:invoke", "tool:fs.write"))))
                    .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
            admin(service).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent, "description", "write deploy.txt saying v2"))
                    .post("/api/v1/operations").then().statusCode(201);
            awaitTypes(service, agent, types -> types.contains("ApprovalRequested"));

            service.kill();
            service.start();

            String id = admin(service).get("/api/v1/approvals").then().statusCode(200)
                    .body("approvals.size()", equalTo(1))
                    .body("approvals[0].state", equalTo("pending"))
                    .body("approvals[0].toolId", equalTo("fs.write"))
                    .extract().path("approvals[0].approvalId");
            assertEquals(1, model.requestCount(), "nothing asked the model again while the approval waits");
            model.willReply(Reply.text(new JsonObject().put("status", "COMPLETED").put("summary", "deployed v2")
                    .encode(), 30, 12));
            admin(service).post("/api/v1/approvals/" + id + "/grant").then().statusCode(200);

            List<String> types = awaitTypes(service, agent, t -> t.contains("TaskCompleted") || t.contains("TaskFailed"));
            assertTrue(types.contains("TaskCompleted"), types.toString());
            assertEquals("v2", Files.readString(workspaces.resolve("default").resolve("agent-" + agent)
                    .resolve("deploy.txt")));
            assertEquals(2, model.requestCount(), "the recorded answer was reused; only the verdict was asked for");
            assertTrue(model.requests().get(1).encode().contains("\"tool_call_id\":\"call-1\""));
            List<Object> invoked = admin(service).queryParam("limit", 1000).get("/api/v1/events").then().statusCode(200)
                    .extract().jsonPath().getList("events.findAll { it.type == 'ToolInvoked' && it.payload.agent == '"
                            + agent + "' }");
            assertEquals(1, invoked.size(), "the tool ran exactly once");
            service.kill();
        } finally {
            model.stop();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
