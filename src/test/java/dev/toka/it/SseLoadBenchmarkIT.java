package dev.toka.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-12 bus figures: write throughput (schedule-task over HTTP, {@code toka.bench.clients} writers)
 * with no SSE subscriber, with 100 live ones, and with one catching up from position 1 over a log of
 * {@code toka.bench.log-size} events; the targets are each at most 10 % below the first. Prints BENCH lines.
 * Run with {@code mvn verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dtoka.bench=true
 * -Dit.test=SseLoadBenchmarkIT} (add e.g. {@code -Dtoka.bench.log-size=1000000} for the log, and
 * {@code -Dtoka.bench.postgres=true} to run on a fresh database of the test PostgreSQL server, not embedded H2).
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
class SseLoadBenchmarkIT {

    private static final int CLIENTS = Integer.getInteger("toka.bench.clients", 64);
    private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("toka.bench.seconds", 15));
    private static final int SUBSCRIBERS = Integer.getInteger("toka.bench.subscribers", 100);
    private static final long LOG_SIZE = Long.getLong("toka.bench.log-size", 300_000);
    /** Below the kernel's 10,000 queued tasks per agent. */
    private static final int TASKS_PER_AGENT = 9_000;
    private static final Pattern AGENT_ID = Pattern.compile("\"agentId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String base;
    private final String admin = "Bearer " + ServiceProcess.ADMIN_SECRET;

    @Test
    void writeThroughputWithLiveAndCatchingUpSubscribers() throws Exception {
        // The quotas would measure themselves (as the load generator, bench/run-benchmark.sh, lifts them).
        List<String> arguments = new ArrayList<>(List.of("-Xmx1g", "-Dtoka.agent.enabled=false",
                "-Dtoka.security.rate-limit.write=1000000/PT1S", "-Dtoka.security.rate-limit.read=1000000/PT1S"));
        if (Boolean.getBoolean("toka.bench.postgres")) {
            try (PostgresDatabase database = new PostgresDatabase()) {
                arguments.addAll(List.of(database.serviceArguments()));
                run(arguments.toArray(String[]::new));
            }
        } else {
            run(arguments.toArray(String[]::new));
        }
    }

    private void run(String... serviceArguments) throws Exception {
        System.out.println("BENCH service arguments: " + String.join(" ", serviceArguments));
        try (ServiceProcess service = new ServiceProcess(data, serviceArguments)) {
            service.start();
            base = service.baseUrl();
            measure(Duration.ofSeconds(10)); // the JIT warms up
            // Each loaded phase between two quiet ones, compared with their mean: a shared machine drifts.
            double before = measure(PHASE);
            List<Reader> live = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                live.add(new Reader(head() + 1));
            }
            double withLive = measure(PHASE);
            long behind = live.stream().mapToLong(r -> head() - r.last.get()).max().orElse(0);
            live.forEach(Reader::close);
            double after = measure(PHASE);
            double none = (before + after) / 2;
            System.out.printf("BENCH writes (%d writers), no SSE subscriber: %.0f and %.0f ops/s; %d live SSE"
                    + " subscribers: %.0f ops/s, %.1f %% of none (target >= 90 %%); the slowest subscriber ended %d"
                    + " events behind the head%n", CLIENTS, before, after, SUBSCRIBERS, withLive, 100 * withLive / none,
                    behind);

            long filling = System.nanoTime();
            fillTo(LOG_SIZE);
            System.out.printf("BENCH log filled to %d events in %.0f s%n", head(),
                    (System.nanoTime() - filling) / 1e9);
            double quietBefore = measure(PHASE);
            long headAtStart = head();
            Reader catchingUp = new Reader(1);
            double withCatchUp = measure(PHASE);
            long reached = catchingUp.last.get();
            catchingUp.close();
            double quietAfter = measure(PHASE);
            double quiet = (quietBefore + quietAfter) / 2;
            System.out.printf("BENCH writes, log of %d events, no subscriber: %.0f and %.0f ops/s; one subscriber"
                    + " catching up from position 1: %.0f ops/s, %.1f %% of none (target >= 90 %%); it read %d events"
                    + " in %d s%n", headAtStart, quietBefore, quietAfter, withCatchUp, 100 * withCatchUp / quiet,
                    reached, PHASE.toSeconds());
        }
    }

    /** Writes schedule-task operations with {@link #CLIENTS} writers for {@code duration}; returns ops/s. */
    private double measure(Duration duration) throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(CLIENTS);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        long began = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                all.add(writers.submit(() -> {
                    String agent = spawn();
                    for (int n = 1; System.nanoTime() < end; n++) {
                        if (n % TASKS_PER_AGENT == 0) {
                            agent = spawn();
                        }
                        assertEquals(201, post("{\"op\":\"schedule-task\",\"agent\":\"" + agent
                                + "\",\"description\":\"bench\"}").statusCode());
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> future : all) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
        return done.get() / ((System.nanoTime() - began) / 1e9);
    }

    private void fillTo(long size) throws Exception {
        while (head() < size) {
            measure(Duration.ofSeconds(10));
        }
    }

    private String spawn() throws Exception {
        HttpResponse<String> answer = post("{\"op\":\"spawn-agent\",\"name\":\"bench\",\"type\":\"script\"}");
        Matcher id = AGENT_ID.matcher(answer.body());
        if (answer.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("spawn failed: " + answer.statusCode() + " " + answer.body());
        }
        return id.group(1);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/operations"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The world state's position, which the readiness check reports: the head, as every write waits for it. */
    private long head() {
        try {
            String ready = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher position = POSITION.matcher(ready);
            return position.find() ? Long.parseLong(position.group(1)) : 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSE client that reads as fast as it can and remembers the last id. */
    private final class Reader {

        final AtomicLong last = new AtomicLong();
        private final InputStream body;

        Reader(long from) throws Exception {
            body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events/stream?from=" + from))
                    .header("Authorization", admin).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()).body();
            Thread thread = new Thread(this::read, "sse-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        last.set(Long.parseLong(line.substring(3).strip()));
                    }
                }
            } catch (Exception closed) {
                // closed by the benchmark
            }
        }

        void close() {
            try {
                body.close();
            } catch (Exception ignored) {
                // closing only
            }
        }
    }
}
