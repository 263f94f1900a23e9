package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.toka.kernel.KernelEvent;
import dev.toka.kernel.WorldState;
import dev.toka.store.EventMetadata;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * An event of a type this version does not know, committed while the service runs (as a newer
 * instance on a shared database could), is never skipped: the world state stops right before it, as
 * at a gap, readiness goes down, and writes answer 503 saying where the world state stands.
 */
@QuarkusTest
@TestProfile(UnknownEventTypeTest.ShortDeadline.class)
class UnknownEventTypeTest {

    /** Its own service instance (this test stops its world state), with a deadline short enough for a test. */
    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.kernel.answer-timeout", "PT2S");
        }
    }

    @Inject
    EventStore store;

    @Inject
    WorldState world;

    @Test
    void aLiveUnknownEventStopsTheWorldStateBeforeItAndTakesTheServiceOutOfReadiness() {
        String agentId = Api.spawnRoot("before the unknown event");
        given().get("/q/health/ready").then().statusCode(200);

        long unknown = store.append(KernelEvent.streamOf(agentId), ExpectedVersion.any(), List.of(new NewEvent(
                UUID.randomUUID(), "AgentRenamed", "{\"agentId\":\"" + agentId + "\",\"name\":\"editor\"}",
                EventMetadata.of("admin")))).get(0).position();

        Awaitility.await().until(() -> given().get("/q/health/ready").statusCode() == 503);
        assertEquals(unknown - 1, world.position());
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", "past the unknown event", "type", "script"))
                .post("/api/v1/operations")
                .then().statusCode(503)
                .body("type", equalTo("urn:toka:problem:deadline-exceeded"))
                .body("detail", containsString("the world state stands at position " + (unknown - 1)));
        // The log itself is intact and readable: the operator sees the event that stopped it.
        given().header("Authorization", Api.ADMIN).queryParam("from", unknown).get("/api/v1/events")
                .then().statusCode(200).body("events.type", hasItem("AgentRenamed"));
    }
}
