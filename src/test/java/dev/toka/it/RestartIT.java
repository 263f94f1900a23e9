package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service killed with SIGKILL and started again on the same embedded database: every
 * acknowledged operation is still there, the projection is rebuilt, tokens issued before the crash
 * still verify, and the exported log verifies offline (and fails offline once tampered with).
 */
class RestartIT {

    @TempDir
    Path data;

    private RequestSpecification admin(ServiceProcess service) {
        return given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET);
    }

    @Test
    void stateSurvivesAKillAndTheExportVerifiesOffline() throws Exception {
        // The runtime stays off: this test is about the log and the projection, so queued tasks must stay queued.
        try (ServiceProcess service = new ServiceProcess(data, "-Dtoka.agent.enabled=false")) {
            service.start();
            String agent = admin(service).contentType(ContentType.JSON)
                    .body(Map.of("op", "spawn-agent", "name", "survivor", "type", "script"))
                    .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
            String token = admin(service).contentType(ContentType.JSON)
                    .body(Map.of("subject", agent, "permissions", List.of("task:schedule", "agent:control")))
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
            for (int i = 0; i < 20; i++) {
                given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + token)
                        .contentType(ContentType.JSON)
                        .body(Map.of("op", "schedule-task", "agent", agent, "description", "task " + i))
                        .post("/api/v1/operations").then().statusCode(201);
            }
            given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("op", "suspend-agent", "agent", agent))
                    .post("/api/v1/operations").then().statusCode(201);
            Object before = admin(service).get("/api/v1/agents").then().statusCode(200).extract().path("agents");

            service.kill();
            service.start();

            assertEquals(before, admin(service).get("/api/v1/agents").then().statusCode(200).extract().path("agents"));
            admin(service).get("/api/v1/agents/" + agent).then()
                    .body("state", equalTo("suspended"))
                    .body("queuedTasks.size()", equalTo(20));
            // The signing key persisted: the token from before the crash still works.
            given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body(Map.of("op", "resume-agent", "agent", agent))
                    .post("/api/v1/operations").then().statusCode(201);
            admin(service).get("/api/v1/events/verify").then().statusCode(200).body("ok", equalTo(true));

            Path export = data.resolve("export.jsonl");
            Files.write(export, admin(service).get("/api/v1/events/export").then().statusCode(200)
                    .extract().asByteArray());
            service.kill();

            ServiceProcess.Result intact = ServiceProcess.verifyOffline(export);
            assertEquals(0, intact.exitCode(), intact.output());
            assertTrue(intact.output().contains("OK"), intact.output());

            List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
            int tampered = lines.indexOf(lines.stream().filter(l -> l.contains("\"description\":\"task 9\""))
                    .findFirst().orElseThrow());
            lines.set(tampered, lines.get(tampered).replace("\"task 9\"", "\"task X\""));
            Path forged = data.resolve("forged.jsonl");
            Files.write(forged, lines, StandardCharsets.UTF_8);
            ServiceProcess.Result broken = ServiceProcess.verifyOffline(forged);
            assertEquals(1, broken.exitCode(), broken.output());
            long position = Long.parseLong(lines.get(tampered).replaceAll("^\\{\"position\":(\\d+),.*", "$1"));
            assertTrue(broken.output().contains("position " + position), broken.output());
        }
    }
}
