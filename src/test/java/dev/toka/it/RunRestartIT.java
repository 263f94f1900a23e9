package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.Sha256;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of the packaged service killed with SIGKILL in the middle and started again: the run goes
 * on from the log and finishes, with every finished task run once, and only the attempt the kill cut
 * short run again, as the log shows. Its results survive the restart, and its spec files, changed in the
 * meantime, do not change it: it finishes on the version it recorded.
 */
class RunRestartIT {

    @TempDir
    Path data;

    private static RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET);
    }

    private static Map<String, Object> agent(String name, int tasks, String... requires) {
        List<Map<String, Object>> taskList = IntStream.rangeClosed(1, tasks)
                .mapToObj(i -> Map.<String, Object>of("description", name + " task " + i, "priority", "medium",
                        "steps", List.of("sleep 300ms", "echo " + name + "-" + i
                                + Arrays.stream(requires).map(d -> " after ${deps." + d + ".result}")
                                        .collect(Collectors.joining()))))
                .toList();
        return Map.of(
                "metadata", Map.of("name", name, "version", "v1", "workstream", "restart"),
                "spec", Map.of("name", name, "domain", "test", "priority", "high"),
                "tasks", Map.of("default", taskList),
                "dependencies", Map.of("required", Arrays.stream(requires).map(d -> Map.of(d, "first")).toList()));
    }

    private static JsonPath run(ServiceProcess service, String runId) {
        return admin(service).get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitRun(ServiceProcess service, String runId, Predicate<JsonPath> done) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonPath run = run(service, runId);
        while (!done.test(run)) {
            assertTrue(System.nanoTime() < deadline, "run did not get there in 60 s: " + run.prettify());
            Thread.sleep(50);
            run = run(service, runId);
        }
        return run;
    }

    private static List<Map<String, Object>> events(ServiceProcess service, String runId) {
        return admin(service).accept(ContentType.JSON).get("/api/v1/runs/" + runId + "/events")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static Map<String, Long> countByTask(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> e.get("type").equals(type))
                .collect(Collectors.groupingBy(e -> (String) ((Map<?, ?>) e.get("payload")).get("taskId"),
                        Collectors.counting()));
    }

    @Test
    void aRunKilledMidwayFinishesAfterRestartWithEachFinishedTaskRunOnce() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data)) {
            service.start();
            // Spec files (JSON is YAML), uploaded as files; changed on disk while the service is down.
            Map<String, Map<String, Object>> specs = Map.of("a", agent("a", 2), "b", agent("b", 3, "a"),
                    "c", agent("c", 3, "a"), "d", agent("d", 2, "b", "c"));
            RequestSpecification upload = admin(service);
            Map<String, String> sha256 = new HashMap<>();
            for (Map.Entry<String, Map<String, Object>> spec : specs.entrySet()) {
                Path file = data.resolve(spec.getKey() + ".yaml");
                String text = new ObjectMapper().writeValueAsString(spec.getValue());
                Files.writeString(file, text);
                sha256.put(spec.getKey(), Sha256.hex(text));
                upload = upload.multiPart("files", file.toFile());
            }
            String runId = upload.post("/api/v1/runs").then().statusCode(201).extract().path("runId");
            // Kill once b or c has finished a task and is working on the next.
            awaitRun(service, runId, r -> r.getList("agents.completedTasks", Integer.class).stream()
                    .mapToInt(Integer::intValue).sum() >= 4);
            Set<String> completedBeforeKill = countByTask(events(service, runId), "TaskCompleted").keySet();
            String resultOfA = run(service, runId).getString("agents.find { it.name == 'a' }.result");
            service.kill();
            for (String name : specs.keySet()) {
                Files.writeString(data.resolve(name + ".yaml"), Files.readString(data.resolve(name + ".yaml"))
                        .replace("echo ", "echo changed "));
            }

            service.start();
            JsonPath finished = awaitRun(service, runId, r -> !r.getString("state").equals("running"));

            assertEquals("completed", finished.getString("state"));
            assertEquals(List.of(2, 3, 3, 2), finished.getList("agents.completedTasks", Integer.class));
            assertEquals("a-2", resultOfA);
            assertEquals(resultOfA, finished.getString("agents.find { it.name == 'a' }.result"),
                    "a result survives the restart");
            assertEquals("d-2 after b-3 after a-2 after c-3 after a-2",
                    finished.getString("agents.find { it.name == 'd' }.result"),
                    "the run finished on its recorded specs, and results flowed across the restart");
            for (String name : specs.keySet()) {
                assertEquals(sha256.get(name), finished.getString("agents.find { it.name == '" + name + "' }.specSha256"),
                        "the run shows the version it started with");
            }
            List<Map<String, Object>> events = events(service, runId);
            assertEquals(4, events.stream().filter(e -> e.get("type").equals("AgentSpawned")).count());
            Map<String, Long> scheduled = countByTask(events, "TaskScheduled");
            Map<String, Long> completed = countByTask(events, "TaskCompleted");
            Map<String, Long> started = countByTask(events, "TaskStarted");
            assertEquals(10, scheduled.size());
            assertEquals(scheduled.keySet(), completed.keySet());
            assertTrue(completed.values().stream().allMatch(n -> n == 1), "each task completed once: " + completed);
            assertTrue(completedBeforeKill.stream().allMatch(t -> started.get(t) == 1),
                    "a task finished before the kill never started again: " + started);
            List<Map<String, Object>> interrupted = events.stream().filter(e -> e.get("type").equals("TaskFailed"))
                    .filter(e -> String.valueOf(((Map<?, ?>) e.get("payload")).get("reason")).startsWith("interrupted"))
                    .toList();
            assertTrue(interrupted.size() <= 2, "at most the attempts cut short (b and c) were retried: " + interrupted);
            long restarts = started.values().stream().mapToLong(n -> n - 1).sum();
            assertEquals(interrupted.size(), restarts, "only interrupted attempts ran again");
            assertEquals("RunFinished", events.get(events.size() - 1).get("type"));
        }
    }
}
