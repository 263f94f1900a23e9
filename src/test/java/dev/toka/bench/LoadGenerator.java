package dev.toka.bench;

import dev.toka.bench.HttpLoadBenchmark.Outcome;
import dev.toka.bench.HttpLoadBenchmark.Result;
import dev.toka.bench.HttpLoadBenchmark.Settings;
import dev.toka.it.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Toka's load generator, a program (not a test); {@code bench/run-benchmark.sh} builds and runs it. For each
 * database, in one run, it measures (a) the raw batched JDBC INSERT rate into the event table (the ceiling),
 * (b) {@code EventStore} appends from 64 concurrent writers ({@link StoreBenchmark}), then starts the packaged
 * service against the same database, with rate limits lifted, and measures (c) {@code POST /api/v1/operations}
 * over HTTP with a capability token on every request, at saturation and at a fixed offered rate
 * ({@link HttpLoadBenchmark}). It prints one table with the figures and ratios, and exits with 1 if any
 * request failed or the log did not hold every acknowledged operation.
 *
 * <p>Options ({@code --name=value}): {@code databases} ({@code h2,postgres}), {@code postgres} (JDBC URL,
 * {@code jdbc:postgresql://127.0.0.1:5432/toka_bench}), {@code user} ({@code postgres}), {@code storeRounds}
 * (3), {@code storeSeconds} (4), {@code jfr} ({@code false}: record the service with JFR into
 * {@code target/bench}), {@code agentRuntime} ({@code false}: whether the service's agent runtime executes
 * the scheduled tasks too), {@code serviceArgs} (more JVM arguments for the service, space-separated, e.g.
 * {@code -Dtoka.store.debug=true}), {@code baseline} (the {@code quarkus-run.jar} of another build, e.g. the
 * code before a change: (c) is then measured for it too, first, on the same freshly emptied database, and
 * printed in a row of its own), and the HTTP settings of {@link Settings#from}.
 */
public final class LoadGenerator {

    private static final Path OUTPUT = Path.of("target", "bench");
    private static final Set<String> OPTIONS = Set.of("databases", "postgres", "user", "storeRounds", "storeSeconds",
            "jfr", "agentRuntime", "serviceArgs", "baseline");

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        Set<String> known = new HashSet<>(OPTIONS);
        known.addAll(Settings.OPTIONS);
        BenchOptions options = new BenchOptions(known, args);
        Settings http = Settings.from(options);
        List<Row> rows = new ArrayList<>();
        for (String database : options.string("databases", "h2,postgres").split(",")) {
            BenchDatabase target = BenchDatabase.named(database, options, OUTPUT);
            rows.addAll(measure(target, database, options, http));
        }
        printTable(rows, http);
        System.exit(rows.stream().allMatch(row -> row.http().ok()) ? 0 : 1);
    }

    private static List<Row> measure(BenchDatabase database, String key, BenchOptions options, Settings http)
            throws Exception {
        String loadBefore = loadAverage();
        System.out.printf("%n== %s (load average %s)%n", database.name(), loadBefore);
        StoreBenchmark.Result store;
        try {
            DataSource dataSource = database.open();
            store = StoreBenchmark.measure(dataSource, options.integer("storeRounds", 3),
                    options.integer("storeSeconds", 4));
        } finally {
            database.release();
        }
        Path data = Files.createDirectories(OUTPUT.resolve(key));
        List<String> arguments = serviceArguments(database, key, options);
        List<Row> rows = new ArrayList<>();
        Optional<Path> baseline = Optional.of(options.string("baseline", "")).filter(s -> !s.isBlank()).map(Path::of);
        if (baseline.isPresent()) {
            Outcome before = measureService(ServiceProcess.ofJar(baseline.get(), data, arguments.toArray(String[]::new)),
                    database, http);
            rows.add(new Row(database.name() + ", baseline", loadBefore + " → " + loadAverage(), store, false, before));
        }
        Outcome outcome = measureService(new ServiceProcess(data, arguments.toArray(String[]::new)), database, http);
        rows.add(new Row(database.name(), loadBefore + " → " + loadAverage(), store, true, outcome));
        return rows;
    }

    private static List<String> serviceArguments(BenchDatabase database, String key, BenchOptions options) {
        List<String> arguments = new ArrayList<>(database.serviceArguments());
        arguments.add("-Dtoka.agent.enabled=" + options.flag("agentRuntime"));
        for (String group : List.of("issue", "write", "read")) {
            arguments.add("-Dtoka.security.rate-limit." + group + "=1000000/PT1S");
        }
        for (String extra : options.string("serviceArgs", "").split(" ")) {
            if (!extra.isBlank()) {
                arguments.add(extra);
            }
        }
        if (options.flag("jfr")) {
            arguments.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + OUTPUT.resolve(key + ".jfr").toAbsolutePath());
        }
        return arguments;
    }

    /** (c) for one build, on the database emptied again, so that every build starts on the same log. */
    private static Outcome measureService(ServiceProcess process, BenchDatabase database, Settings http)
            throws Exception {
        database.open();
        database.release();
        System.out.println("  service: starting the packaged jar on the same database");
        Outcome outcome;
        try (ServiceProcess service = process) {
            service.start();
            try (HttpTransport transport = new HttpTransport(URI.create(service.baseUrl()),
                    Math.max(http.clients(), http.maxInFlight()))) {
                outcome = new HttpLoadBenchmark(http, List.of(transport), ServiceProcess.ADMIN_SECRET,
                        List.of(service.pid())).run();
            }
        }
        outcome.firstFailures().forEach(failure -> System.out.println("  failure: " + failure));
        return outcome;
    }

    private static void printTable(List<Row> rows, Settings http) {
        System.out.printf(Locale.ROOT, "%n%s, %d cores; (c) with %d clients at saturation and %d ops/s offered%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), http.clients(), http.rate());
        System.out.println("| database | (a) raw INSERT rows/s | (b) store events/s | (b)/(a) | (c) ops/s at saturation"
                + " | (c)/(a) | (c) p50 / p99 at saturation | (c) p50 / p99 at " + http.rate() + " ops/s"
                + " | service CPU per op (saturation) | other load (cores) | load average | log check |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (Row row : rows) {
            Result saturation = row.http().saturation();
            Result rate = row.http().fixedRate();
            // (b) runs this build's store classes only; a baseline row shares (a), the database's ceiling.
            String storeColumns = row.storeOfThisBuild()
                    ? String.format(Locale.ROOT, "%,.0f | %.0f%%", row.store().storeEventsPerSecond(), 100 * row.store().ratio())
                    : "— | —";
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %,.0f | %.0f%% | %.1f / %.1f ms"
                            + " | %.1f / %.1f ms | %.0f µs | %.2f | %s | %s |%n",
                    row.database(), row.store().rawRowsPerSecond(), storeColumns, saturation.opsPerSecond(),
                    100 * saturation.opsPerSecond() / row.store().rawRowsPerSecond(),
                    saturation.percentileMillis(50), saturation.percentileMillis(99),
                    rate.percentileMillis(50), rate.percentileMillis(99),
                    saturation.cpu().serviceMicrosPerOp(), saturation.cpu().otherCores(), row.loadAverage(),
                    row.http().ok() ? "ok" : "FAILED");
        }
    }

    private static String loadAverage() throws Exception {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "n/a";
    }

    private record Row(String database, String loadAverage, StoreBenchmark.Result store, boolean storeOfThisBuild,
            Outcome http) {}
}
