package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service killed with SIGKILL while writers keep its read models committing batches: each read
 * model's rows equal the log up to its checkpoint, read straight from the database file before the restart (a
 * batch is all in, checkpoint included, or not at all), and after the restart the listings equal the log.
 */
class ReadModelCrashIT {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @TempDir
    Path data;

    private RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET);
    }

    @Test
    void readModelsEqualTheLogAfterAKillInTheMiddleOfABatch() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data, "-Dtoka.agent.enabled=false")) {
            service.start();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.submit(() -> write(service, writer, stop, acknowledged));
            }
            while (acknowledged.get() < 80) {
                Thread.sleep(20);
            }
            service.kill(); // writers still running: the read models are committing turn after turn
            stop.set(true);
            writers.shutdown();
            assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));

            try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.toAbsolutePath().resolve("toka"),
                    "sa", "")) {
                assertRowsEqualTheLogUpToTheCheckpoint(db);
            }

            service.start();
            List<String> spawned = new ArrayList<>();
            long from = 1;
            List<Map<String, Object>> page;
            do {
                page = admin(service).queryParam("from", from).queryParam("limit", 1000).get("/api/v1/events")
                        .then().statusCode(200).extract().path("events");
                page.stream().filter(e -> e.get("type").equals("AgentSpawned"))
                        .forEach(e -> spawned.add((String) ((Map<?, ?>) e.get("payload")).get("agentId")));
                from += page.size();
            } while (!page.isEmpty());
            List<Map<String, Object>> listed = admin(service).queryParam("limit", 1000).get("/api/v1/agents")
                    .then().statusCode(200).extract().path("agents");
            assertEquals(spawned, listed.stream().map(a -> a.get("id")).toList(), "every spawned agent, in log order");
            for (Map<String, Object> agent : listed) {
                assertEquals(admin(service).get("/api/v1/agents/" + agent.get("id")).then().statusCode(200)
                        .extract().path("state"), agent.get("state"), "the world state replayed from the log agrees");
            }
        }
    }

    /** Spawns agents, suspends every other one, and gets refused (an audit entry) now and then. */
    private void write(ServiceProcess service, int writer, AtomicBoolean stop, AtomicInteger acknowledged) {
        for (int i = 0; !stop.get(); i++) {
            try {
                String agent = admin(service).contentType(ContentType.JSON)
                        .body(Map.of("op", "spawn-agent", "name", "w" + writer + "-" + i, "type", "script"))
                        .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
                acknowledged.incrementAndGet();
                if (i % 2 == 0) {
                    admin(service).contentType(ContentType.JSON).body(Map.of("op", "suspend-agent", "agent", agent))
                            .post("/api/v1/operations").then().statusCode(201);
                }
                if (i % 5 == 0) {
                    given().baseUri(service.baseUrl()).header("Authorization", "Bearer not-a-token")
                            .get("/api/v1/agents");
                }
            } catch (RuntimeException | AssertionError killed) {
                return; // the service is gone
            }
        }
    }

    private static void assertRowsEqualTheLogUpToTheCheckpoint(Connection db) throws SQLException {
        long agents = checkpoint(db, "agents read model");
        long audit = checkpoint(db, "audit index");
        long runs = checkpoint(db, "runs read model");
        assertTrue(agents > 0 && audit > 0, "the read models had committed before the kill");
        assertEquals(strings(db, "SELECT id FROM read_agents ORDER BY spawned_position"),
                payloadField(db, "AgentSpawned", "agentId", agents));
        assertEquals(strings(db, "SELECT CAST(position AS VARCHAR) FROM read_audit ORDER BY position"),
                strings(db, "SELECT CAST(global_position AS VARCHAR) FROM events WHERE stream_name = 'audit'"
                        + " AND global_position <= " + audit + " ORDER BY global_position"));
        assertEquals(strings(db, "SELECT id FROM read_runs ORDER BY started_position"),
                payloadField(db, "RunStarted", "runId", runs));
        // Suspensions up to the checkpoint are in the rows, none after it.
        assertEquals(strings(db, "SELECT id FROM read_agents WHERE state = 'SUSPENDED' ORDER BY id"),
                strings(db, "SELECT DISTINCT SUBSTRING(stream_name, 7) AS id FROM events WHERE type = 'AgentSuspended'"
                        + " AND global_position <= " + agents + " ORDER BY id"));
    }

    /** One field of the payload of each event of {@code type} up to {@code upTo}, in log order. */
    private static List<String> payloadField(Connection db, String type, String field, long upTo) throws SQLException {
        List<String> values = new ArrayList<>();
        for (String payload : strings(db, "SELECT data FROM events WHERE type = '" + type + "' AND global_position <= "
                + upTo + " ORDER BY global_position")) {
            try {
                values.add(JSON.readTree(payload).path(field).asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    private static long checkpoint(Connection db, String readModel) throws SQLException {
        List<String> found = strings(db, "SELECT CAST(position AS VARCHAR) FROM read_model_checkpoints WHERE name = '"
                + readModel + "'");
        return found.isEmpty() ? 0 : Long.parseLong(found.get(0));
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
