package dev.toka.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.store.ChainHead;
import dev.toka.store.EventHasher;
import dev.toka.store.EventMetadata;
import dev.toka.store.LogMigration;
import dev.toka.store.StorageStrategy;
import dev.toka.store.StoreConfig.Backend;
import dev.toka.store.StoredEvent;
import dev.toka.store.jdbc.OfflineDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs/performance.md migration benchmark: the packaged {@code toka migrate} moves a log of
 * 1,000,000 events (-Dtoka.bench.events=N) from an H2 file to PostgreSQL and back, and prints the
 * rate of each, verification on the target included. Run with
 * {@code mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dtoka.bench=true -Dtoka.test.postgres=true -Dit.test=MigrationBenchmarkIT}.
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class MigrationBenchmarkIT {

    @TempDir
    Path data;

    @Test
    void movesAMillionEventsToPostgresqlAndBack() throws Exception {
        long events = Long.getLong("toka.bench.events", 1_000_000);
        String source = "jdbc:h2:file:" + data.toAbsolutePath().resolve("source");
        long started = System.nanoTime();
        try (LogMigration.Source synthetic = new SyntheticLog(events);
                LogMigration.Target out = StorageStrategy.openTarget(new OfflineDatabase(Backend.h2, source, "sa", ""))) {
            new LogMigration(synthetic, out, 5_000, (copied, head, end) -> {}).run(Long.MAX_VALUE);
        }
        System.out.printf("BENCH migration: wrote a synthetic H2 log of %d events in %.1f s%n", events,
                (System.nanoTime() - started) / 1e9);
        try (PostgresDatabase postgresql = new PostgresDatabase()) {
            measure("H2 -> PostgreSQL", events, "--from", source, "--to", postgresql.url());
            measure("PostgreSQL -> H2", events, "--from", postgresql.url(),
                    "--to", "jdbc:h2:file:" + data.toAbsolutePath().resolve("back"));
        }
    }

    private static void measure(String what, long events, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", ServiceProcess.jar().toString(), "migrate"));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(output.contains("OK: " + events + " events copied"), output);
        System.out.printf("BENCH migration %s: %d events in %.1f s (JVM start, copy and verification), %.0f events/s%n",
                what, events, seconds, events / seconds);
    }

    /** A log made up on the fly: events of a typical size over 10,000 streams, hash-chained as the store does. */
    private static final class SyntheticLog implements LogMigration.Source {

        private final long events;
        private final long[] versions = new long[10_000];
        private final Instant start = Instant.now().truncatedTo(ChronoUnit.MICROS);
        private String previousHash = EventHasher.GENESIS_HASH;

        SyntheticLog(long events) {
            this.events = events;
            java.util.Arrays.fill(versions, -1);
        }

        @Override
        public Optional<ChainHead> head() {
            return Optional.empty();
        }

        @Override
        public List<StoredEvent> read(long fromPosition, int limit) {
            List<StoredEvent> page = new ArrayList<>(limit);
            for (long position = fromPosition; position < fromPosition + limit && position <= events; position++) {
                int stream = (int) (position % versions.length);
                long version = ++versions[stream];
                String payload = "{\"agentId\":\"" + new UUID(stream, 7) + "\",\"description\":\"task " + position
                        + " of the migration benchmark\",\"priority\":\"medium\",\"taskId\":\"" + new UUID(position, 9)
                        + "\"}";
                EventMetadata metadata = new EventMetadata("admin", null, "correlation-" + position / 10, null, null, null);
                Instant recordedAt = start.plus(position, ChronoUnit.MICROS);
                UUID id = new UUID(position, 42);
                String hash = EventHasher.hash(previousHash, position, "agent-" + stream, version, id, "TaskScheduled",
                        payload, metadata, recordedAt);
                page.add(new StoredEvent(position, "agent-" + stream, version, id, "TaskScheduled", payload, metadata,
                        recordedAt, previousHash, hash));
                previousHash = hash;
            }
            return page;
        }

        @Override
        public void close() {}
    }
}
