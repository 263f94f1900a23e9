package dev.toka.bench;

import dev.toka.it.ServiceProcess;
import dev.toka.store.CommitListener;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.jdbc.JdbcEventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Start-up at scale (issue 15): fills a log of N events, then starts the packaged service on it and reports the
 * time from process start to {@code /q/health/ready} and the RSS once ready, first with no snapshot (every
 * projection replays the whole log), then, after the orderly stop that wrote the snapshots, with them; then a
 * full {@code GET /api/v1/events/verify} and its rate.
 *
 * <p>The fill is the documented fast path: the store's own append API ({@link JdbcEventStore#appendAsync}),
 * in-process, many appends in flight so the single appender commits them in groups of up to
 * {@value #MAX_BATCH} appends; every event is hashed and chained exactly as the service does. The log is the
 * synthetic one of the issue: {@value #AGENTS} agents, each task scheduled, started and completed in one append,
 * so the queues end empty.
 *
 * <p>Options ({@code --name=value}): {@code events} (comma-separated sizes, default 1000000), {@code databases}
 * ({@code h2,postgres}), {@code postgres} (JDBC URL), {@code user}, {@code readyTimeoutSeconds} (default 1800),
 * {@code phases} (default {@code fill,cold,warm,verify}: empty and fill; start once with no snapshot, which must
 * follow the fill; start {@code warmStarts} times, default 3, with the snapshots the previous orderly stop wrote
 * and report the median; start once more for a full verify), so that a long fill can be measured in pieces.
 * Every line it prints carries the load average. Run with {@code bench/run-startup-benchmark.sh}.
 */
public final class StartupBenchmark {

    private static final Path OUTPUT = Path.of("target", "bench-startup");
    private static final Set<String> OPTIONS = Set.of("events", "databases", "postgres", "user",
            "readyTimeoutSeconds", "phases", "warmStarts");
    private static final int AGENTS = 300;
    private static final int MAX_BATCH = 2_048;
    private static final int IN_FLIGHT = 32_768;
    private static final EventMetadata METADATA = EventMetadata.of("system");

    /** One start: how long to ready, the resident set once ready, and what the service logged about snapshots. */
    record Start(double seconds, long rssMiB) {}

    private StartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options = new BenchOptions(OPTIONS, args);
        Duration readyTimeout = Duration.ofSeconds(options.integer("readyTimeoutSeconds", 1800));
        Set<String> phases = Set.of(options.string("phases", "fill,cold,warm,verify").split(","));
        int warmStarts = options.integer("warmStarts", 3);
        List<String> rows = new ArrayList<>();
        for (String size : options.string("events", "1000000").split(",")) {
            long events = Long.parseLong(size.strip());
            for (String database : options.string("databases", "h2,postgres").split(",")) {
                BenchDatabase target = BenchDatabase.named(database, options, OUTPUT);
                rows.add(measure(target, database, events, phases, warmStarts, readyTimeout));
            }
        }
        System.out.println();
        System.out.println("| database | events | fill (events/s) | ready, no snapshot | RSS"
                + " | ready, snapshots (median) | RSS | full verify (events/s) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static String measure(BenchDatabase database, String key, long events, Set<String> phases, int warmStarts,
            Duration readyTimeout) throws Exception {
        System.out.printf("%s, %,d events (load average %s)%n", database.name(), events, loadAverage());
        String fillRate = "-";
        if (phases.contains("fill")) {
            DataSource dataSource = database.open();
            fillRate = String.format("%,.0f", fill(dataSource, events));
            System.out.printf("  filled at %s events/s (load average %s)%n", fillRate, loadAverage());
            database.release();
        }
        // For H2 the database's own directory, where the service looks for its file by default.
        Path data = OUTPUT.resolve(key.equals("h2") ? "h2" : key + "-service");
        Files.createDirectories(data);
        Files.deleteIfExists(data.resolve("service.log"));
        List<String> arguments = new ArrayList<>(database.serviceArguments());
        arguments.add("-Dtoka.agent.enabled=false");
        String[] serviceArguments = arguments.toArray(String[]::new);
        String cold = "-";
        if (phases.contains("cold")) {
            Start start = start(new ServiceProcess(data, serviceArguments), readyTimeout, null);
            System.out.printf("  no snapshot: ready after %.1f s, RSS %d MiB (load average %s)%n", start.seconds(),
                    start.rssMiB(), loadAverage());
            cold = String.format("%.1f s | %d MiB", start.seconds(), start.rssMiB());
        }
        String warm = "- | -";
        if (phases.contains("warm")) {
            List<Start> starts = new ArrayList<>();
            for (int i = 0; i < warmStarts; i++) {
                Start start = start(new ServiceProcess(data, serviceArguments), readyTimeout, null);
                System.out.printf("  snapshots: ready after %.1f s, RSS %d MiB (load average %s)%n", start.seconds(),
                        start.rssMiB(), loadAverage());
                starts.add(start);
            }
            starts.sort(Comparator.comparingDouble(Start::seconds));
            Start median = starts.get(starts.size() / 2);
            warm = String.format("%.1f s (of %d) | %d MiB", median.seconds(), starts.size(), median.rssMiB());
        }
        String verify = "-";
        if (phases.contains("verify")) {
            double[] rate = new double[1];
            start(new ServiceProcess(data, serviceArguments), readyTimeout,
                    service -> rate[0] = verifyRate(service, events));
            System.out.printf("  full verify %,.0f events/s (load average %s)%n", rate[0], loadAverage());
            verify = String.format("%,.0f", rate[0]);
        }
        return String.format("| %s | %,d | %s | %s | %s | %s |", database.name(), events, fillRate,
                phases.contains("cold") ? cold : "- | -", warm, verify);
    }

    /** The 1, 5 and 15 minute load averages, to print beside every figure of this busy machine. */
    static String loadAverage() throws Exception {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** Appends {@code events} events through the store's API, many appends in flight; returns events per second. */
    static double fill(DataSource dataSource, long events) throws Exception {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CommitListener nobody = committed -> {};
        long started = System.nanoTime();
        try (JdbcEventStore store = new JdbcEventStore(dataSource, nobody, Clock.systemUTC(), MAX_BATCH, false,
                Duration.ofMinutes(5))) {
            long written = 0;
            for (int agent = 0; agent < AGENTS && written < events; agent++) {
                written += submit(store, inFlight, failure, streamOf(agent), ExpectedVersion.noStream(),
                        List.of(event("AgentSpawned", "{\"agentId\":\"" + agentId(agent) + "\",\"name\":\"worker-"
                                + agent + "\",\"type\":\"script\",\"vault\":\"default\"}")));
            }
            for (long task = 0; written < events; task++) {
                int agent = (int) (task % AGENTS);
                String ids = "{\"agentId\":\"" + agentId(agent) + "\",\"taskId\":\"t-" + task + "\"";
                List<NewEvent> cycle = List.of(
                        event("TaskScheduled", ids + ",\"description\":\"summarise chapter " + task + "\"}"),
                        event("TaskStarted", ids + ",\"attempt\":1}"),
                        event("TaskCompleted", ids + ",\"output\":\"a summary of chapter " + task + "\"}"));
                List<NewEvent> append = cycle.subList(0, (int) Math.min(cycle.size(), events - written));
                written += submit(store, inFlight, failure, streamOf(agent), ExpectedVersion.any(), append);
                if (task % 300_000 == 0 && task > 0) {
                    System.out.printf("    %,d events (%,.0f/s)%n", written,
                            written / ((System.nanoTime() - started) / 1e9));
                }
            }
            inFlight.acquire(IN_FLIGHT);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the fill failed", failure.get());
        }
        return events / ((System.nanoTime() - started) / 1e9);
    }

    private static int submit(JdbcEventStore store, Semaphore inFlight, AtomicReference<Throwable> failure,
            String stream, ExpectedVersion expected, List<NewEvent> events) throws InterruptedException {
        if (failure.get() != null) {
            throw new IllegalStateException("the fill failed", failure.get());
        }
        inFlight.acquire();
        CompletableFuture<?> appended = store.appendAsync(stream, expected, events);
        appended.whenComplete((stored, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            inFlight.release();
        });
        return events.size();
    }

    private static NewEvent event(String type, String payload) {
        return new NewEvent(UUID.randomUUID(), type, payload, METADATA);
    }

    private static String agentId(int agent) {
        return "bench-agent-" + agent;
    }

    private static String streamOf(int agent) {
        return "agent-" + agentId(agent);
    }

    interface WhileReady {
        void run(ServiceProcess service) throws Exception;
    }

    /** Starts the service, measures it once ready, runs {@code whileReady}, and stops it in order (snapshots). */
    private static Start start(ServiceProcess service, Duration readyTimeout, WhileReady whileReady) throws Exception {
        try (ServiceProcess running = service) {
            long began = System.nanoTime();
            running.start(readyTimeout);
            double seconds = (System.nanoTime() - began) / 1e9;
            Thread.sleep(1_000); // the resident set right after ready, once the start's last allocations settled
            long rss = rssMiB(running.pid());
            if (whileReady != null) {
                whileReady.run(running);
            }
            return new Start(seconds, rss);
        }
    }

    private static double verifyRate(ServiceProcess service, long events) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        long began = System.nanoTime();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/v1/events/verify?from=start"))
                .header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET)
                .timeout(Duration.ofHours(2)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - began) / 1e9;
        if (answer.statusCode() != 200 || !answer.body().contains("\"ok\":true")) {
            throw new IllegalStateException("verify answered " + answer.statusCode() + ": " + answer.body());
        }
        return events / seconds;
    }

    /** VmRSS of a process, from /proc (Linux). */
    static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
