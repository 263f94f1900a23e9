package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events/verify} compares the last event with the chain head: removing the last
 * event leaves the chain before it intact, and only the head shows that it is gone.
 */
@QuarkusTest
@TestProfile(VerifyHeadTest.OwnDatabase.class)
class VerifyHeadTest {

    /** Its own service and H2 file: the test damages the log. */
    public static class OwnDatabase implements QuarkusTestProfile {}

    @Inject
    @DataSource("h2")
    javax.sql.DataSource database;

    @Test
    void aRemovedLastEventIsReportedAtItsPositionWithTheHead() throws Exception {
        Api.spawnRoot("first");
        Api.spawnRoot("last");
        try (Connection lock = database.getConnection()) {
            // Holding the head row keeps the log still: the audit entries of the admin calls cannot commit.
            lock.setAutoCommit(false);
            long head;
            String headHash;
            try (Statement statement = lock.createStatement();
                    ResultSet row = statement.executeQuery(
                            "SELECT global_position, hash FROM chain_head WHERE id = 1 FOR UPDATE")) {
                row.next();
                head = row.getLong(1);
                headHash = row.getString(2);
            }
            try (Connection connection = database.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM events WHERE global_position = " + head);
            }

            given().header("Authorization", Api.ADMIN).get("/api/v1/events/verify")
                    .then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("firstBadPosition", equalTo((int) head))
                    .body("checked", equalTo((int) head - 1))
                    .body("headPosition", equalTo((int) head))
                    .body("headHash", equalTo(headHash));
            lock.rollback();
        }
    }
}
