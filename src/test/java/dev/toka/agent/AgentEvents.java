package dev.toka.agent;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Drives agents over real HTTP and reads what happened to them from the log. */
public final class AgentEvents {

    public static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";

    private AgentEvents() {}

    /** Submits an operation as admin and returns the agent id it acted on. */
    public static String submit(Map<String, Object> operation) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(operation)
                .post("/api/v1/operations")
                .then().statusCode(201)
                .extract().path("agentId");
    }

    /** The events of one stream, in order. */
    public static JsonPath stream(String streamId) {
        return given().header("Authorization", ADMIN)
                .queryParam("stream", streamId).queryParam("limit", 1000)
                .get("/api/v1/events")
                .then().statusCode(200)
                .extract().jsonPath();
    }

    /** The event types of one stream, in order. */
    public static List<String> types(String streamId) {
        return stream(streamId).getList("events.type", String.class);
    }

    /** Polls a stream's event types until they satisfy {@code done}, failing after {@code seconds}. */
    public static List<String> awaitTypes(String streamId, Predicate<List<String>> done, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> types = types(streamId);
        while (!done.test(types)) {
            if (System.nanoTime() > deadline) {
                fail("stream " + streamId + " did not get there in " + seconds + "s; it holds " + types);
            }
            pause(25);
            types = types(streamId);
        }
        return types;
    }

    /** Starts a run of {@code specs} as admin and returns its id. */
    public static String startRun(List<Map<String, Object>> specs) {
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(specs)
                .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
    }

    /** Polls a run until it is no longer running, failing after 30 s; returns its last state. */
    public static JsonPath awaitRunEnd(String runId) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonPath run = given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId)
                    .then().statusCode(200).extract().jsonPath();
            if (!run.getString("state").equals("running")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                fail("run " + runId + " still running: " + run.prettify());
            }
            pause(50);
        }
    }

    /** Waits a little; used between polls and to show that nothing happens during a pause. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
