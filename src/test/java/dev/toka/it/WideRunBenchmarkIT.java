package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.orchestration.WideRunSpecs;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs/performance.md benchmark: 1,000 agents in a wide DAG (one root, 998 in parallel, one
 * sink), each with one no-op {@code script} task, on the packaged service with the embedded
 * defaults. Prints the figures; run with {@code mvn verify -Dtoka.bench=true -Dit.test=WideRunBenchmarkIT}.
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
class WideRunBenchmarkIT {

    private static final int AGENTS = 1_000;

    @TempDir
    Path data;


    @Test
    void runsAThousandAgentWideDag() throws Exception {
        List<Map<String, Object>> specs = WideRunSpecs.of(AGENTS, "noop");

        try (ServiceProcess service = new ServiceProcess(data)) {
            service.start();
            // The first run includes the JIT warming up; the second shows the steady state.
            measure(service, specs, "cold");
            measure(service, specs, "warm");
        }
    }

    private static void measure(ServiceProcess service, List<Map<String, Object>> specs, String label)
            throws InterruptedException {
        String admin = "Bearer " + ServiceProcess.ADMIN_SECRET;
        long submitted = System.nanoTime();
        String runId = given().baseUri(service.baseUrl()).header("Authorization", admin)
                .contentType(ContentType.JSON).body(specs)
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
        JsonPath run;
        do {
            Thread.sleep(100);
            run = given().baseUri(service.baseUrl()).header("Authorization", admin)
                    .get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
            assertTrue(System.nanoTime() - submitted < Duration.ofMinutes(5).toNanos(), "run took over 5 min");
        } while (run.getString("state").equals("running"));
        long wallMillis = (System.nanoTime() - submitted) / 1_000_000;
        assertEquals("completed", run.getString("state"));

        List<Map<String, Object>> events = given().baseUri(service.baseUrl()).header("Authorization", admin)
                .accept(ContentType.JSON).get("/api/v1/runs/" + runId + "/events")
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Instant> scheduled = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        for (Map<String, Object> event : events) {
            Map<?, ?> payload = (Map<?, ?>) event.get("payload");
            Instant at = Instant.parse((String) event.get("recordedAt"));
            if (event.get("type").equals("TaskScheduled")) {
                scheduled.put((String) payload.get("taskId"), at);
            } else if (event.get("type").equals("TaskCompleted")) {
                latencies.add(Duration.between(scheduled.get((String) payload.get("taskId")), at).toMillis());
            }
        }
        latencies.sort(Long::compare);
        System.out.printf("BENCH %s agents=%d events=%d runDurationMillis=%d wallMillis=%d "
                        + "overheadPerTaskMillis=%.2f scheduleToCompleteMillis p50=%d p95=%d max=%d%n",
                label, AGENTS, events.size(), run.getLong("durationMillis"), wallMillis,
                (double) run.getLong("durationMillis") / AGENTS, latencies.get(latencies.size() / 2),
                latencies.get(latencies.size() * 95 / 100), latencies.get(latencies.size() - 1));
    }
}
