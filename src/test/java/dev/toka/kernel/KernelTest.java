package dev.toka.kernel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.security.Caller;
import dev.toka.security.Principal;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The kernel through its bean and over HTTP: extension handlers, the exact queue limit, one agent's lane. */
@QuarkusTest
class KernelTest {

    private static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";
    private static final Caller ADMIN_CALLER = new Caller(Principal.admin(), "127.0.0.1");

    @Inject
    Kernel kernel;

    @Inject
    WorldState world;

    private static String spawn() {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "kernel-test", "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    @Test
    void extensionHandlerBeanAddsAnOperationWithoutEditingTheKernel() {
        String agent = spawn();
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "annotate-agent", "agent", agent, "note", "looks busy"))
                .post("/api/v1/operations")
                .then().statusCode(201)
                .body("event.type", equalTo("AgentAnnotated"))
                .body("event.payload.note", equalTo("looks busy"))
                .body("event.streamVersion", equalTo(1));
        // The projection followed the extension event's version, so built-in operations still apply.
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "after the note"))
                .post("/api/v1/operations")
                .then().statusCode(201).body("event.streamVersion", equalTo(2));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "annotate-agent", "agent", agent, "note", ""))
                .post("/api/v1/operations")
                .then().statusCode(400).body("field", equalTo("note"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "nope"))
                .post("/api/v1/operations")
                .then().statusCode(400).body("detail", containsString("annotate-agent"));
    }

    @Test
    void queueHoldsExactly10000TasksEvenUnderConcurrentSchedulers() throws Exception {
        String agent = spawn();
        for (int i = 0; i < Limits.MAX_QUEUED_TASKS - 100; i++) {
            kernel.submit(ADMIN_CALLER, new ScheduleTask(agent, "task " + i));
        }
        // 8 threads race for the last 100 places with 200 attempts: exactly 100 may win.
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            attempts.add(pool.submit(() -> {
                try {
                    kernel.submit(ADMIN_CALLER, new ScheduleTask(agent, "racing"));
                    return true;
                } catch (InvalidOperationException full) {
                    return false;
                }
            }));
        }
        int accepted = 0;
        for (Future<Boolean> attempt : attempts) {
            accepted += attempt.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(100, accepted);
        assertEquals(Limits.MAX_QUEUED_TASKS, world.agent(agent).orElseThrow().queuedTasks().size());
        InvalidOperationException full = assertThrows(InvalidOperationException.class,
                () -> kernel.submit(ADMIN_CALLER, new ScheduleTask(agent, "one too many")));
        assertTrue(full.getMessage().contains("10000"), full.getMessage());
    }

    @Test
    void concurrentRequestsOnOneAgentQueueUpInsteadOfConflicting() throws Exception {
        String agent = spawn();
        int requests = 120;
        // Over HTTP the kernel runs on the event loops: the lane must order them, with no 409 and no retry storm.
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Integer>> versions = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String description = "concurrent " + i;
            versions.add(clients.submit(() -> given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent, "description", description))
                    .post("/api/v1/operations")
                    .then().statusCode(201).extract().<Integer>path("event.streamVersion")));
        }
        Set<Integer> seen = new TreeSet<>();
        for (Future<Integer> version : versions) {
            seen.add(version.get());
        }
        clients.shutdown();
        // The spawn is version 0; the tasks took every version after it exactly once.
        assertEquals(IntStream.rangeClosed(1, requests).boxed().toList(), List.copyOf(seen));
        assertEquals(requests, world.agent(agent).orElseThrow().queuedTasks().size());
    }
}
