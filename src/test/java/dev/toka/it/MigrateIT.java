package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code toka migrate} as an operator runs it: the packaged command moves a service's log to another
 * database, and the service started on the target has every agent, run and audit entry, and accepts
 * a token issued before the move. The H2 → PostgreSQL case needs {@code -Dtoka.test.postgres=true}.
 */
class MigrateIT {

    @TempDir
    Path data;

    /** What the source service showed before it stopped, to compare the target's with. */
    private record State(String agentId, String token, String runId, String agents, String run, List<Object> audit,
            Path export) {}

    @Test
    @EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
    void anH2LogMovesToPostgresqlResumingAfterAnInterruptionAndTheServiceRunsOnIt() throws Exception {
        State before = populate();
        Path sourceFile = data.resolve("toka.mv.db");
        String sourceHash = sha256(sourceFile);
        try (PostgresDatabase postgresql = new PostgresDatabase()) {
            String[] interrupted = migrate("--from", h2Url(), "--to", postgresql.url(), "--batch-size", "4",
                    "--stop-after-batches", "3");
            assertEquals("1", interrupted[0], interrupted[1]);
            assertTrue(interrupted[1].contains("target holds positions 1..12"), interrupted[1]);

            String[] resumed = migrate("--from", h2Url(), "--to", postgresql.url(), "--batch-size", "4");
            assertEquals("0", resumed[0], resumed[1]);
            assertTrue(resumed[1].contains(", 12 were already there"),
                    resumed[1]);
            assertEquals(sourceHash, sha256(sourceFile), "the source file is byte for byte unchanged");

            try (ServiceProcess target = new ServiceProcess(data, postgresql.serviceArguments())) {
                target.start();
                assertSameState(before, target);
            }
            // The target has moved on (the token's operation above): it is no longer a prefix of the source.
            String[] refused = migrate("--from", h2Url(), "--to", postgresql.url());
            assertEquals("1", refused[0], refused[1]);
            assertTrue(refused[1].contains("the target is not empty"), refused[1]);
        }
    }

    @Test
    void aVerifiedExportRestoresIntoAnEmptyH2FileAndTheServiceRunsOnIt() throws Exception {
        State before = populate();
        Path restored = data.resolve("restored");
        Files.createDirectories(restored);
        String[] migrated = migrate("--from-export", before.export().toString(),
                "--to", "jdbc:h2:file:" + restored.resolve("toka"));
        assertEquals("0", migrated[0], migrated[1]);
        assertTrue(migrated[1].contains("OK: "), migrated[1]);
        try (ServiceProcess target = new ServiceProcess(restored, "-Dtoka.agent.enabled=false")) {
            target.start();
            assertSameState(before, target);
        }
    }

    /** Runs a source service on H2 in {@code data}: an agent with a token, a finished run, audit entries. */
    private State populate() throws Exception {
        try (ServiceProcess source = new ServiceProcess(data)) {
            source.start();
            String agent = admin(source).contentType(ContentType.JSON)
                    .body(Map.of("op", "spawn-agent", "name", "mover", "type", "script"))
                    .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
            String token = admin(source).contentType(ContentType.JSON)
                    .body(Map.of("subject", agent, "permissions", List.of("task:schedule", "agent:control")))
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
            // Suspended, so that the runtime leaves its tasks queued and the state compared below stands still.
            admin(source).contentType(ContentType.JSON).body(Map.of("op", "suspend-agent", "agent", agent))
                    .post("/api/v1/operations").then().statusCode(201);
            for (int i = 0; i < 5; i++) {
                given().baseUri(source.baseUrl()).header("Authorization", "Bearer " + token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("op", "schedule-task", "agent", agent, "description", "task " + i))
                        .post("/api/v1/operations").then().statusCode(201);
            }
            String runId = admin(source).contentType(ContentType.JSON).body(List.of(Map.of(
                            "metadata", Map.of("name", "solo", "version", "v1", "workstream", "migrate"),
                            "spec", Map.of("name", "solo", "domain", "test", "priority", "high"),
                            "tasks", Map.of("default", List.of(Map.of("description", "say hello", "priority", "medium",
                                    "steps", List.of("echo hello")))))))
                    .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!"completed".equals(admin(source).get("/api/v1/runs/" + runId).then().extract().path("state"))) {
                assertTrue(System.nanoTime() < deadline, "the run did not complete in 60 s");
                Thread.sleep(100);
            }
            String agents = agents(source);
            String run = admin(source).get("/api/v1/runs/" + runId).then().statusCode(200).extract().asString();
            List<Object> audit = audit(source);
            Path export = data.resolve("export.jsonl");
            Files.write(export, admin(source).get("/api/v1/events/export").then().statusCode(200)
                    .extract().asByteArray());
            return new State(agent, token, runId, agents, run, audit, export);
        }
    }

    private static void assertSameState(State before, ServiceProcess target) {
        assertEquals(before.agents(), agents(target));
        assertEquals(before.run(),
                admin(target).get("/api/v1/runs/" + before.runId()).then().statusCode(200).extract().asString());
        List<Object> audit = audit(target);
        assertTrue(audit.containsAll(before.audit()), "every audit entry of the source is on the target");
        admin(target).get("/api/v1/events/verify").then().statusCode(200)
                .body("ok", org.hamcrest.Matchers.equalTo(true));
        // The token was issued before the move; its signing key travelled in the log.
        given().baseUri(target.baseUrl()).header("Authorization", "Bearer " + before.token())
                .contentType(ContentType.JSON)
                .body(Map.of("op", "resume-agent", "agent", before.agentId()))
                .post("/api/v1/operations").then().statusCode(201);
    }

    /** The agents listed, without the log position the listing reflects: the export holds later audit entries. */
    private static String agents(ServiceProcess service) {
        return admin(service).get("/api/v1/agents").then().statusCode(200).extract().jsonPath()
                .getList("agents").toString();
    }

    private static List<Object> audit(ServiceProcess service) {
        return new ArrayList<>(admin(service).queryParam("limit", 1000).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().getList("entries"));
    }

    private static RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET);
    }

    private String h2Url() {
        return "jdbc:h2:file:" + data.toAbsolutePath().resolve("toka");
    }

    /** Runs the packaged command; returns its exit code and its output (stdout and stderr). */
    private static String[] migrate(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", ServiceProcess.jar().toString(), "migrate"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        return new String[] {String.valueOf(process.waitFor()), output};
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
