package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Setting {@code TOKA_ADMIN_TOKEN} to a new secret on an existing log replaces the old one, and says so
 * once: an audit entry and one warning, at the start that made the change, not at every later start.
 */
class AdminCredentialReplacementIT {

    private static final String NEW_SECRET = "a-new-admin-secret-of-forty-characters-x";
    private static final Pattern REPLACED = Pattern.compile(
            "TOKA_ADMIN_TOKEN replaced the admin secret recorded at position \\d+; that secret no longer works");

    @TempDir
    Path data;

    @Test
    void aNewSecretReplacesTheOldOneOnceAndOnRecord() throws Exception {
        try (ServiceProcess first = new ServiceProcess(data)) {
            first.start();
            spawn(first, "Bearer " + ServiceProcess.ADMIN_SECRET, 201);
        }
        for (int start = 0; start < 2; start++) {
            try (ServiceProcess replaced = new ServiceProcess(data, "-Dtoka.security.admin-token=" + NEW_SECRET)) {
                replaced.start();
                spawn(replaced, "Bearer " + ServiceProcess.ADMIN_SECRET, 401);
                spawn(replaced, "Bearer " + NEW_SECRET, 201);
                given().baseUri(replaced.baseUrl()).header("Authorization", "Bearer " + NEW_SECRET)
                        .queryParam("action", "admin:replace-credential")
                        .get("/api/v1/audit")
                        .then().statusCode(200)
                        .body("entries", hasSize(1))
                        .body("entries.entry.principal", contains("system"))
                        .body("entries.entry.decision", contains("allow"));
                assertEquals(1, REPLACED.matcher(replaced.log()).results().count(),
                        "the replacement is logged once, by the start that made it, not by the restart");
            }
        }
    }

    private static void spawn(ServiceProcess service, String bearer, int status) {
        given().baseUri(service.baseUrl()).header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "keeper", "type", "script"))
                .post("/api/v1/operations").then().statusCode(status);
    }
}
