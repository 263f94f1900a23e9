package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Server-sent events: the stored events from a position first, then live ones, gap-free and in order. */
@QuarkusTest
class EventStreamTest {

    @TestHTTPResource("/api/v1/events/stream")
    URL stream;

    @Test
    void streamsStoredEventsThenLiveOnesInPositionOrder() throws Exception {
        String agent = Api.spawnRoot("streamed");
        long from = given().header("Authorization", Api.ADMIN).queryParam("stream", "agent-" + agent)
                .get("/api/v1/events").then().statusCode(200)
                .extract().jsonPath().getLong("events[0].position");
        long head = given().header("Authorization", Api.ADMIN).queryParam("from", from).queryParam("limit", 1000)
                .get("/api/v1/events").then().extract().jsonPath().getLong("next") - 1;

        BlockingQueue<Long> ids = new LinkedBlockingQueue<>();
        BlockingQueue<String> types = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stream + "?from=" + from))
                        .header("Authorization", Api.ADMIN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> readEvents(response.body(), ids, types));
        reader.setDaemon(true);
        reader.start();

        // Catch-up: everything from `from` up to the head as it was before subscribing.
        List<Long> caughtUp = take(ids, (int) (head - from + 1));
        assertEquals(from, caughtUp.get(0));
        assertEquals(head, caughtUp.get(caughtUp.size() - 1));

        // Live: new events arrive with the next positions and nothing skipped.
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent, "description", "live " + i))
                    .post("/api/v1/operations").then().statusCode(201);
        }
        List<Long> live = take(ids, 5);
        for (int i = 0; i < live.size(); i++) {
            assertEquals(head + 1 + i, live.get(i), "live events must follow the catch-up without a gap");
        }
        assertTrue(types.contains("TaskScheduled"));
        response.body().close();
    }

    @Test
    void resumesAfterLastEventId() throws Exception {
        String agent = Api.spawnRoot("resumed");
        long position = given().header("Authorization", Api.ADMIN).queryParam("stream", "agent-" + agent)
                .get("/api/v1/events").then().extract().jsonPath().getLong("events[0].position");
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "after the spawn"))
                .post("/api/v1/operations").then().statusCode(201);
        BlockingQueue<Long> ids = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stream.toString()))
                        .header("Authorization", Api.ADMIN).header("Last-Event-ID", Long.toString(position)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = new Thread(() -> readEvents(response.body(), ids, new LinkedBlockingQueue<>()));
        reader.setDaemon(true);
        reader.start();
        assertEquals(position + 1, take(ids, 1).get(0));
        response.body().close();
    }

    @Test
    void refusesStreamWithoutCredential() {
        given().get("/api/v1/events/stream").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void refusesStreamToATokenWithoutEventsReadBeforeTheStreamOpens() {
        String agent = Api.spawnRoot("unread");
        given().header("Authorization", Api.tokenFor(agent, "task:schedule"))
                .get("/api/v1/events/stream").then().statusCode(403).contentType("application/problem+json");
    }

    private static List<Long> take(BlockingQueue<Long> ids, int count) throws InterruptedException {
        List<Long> taken = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (taken.size() < count) {
            Long id = ids.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (id == null) {
                throw new AssertionError("only " + taken.size() + " of " + count + " events arrived: " + taken);
            }
            taken.add(id);
        }
        return taken;
    }

    private static void readEvents(InputStream body, BlockingQueue<Long> ids, BlockingQueue<String> types) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    ids.add(Long.parseLong(line.substring(3).strip()));
                } else if (line.startsWith("event:")) {
                    types.add(line.substring(6).strip());
                }
            }
        } catch (Exception closed) {
            // The test closed the stream.
        }
    }
}
