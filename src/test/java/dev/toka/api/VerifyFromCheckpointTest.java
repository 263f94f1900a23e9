package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/events/verify?from=checkpoint} checks only the events after the head of the last check
 * that found the chain intact; {@code from=start}, the default, checks them all.
 */
@QuarkusTest
class VerifyFromCheckpointTest {

    @Test
    void aCheckFromTheCheckpointReadsOnlyWhatWasAppendedSinceTheLastIntactCheck() {
        Api.spawnRoot("before");
        JsonPath full = verify("start");
        assertEquals(0, full.getLong("fromPosition"));
        assertEquals(full.getLong("headPosition"), full.getLong("checked"), "from the start: every event");

        Api.spawnRoot("after");
        JsonPath partial = verify("checkpoint");
        assertTrue(partial.getLong("fromPosition") >= full.getLong("headPosition"), partial.prettify());
        assertEquals(partial.getLong("headPosition") - partial.getLong("fromPosition"), partial.getLong("checked"),
                "only the events after the checkpoint: " + partial.prettify());
        assertTrue(partial.getLong("checked") < partial.getLong("headPosition"), partial.prettify());
    }

    @Test
    void anUnknownStartingPointIsA400() {
        given().header("Authorization", Api.ADMIN).queryParam("from", "yesterday").get("/api/v1/events/verify")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static JsonPath verify(String from) {
        return given().header("Authorization", Api.ADMIN).queryParam("from", from).get("/api/v1/events/verify")
                .then().statusCode(200).body("ok", equalTo(true))
                .extract().jsonPath();
    }
}
