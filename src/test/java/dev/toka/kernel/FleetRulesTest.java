package dev.toka.kernel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.toka.security.Caller;
import dev.toka.security.Principal;
import dev.toka.store.InstanceIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The kernel rules a fleet relies on, on one instance (the agent runtime is off here, so the test reports
 * for the agents): a start claims the attempt for this instance and only one of concurrent starts wins;
 * an outcome names its attempt and one for an attempt that is no longer current is refused; a run has
 * one driver at a time.
 */
@QuarkusTest
class FleetRulesTest {

    private static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";
    private static final Caller ADMIN_CALLER = new Caller(Principal.admin(), "127.0.0.1");

    @Inject
    Kernel kernel;

    @Inject
    InstanceIdentity instance;

    private static ValidatableResponse submit(Map<String, Object> operation) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(operation)
                .post("/api/v1/operations").then();
    }

    private static String spawn() {
        return submit(Map.of("op", "spawn-agent", "name", "fleet-rules", "type", "script"))
                .statusCode(201).extract().path("agentId");
    }

    private static String schedule(String agent) {
        return submit(Map.of("op", "schedule-task", "agent", agent, "description", "once"))
                .statusCode(201).extract().path("event.payload.taskId");
    }

    @Test
    void aStartClaimsTheAttemptForThisInstance() {
        String agent = spawn();
        String task = schedule(agent);
        submit(Map.of("op", "start-task", "agent", agent, "taskId", task)).statusCode(201)
                .body("event.payload.attempt", equalTo(1))
                .body("event.payload.instance", equalTo(instance.id()))
                .body("event.metadata.instance", equalTo(instance.id()));
    }

    @Test
    void anOutcomeNamesItsAttemptAndOneForAnAttemptNoLongerCurrentIsRefused() {
        String agent = spawn();
        String task = schedule(agent);
        submit(Map.of("op", "start-task", "agent", agent, "taskId", task)).statusCode(201);
        submit(Map.of("op", "fail-task", "agent", agent, "taskId", task, "reason", "no attempt named"))
                .statusCode(400).body("field", equalTo("attempt"));
        // Attempt 1 is taken over (reported interrupted, retried) and attempt 2 starts.
        submit(Map.of("op", "fail-task", "agent", agent, "taskId", task, "attempt", 1, "reason", "interrupted",
                "retrying", true)).statusCode(201);
        submit(Map.of("op", "start-task", "agent", agent, "taskId", task)).statusCode(201)
                .body("event.payload.attempt", equalTo(2));

        // The late outcome of attempt 1 is refused, whatever it says; attempt 2's is taken.
        submit(Map.of("op", "complete-task", "agent", agent, "taskId", task, "attempt", 1, "output", "late"))
                .statusCode(409).body("detail", containsString("attempt 1 of task " + task + " is no longer current"));
        submit(Map.of("op", "fail-task", "agent", agent, "taskId", task, "attempt", 1, "reason", "late"))
                .statusCode(409);
        submit(Map.of("op", "complete-task", "agent", agent, "taskId", task, "attempt", 2, "output", "done"))
                .statusCode(201).body("event.type", equalTo("TaskCompleted"));
        submit(Map.of("op", "complete-task", "agent", agent, "taskId", task, "attempt", 2, "output", "twice"))
                .statusCode(409);
    }

    @Test
    void ofConcurrentStartsOfOneTaskExactlyOneWins() throws Exception {
        String agent = spawn();
        String task = schedule(agent);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> starts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            starts.add(pool.submit(() -> {
                try {
                    kernel.submit(ADMIN_CALLER, new StartTask(agent, task));
                    return true;
                } catch (AgentStateConflictException refused) {
                    return false;
                }
            }));
        }
        int won = 0;
        for (Future<Boolean> start : starts) {
            won += start.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, won);
    }

    @Test
    void aRunHasOneDriverAndASecondClaimIsRefused() {
        String runId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(List.of(Map.of(
                        "metadata", Map.of("name", "claimed", "version", "v1", "workstream", "fleet"),
                        "spec", Map.of("name", "claimed", "domain", "test", "priority", "high"),
                        "tasks", Map.of("default", List.of(Map.of("description", "wait", "priority", "high",
                                "steps", List.of("echo waiting")))))))
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        // Alone (no fleet), the engine drives without claiming: the first claim takes a run nobody drives.
        submit(Map.of("op", "claim-run", "run", runId)).statusCode(201)
                .body("event.type", equalTo("RunClaimed"))
                .body("event.payload.instance", equalTo(instance.id()))
                .body("event.payload.previous", nullValue());
        submit(Map.of("op", "claim-run", "run", runId)).statusCode(409)
                .body("detail", containsString("drives it already"));
        submit(Map.of("op", "claim-run", "run", "no-such-run")).statusCode(404);
    }
}
