package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service on a log with events missing (a middle one and the last one, removed from the
 * stopped service's database as a bad restore or a manual clean-up would): it refuses to start,
 * naming the position and the way on; started read-only it serves verify and export, and refuses
 * every write with 503. The offline verifier prints the head an operator compares with the service's.
 */
class BrokenLogIT {

    private static final long REMOVED_MIDDLE = 3;

    @TempDir
    Path data;

    private static RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET);
    }

    @Test
    void theOfflineVerifierPrintsTheHeadAnOperatorComparesWithTheServices() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data, "-Dtoka.agent.enabled=false")) {
            service.start();
            spawnWithTasks(service);
            Path export = data.resolve("export.jsonl");
            Files.write(export, admin(service).get("/api/v1/events/export").then().statusCode(200)
                    .extract().asByteArray());

            ServiceProcess.Result offline = ServiceProcess.verifyOffline(export);
            assertEquals(0, offline.exitCode(), offline.output());
            JsonPath last = JsonPath.from(Files.readAllLines(export, StandardCharsets.UTF_8).stream()
                    .reduce((first, second) -> second).orElseThrow());
            assertTrue(offline.output().contains("head: position " + last.getLong("position") + ", hash "
                    + last.getString("hash")), offline.output());
            // The service's head: the export's own audit entry may already have followed it into the log.
            JsonPath verified = admin(service).get("/api/v1/events/verify").then().statusCode(200)
                    .body("ok", equalTo(true)).extract().jsonPath();
            assertTrue(verified.getLong("headPosition") >= last.getLong("position"), verified.prettify());
        }
    }

    @Test
    void aBrokenLogStopsTheServiceAndReadOnlyModeStillVerifiesAndExports() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data, "-Dtoka.agent.enabled=false")) {
            service.start();
            spawnWithTasks(service);
        }
        long removedLast = removeEvents(REMOVED_MIDDLE);

        try (ServiceProcess refused = new ServiceProcess(data, "-Dtoka.agent.enabled=false")) {
            IllegalStateException exited = assertThrows(IllegalStateException.class, refused::start);
            assertTrue(exited.getMessage().contains("exited"), exited.getMessage());
        }
        String log = Files.readString(data.resolve("service.log"));
        assertTrue(log.contains("the event log is broken at position " + REMOVED_MIDDLE + ": position "
                + REMOVED_MIDDLE + " is missing"), log);
        assertTrue(log.contains("Restore the database from a backup"), log);
        assertTrue(log.contains("toka.store.read-only=true"), log);

        try (ServiceProcess readOnly = new ServiceProcess(data, "-Dtoka.agent.enabled=false",
                "-Dtoka.store.read-only=true")) {
            readOnly.start();
            admin(readOnly).get("/api/v1/events/verify").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("firstBadPosition", equalTo((int) REMOVED_MIDDLE))
                    .body("headPosition", equalTo((int) removedLast));
            String exported = admin(readOnly).get("/api/v1/events/export").then().statusCode(200).extract().asString();
            assertEquals(removedLast - 2, exported.lines().count(), "every stored event is exported");

            admin(readOnly).contentType(ContentType.JSON)
                    .body(Map.of("op", "spawn-agent", "name", "after the break", "type", "script"))
                    .post("/api/v1/operations").then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:toka:problem:read-only"))
                    .body("detail", containsString("toka.store.read-only=true"))
                    .body("detail", containsString("broken at position " + REMOVED_MIDDLE));
        }
    }

    private static void spawnWithTasks(ServiceProcess service) {
        String agent = admin(service).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "witness", "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
        for (int i = 0; i < 5; i++) {
            admin(service).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent, "description", "task " + i))
                    .post("/api/v1/operations").then().statusCode(201);
        }
    }

    /** Deletes one middle event and the last one from the stopped service's database; returns the last one's position. */
    private long removeEvents(long middle) throws Exception {
        String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("toka");
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                Statement statement = connection.createStatement()) {
            long last;
            try (var row = statement.executeQuery("SELECT global_position FROM chain_head WHERE id = 1")) {
                row.next();
                last = row.getLong(1);
            }
            assertEquals(2, statement.executeUpdate(
                    "DELETE FROM events WHERE global_position IN (" + middle + ", " + last + ")"));
            return last;
        }
    }
}
