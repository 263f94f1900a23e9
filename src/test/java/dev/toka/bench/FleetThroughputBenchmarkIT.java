package dev.toka.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.bench.HttpLoadBenchmark.Outcome;
import dev.toka.bench.HttpLoadBenchmark.Settings;
import dev.toka.it.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end write throughput of a fleet: one, two and three packaged instances on one PostgreSQL database (the
 * schema emptied before each), {@link HttpLoadBenchmark}'s {@code schedule-task} load spread evenly over them, rate
 * limits lifted, agent runtime off (only the writes are measured). {@code toka.bench.seconds} measured seconds per
 * configuration (default 10) after a 3 s warm-up. Prints BENCH lines. Run with
 * {@code mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dtoka.test.postgres=true
 * -Dtoka.bench=true -Dit.test=FleetThroughputBenchmarkIT}.
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class FleetThroughputBenchmarkIT {

    private static final int CLIENTS = 48;
    private static final Settings LOAD = new Settings(CLIENTS, 48, 3, Integer.getInteger("toka.bench.seconds", 10),
            300, 1, 3, 256);

    @TempDir
    Path data;

    @Test
    void oneTwoAndThreeInstancesOnOnePostgres() throws Exception {
        String server = System.getProperty("toka.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        BenchDatabase database = new BenchDatabase.Postgres(server.substring(0, server.lastIndexOf('/') + 1)
                + "toka_bench", System.getProperty("toka.test.postgres.user", "postgres"));
        for (int instances = 1; instances <= 3; instances++) {
            String loadBefore = loadAverage();
            Outcome outcome = measure(database, instances);
            System.out.printf(Locale.ROOT, "BENCH fleet %d instance(s): %.0f ops/s at saturation (%d clients),"
                            + " p50 %.1f ms, p99 %.1f ms; at %d ops/s p50 %.1f ms, p99 %.1f ms; %s;"
                            + " load average %s → %s%n",
                    instances, outcome.saturation().opsPerSecond(), CLIENTS, outcome.saturation().percentileMillis(50),
                    outcome.saturation().percentileMillis(99), LOAD.rate(), outcome.fixedRate().percentileMillis(50),
                    outcome.fixedRate().percentileMillis(99), outcome.saturation().cpu(), loadBefore, loadAverage());
            assertTrue(outcome.ok(), "every request answered 2xx and the log holds them all: "
                    + outcome.firstFailures());
        }
    }

    /** Starts the instances one after the other on the emptied schema, loads them, stops them. */
    private Outcome measure(BenchDatabase database, int count) throws Exception {
        database.open();
        database.release();
        List<String> arguments = new ArrayList<>(database.serviceArguments());
        arguments.add("-Dtoka.agent.enabled=false");
        for (String group : List.of("issue", "write", "read")) {
            arguments.add("-Dtoka.security.rate-limit." + group + "=1000000/PT1S");
        }
        List<ServiceProcess> fleet = new ArrayList<>();
        List<HttpTransport> transports = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServiceProcess instance = new ServiceProcess(Files.createDirectories(data.resolve(count + "-" + i)),
                        arguments.toArray(String[]::new));
                fleet.add(instance);
                instance.start();
                transports.add(new HttpTransport(URI.create(instance.baseUrl()), LOAD.maxInFlight()));
            }
            System.out.printf("== %d instance(s) on one PostgreSQL%n", count);
            return new HttpLoadBenchmark(LOAD, transports, ServiceProcess.ADMIN_SECRET,
                    fleet.stream().map(ServiceProcess::pid).toList()).run();
        } finally {
            for (HttpTransport transport : transports) {
                transport.close();
            }
            for (ServiceProcess instance : fleet) {
                instance.close();
            }
        }
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
