package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A write whose world state cannot catch up is answered in time, with a 503 that says it was
 * committed. The stall is real: the chain head is moved on behind the running service's back (as a
 * bad restore or another writer could), so its next commit lands one position past the gap, and the
 * projection, which applies positions in order, waits for the missing one for ever.
 */
@QuarkusTest
@TestProfile(LogGapDeadlineTest.ShortDeadline.class)
class LogGapDeadlineTest {

    /** A deadline short enough for a test, far below the 30 s default. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.kernel.answer-timeout", "PT2S");
        }
    }

    @Inject
    @DataSource("h2")
    javax.sql.DataSource database;

    @Test
    void aWriteTheWorldStateCannotReachGetsA503WithinTheDeadlineSayingItWasCommitted() throws Exception {
        Api.spawnRoot("before the gap");
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE chain_head SET global_position = global_position + 1 WHERE id = 1");
        }

        long started = System.nanoTime();
        String detail = given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "past the gap", "type", "script"))
                .post("/api/v1/operations")
                .then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo("urn:toka:problem:deadline-exceeded"))
                .body("detail", containsString("no answer within PT2S"))
                .body("detail", containsString("do not repeat it"))
                .extract().path("detail");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "answered after " + took);

        Matcher where = Pattern.compile("committed at position (\\d+), but the world state stands at position (\\d+)")
                .matcher(detail);
        assertTrue(where.find(), detail);
        long committed = Long.parseLong(where.group(1));
        long applied = Long.parseLong(where.group(2));
        assertTrue(committed > applied + 1, detail);
        // The world state stops right before the gap, which verify names.
        given().header("Authorization", Api.ADMIN).get("/api/v1/events/verify")
                .then().statusCode(200)
                .body("ok", equalTo(false))
                .body("firstBadPosition", equalTo((int) applied + 1));
    }
}
