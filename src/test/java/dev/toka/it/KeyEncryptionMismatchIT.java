package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance started on a shared database with another key-encryption key refuses to start,
 * naming the cause, and writes nothing: no signing key of its own replaces the first instance's.
 */
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class KeyEncryptionMismatchIT {

    private static final String ADMIN = "Bearer " + ServiceProcess.ADMIN_SECRET;
    private static final String REFUSING = "it-refusing";
    private static final String OTHER_KEY_ENCRYPTION_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void anInstanceWithAnotherKeyEncryptionKeyRefusesToStartAndWritesNothing() throws Exception {
        try (PostgresDatabase database = new PostgresDatabase();
                ServiceProcess a = new ServiceProcess(first, database.serviceArguments());
                ServiceProcess b = new ServiceProcess(second, Stream.concat(Stream.of(database.serviceArguments()),
                        Stream.of("-Dtoka.security.key-encryption-key=" + OTHER_KEY_ENCRYPTION_KEY,
                                "-Dtoka.instance.id=" + REFUSING))
                        .toArray(String[]::new))) {
            a.start();
            String agent = given().baseUri(a.baseUrl()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("op", "spawn-agent", "name", "keeper", "type", "script"))
                    .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
            String token = "Bearer " + given().baseUri(a.baseUrl()).header("Authorization", ADMIN)
                    .contentType(ContentType.JSON)
                    .body(Map.of("subject", agent, "permissions", List.of("task:schedule")))
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
            String kid = given().baseUri(a.baseUrl()).get("/.well-known/jwks.json").then().statusCode(200)
                    .extract().path("keys[0].kid");

            int exit = b.startExpectingRefusal();

            assertNotEquals(0, exit, "the second instance exits with an error");
            String log = b.log();
            assertTrue(log.contains("the key-encryption key does not decrypt the signing keys in the log (key id "
                    + kid + "); start with the same TOKA_KEY_ENCRYPTION_KEY as the other instances"), log);
            // By instance, not by head: the first instance's heartbeats keep the head moving.
            assertEquals(0, database.eventsWrittenBy(REFUSING), "the refusing instance appended nothing to the shared log");
            assertEquals(List.of(kid), given().baseUri(a.baseUrl()).get("/.well-known/jwks.json")
                    .then().extract().jsonPath().getList("keys.kid"), "no new signing key");
            given().baseUri(a.baseUrl()).header("Authorization", token).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent, "description", "still trusted"))
                    .post("/api/v1/operations").then().statusCode(201);
        }
    }
}
