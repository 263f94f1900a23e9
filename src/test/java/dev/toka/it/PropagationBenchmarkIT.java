package dev.toka.it;

import static dev.toka.it.CrossInstance.awaitBusMode;
import static dev.toka.it.CrossInstance.revoke;
import static dev.toka.it.CrossInstance.spawn;
import static dev.toka.it.CrossInstance.token;
import static dev.toka.it.CrossInstance.untilRefused;
import static dev.toka.it.CrossInstance.untilVisible;

import dev.toka.bus.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-instance propagation, p50/p99, on the Kafka bus and by polling (the default 200 ms): two service processes
 * on one PostgreSQL database; a spawn on A until B shows the agent, a revocation on A until B refuses the token.
 * {@code toka.bench.rounds} rounds each (default 200). Prints BENCH lines. Run with
 * {@code mvn verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dtoka.test.postgres=true
 * -Dtoka.bench=true -Dit.test=PropagationBenchmarkIT}.
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class PropagationBenchmarkIT {

    private static final int ROUNDS = Integer.getInteger("toka.bench.rounds", 200);
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void kafkaAndPolling() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); PostgresDatabase database = new PostgresDatabase()) {
            String[] kafka = KafkaBusIT.arguments(database, broker, "toka-bench-" + UUID.randomUUID());
            measure("kafka", withLimitsLifted(kafka));
        }
        try (PostgresDatabase database = new PostgresDatabase()) {
            measure("polling", withLimitsLifted(database.serviceArguments()));
        }
    }

    private void measure(String mode, String[] arguments) throws Exception {
        Path aData = Files.createDirectories(first.resolve(mode));
        Path bData = Files.createDirectories(second.resolve(mode));
        try (ServiceProcess a = new ServiceProcess(aData, arguments); ServiceProcess b = new ServiceProcess(bData, arguments)) {
            a.start();
            b.start();
            awaitBusMode(a, mode.equals("kafka") ? "kafka" : "in-process");
            Histogram spawns = new Histogram(3);
            Histogram revocations = new Histogram(3);
            for (int round = 0; round < ROUNDS + 20; round++) {
                String agent = spawn(a, "bench-" + round);
                long spawnMillis = untilVisible(b, agent, LIMIT);
                String token = token(a, agent);
                untilVisible(b, spawn(a, "bench-marker-" + round), LIMIT); // the token is known on B
                revoke(a, token);
                long revokeMillis = untilRefused(b, agent, token, LIMIT);
                if (round >= 20) { // the first rounds warm the JITs up
                    spawns.recordValue(spawnMillis);
                    revocations.recordValue(revokeMillis);
                }
            }
            System.out.printf("BENCH propagation %s spawn-visible p50=%d ms p99=%d ms max=%d ms (%d rounds)%n", mode,
                    spawns.getValueAtPercentile(50), spawns.getValueAtPercentile(99), spawns.getMaxValue(), ROUNDS);
            System.out.printf("BENCH propagation %s revocation-refused p50=%d ms p99=%d ms max=%d ms (%d rounds)%n",
                    mode, revocations.getValueAtPercentile(50), revocations.getValueAtPercentile(99),
                    revocations.getMaxValue(), ROUNDS);
            System.out.printf("BENCH load average %s%n", Arrays.toString(loadAverage()));
        }
    }

    /** A token issued and a refusal met per round: the issue quota and the auth-failure back-off would end the run. */
    private static String[] withLimitsLifted(String[] arguments) {
        String[] all = Arrays.copyOf(arguments, arguments.length + 2);
        all[arguments.length] = "-Dtoka.security.rate-limit.issue=100000/PT1S";
        all[arguments.length + 1] = "-Dtoka.security.auth-failures.free-attempts=1000000";
        return all;
    }

    private static double[] loadAverage() throws IOException {
        return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).split(" ")).limit(3)
                .mapToDouble(Double::parseDouble).toArray();
    }
}
