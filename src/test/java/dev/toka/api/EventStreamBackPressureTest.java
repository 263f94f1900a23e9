package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.kernel.Kernel;
import dev.toka.kernel.ScheduleTask;
import dev.toka.kernel.Submission;
import dev.toka.security.Caller;
import dev.toka.security.Principal;
import dev.toka.store.EventStore;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SSE subscribers that read slowly, or not at all, or catch up over a long log never slow the writers
 * down much and never stop them; each still gets every event, once, in position order.
 */
@QuarkusTest
class EventStreamBackPressureTest {

    private static final Caller SETUP = new Caller(Principal.admin(), "test-setup");
    /** More than a stream may hold unsent, many times over: a stream that kept them all would show. */
    private static final int LOG_SIZE = 12_000;
    private static final int STALLED = 20;
    private static final int WRITES = 100;
    /** Generous: the machine may be shared; a blocked writer would stay blocked far longer. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    @TestHTTPResource("/api/v1/events/stream")
    URL stream;

    @Inject
    Kernel kernel;

    @Inject
    EventStore store;

    private String agent;

    @BeforeEach
    void fillTheLog() {
        agent = Api.spawnRoot("back-pressure");
        List<CompletableFuture<Submission>> pending = new ArrayList<>();
        Executor direct = Runnable::run;
        while (store.headPosition() < LOG_SIZE) {
            String target = Api.spawnRoot("filler");
            for (int i = 0; i < 2_000; i++) {
                pending.add(kernel.submitAsync(SETUP, new ScheduleTask(target, "fill " + i), direct));
            }
            pending.forEach(CompletableFuture::join);
            pending.clear();
        }
    }

    @Test
    void stalledSubscribersNeitherBlockTheWritersNorLoseEvents() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(openStalled(1));
            }
            Thread.sleep(1_000); // they have filled their sockets and their unsent allowance by now

            assertWritesArePrompt();

            // A stalled stream was not dropped, nor does it hold the log: it reads on from the store.
            long head = store.headPosition();
            assertEquals(LongStream.rangeClosed(1, head).boxed().toList(), readIds(stalled.get(0), head));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    @Test
    void aSubscriberCatchingUpFromTheStartGetsEveryEventOnceInOrderWhileWritesGoOn() throws Exception {
        List<Long> ids = new CopyOnWriteArrayList<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stream + "?from=1"))
                        .header("Authorization", Api.ADMIN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        Thread reader = new Thread(() -> readEvents(response.body(), ids));
        reader.setDaemon(true);
        reader.start();
        try {
            assertWritesArePrompt();

            long head = store.headPosition();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ids.size() < head && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200); // a position delivered twice would arrive by now
            assertEquals(LongStream.rangeClosed(1, head).boxed().toList(), ids,
                    "every position once, in order, with no gap");
        } finally {
            response.body().close();
        }
    }

    /** Kernel operations over HTTP, each answered promptly. */
    private void assertWritesArePrompt() {
        for (int i = 0; i < WRITES; i++) {
            long began = System.nanoTime();
            given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("op", "schedule-task", "agent", agent, "description", "while streaming " + i))
                    .post("/api/v1/operations").then().statusCode(201);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertTrue(took.compareTo(PROMPT) < 0, "write " + i + " took " + took);
        }
    }

    /** An SSE request on a socket with a tiny receive buffer, that the test does not read. */
    private Socket openStalled(long from) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1_024);
        socket.connect(new java.net.InetSocketAddress(stream.getHost(), stream.getPort()));
        socket.setSoTimeout(60_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + stream.getPath() + "?from=" + from + " HTTP/1.1\r\nHost: " + stream.getHost()
                + "\r\nAuthorization: " + Api.ADMIN + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Reads a chunked SSE answer until the event with id {@code last}; returns the ids in arrival order. */
    private static List<Long> readIds(Socket socket, long last) throws IOException {
        InputStream in = socket.getInputStream();
        String line;
        while (!(line = line(in)).isEmpty()) {
            assertTrue(!line.startsWith("HTTP/") || line.contains(" 200 "), line);
        }
        List<Long> ids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (ids.isEmpty() || ids.get(ids.size() - 1) < last) {
            int size = Integer.parseInt(line(in).strip(), 16);
            assertTrue(size > 0, "the stream ended after id " + (ids.isEmpty() ? "none" : ids.get(ids.size() - 1)));
            text.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
            line(in);
            int end;
            while ((end = text.indexOf("\n")) >= 0) {
                String sseLine = text.substring(0, end);
                text.delete(0, end + 1);
                if (sseLine.startsWith("id:")) {
                    ids.add(Long.parseLong(sseLine.substring(3).strip()));
                }
            }
        }
        return ids;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("the stream ended");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static void readEvents(InputStream body, List<Long> ids) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("id:")) {
                    ids.add(Long.parseLong(line.substring(3).strip()));
                }
            }
        } catch (Exception closed) {
            // The test closed the stream.
        }
    }
}
