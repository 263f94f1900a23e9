package dev.toka.bench;

import dev.toka.store.CommitListener;
import dev.toka.store.EventHasher;
import dev.toka.store.EventIds;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import dev.toka.store.jdbc.JdbcEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * Parts (a) and (b) of the load generator: the JDBC event store against the ceiling of its database.
 *
 * <p>Each round measures (a) the raw rate of batched JDBC {@code INSERT}s of precomputed rows into
 * the {@code events} table, {@value #RAW_BATCH} rows per batch and transaction, on one connection,
 * and (b) {@link JdbcEventStore} appends from {@value #WRITERS} writer threads, each appending single
 * events, with expected versions, to its own {@value #STREAMS_PER_WRITER} streams. The table is
 * emptied before each measurement and after the last. After a warm-up of one round, the medians of
 * the rounds are reported.
 */
final class StoreBenchmark {

    private static final int WRITERS = 64;
    private static final int STREAMS_PER_WRITER = 4;
    private static final int RAW_BATCH = WRITERS;
    private static final int MAX_BATCH_SIZE = 512;
    private static final String PAYLOAD =
            "{\"agent\":\"agent-17\",\"step\":42,\"tool\":\"file-read\",\"path\":\"notes/plan.md\",\"ok\":true,"
                    + "\"summary\":\"read 2048 bytes of the plan and found three open questions\"}";
    /** Ids as the service makes them: time-ordered, so new rows land at the end of the id index. */
    private static final EventIds IDS = new EventIds(Clock.systemUTC());
    private static final EventMetadata METADATA =
            EventMetadata.of("agent-17").causedBy("task-9").correlatedWith("run-3");
    private static final String INSERT = "INSERT INTO events (global_position, stream_name, position, id, type, data,"
            + " metadata, time, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Medians over the rounds: (a) rows/s, (b) events/s, (b)'s latency and mean group-commit batch. */
    record Result(double rawRowsPerSecond, double storeEventsPerSecond, double p50Micros, double p99Micros,
            double meanBatch) {

        double ratio() {
            return storeEventsPerSecond / rawRowsPerSecond;
        }
    }

    private StoreBenchmark() {}

    /** Measures a migrated database; leaves its log empty. */
    static Result measure(DataSource dataSource, int rounds, int seconds) throws Exception {
        System.out.printf("  store: warm-up, then %d rounds of %d s per measurement%n", rounds, seconds);
        emptyLog(dataSource);
        rawInsertRate(dataSource, seconds);
        emptyLog(dataSource);
        storeRun(dataSource, seconds);
        List<Double> raw = new ArrayList<>();
        List<StoreRun> store = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            emptyLog(dataSource);
            raw.add(rawInsertRate(dataSource, seconds));
            emptyLog(dataSource);
            store.add(storeRun(dataSource, seconds));
            StoreRun last = store.get(store.size() - 1);
            System.out.printf("    round %d: raw %,.0f rows/s | store %,.0f events/s, p50 %,d us, p99 %,d us,"
                            + " mean batch %.1f | ratio %.0f%%%n",
                    round, raw.get(round - 1), last.eventsPerSecond(), last.p50Micros(), last.p99Micros(),
                    last.meanBatch(), 100 * last.eventsPerSecond() / raw.get(round - 1));
        }
        emptyLog(dataSource);
        return new Result(median(raw, r -> r), median(store, StoreRun::eventsPerSecond),
                median(store, StoreRun::p50Micros), median(store, StoreRun::p99Micros),
                median(store, StoreRun::meanBatch));
    }

    /** (a) The ceiling: precomputed rows, batched INSERTs, one transaction per batch, one connection. */
    private static double rawInsertRate(DataSource dataSource, int seconds) throws SQLException {
        String hash = "ab".repeat(32);
        String metadata = "{\"principal\":\"agent-17\",\"causationId\":\"task-9\",\"correlationId\":\"run-3\"}";
        OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
        String[] streams = streamNames();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            connection.setAutoCommit(false);
            long rows = 0;
            long started = System.nanoTime();
            long deadline = started + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < RAW_BATCH; i++) {
                    insert.setLong(1, rows + 1);
                    insert.setString(2, streams[(int) (rows % streams.length)]);
                    insert.setLong(3, rows / streams.length);
                    insert.setObject(4, IDS.next());
                    insert.setString(5, "BenchEvent");
                    insert.setString(6, PAYLOAD);
                    insert.setString(7, metadata);
                    insert.setObject(8, time);
                    insert.setString(9, hash);
                    insert.setString(10, hash);
                    insert.addBatch();
                    rows++;
                }
                insert.executeBatch();
                connection.commit();
            }
            return rows / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** (b) The store: {@value #WRITERS} threads, each appending one event at a time to its own streams. */
    private static StoreRun storeRun(DataSource dataSource, int seconds) throws InterruptedException {
        AtomicLong commits = new AtomicLong();
        AtomicLong events = new AtomicLong();
        CommitListener listener = committed -> {
            commits.incrementAndGet();
            events.addAndGet(committed.size());
        };
        long[][] latencies = new long[WRITERS][];
        int[] counts = new int[WRITERS];
        long started;
        try (JdbcEventStore store = new JdbcEventStore(dataSource, listener, Clock.systemUTC(), MAX_BATCH_SIZE, false,
                Duration.ofSeconds(30))) {
            CountDownLatch start = new CountDownLatch(1);
            long[] deadline = new long[1];
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(new Thread(() -> {
                    await(start);
                                long[] versions = new long[STREAMS_PER_WRITER];
                    Arrays.fill(versions, ExpectedVersion.NO_STREAM_VERSION);
                    long[] mine = new long[1 << 14];
                    int n = 0;
                    while (System.nanoTime() < deadline[0]) {
                        int stream = n % STREAMS_PER_WRITER;
                        NewEvent event = new NewEvent(IDS.next(), "BenchEvent", PAYLOAD, METADATA);
                        long before = System.nanoTime();
                        StoredEvent stored = store.append("bench-" + writer + "-" + stream,
                                ExpectedVersion.exactly(versions[stream]), List.of(event)).get(0);
                        long latency = System.nanoTime() - before;
                        versions[stream] = stored.streamVersion();
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = latency;
                    }
                    latencies[writer] = mine;
                    counts[writer] = n;
                }, "bench-writer-" + w));
            }
            writers.forEach(Thread::start);
            started = System.nanoTime();
            deadline[0] = started + seconds * 1_000_000_000L;
            start.countDown();
            for (Thread writer : writers) {
                writer.join();
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int w = 0; w < WRITERS; w++) {
            System.arraycopy(latencies[w], 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        return new StoreRun(all.length / elapsed, percentileMicros(all, 0.50), percentileMicros(all, 0.99),
                (double) events.get() / commits.get());
    }

    private static String[] streamNames() {
        String[] names = new String[WRITERS * STREAMS_PER_WRITER];
        for (int i = 0; i < names.length; i++) {
            names[i] = "bench-" + (i % WRITERS) + "-" + (i / WRITERS);
        }
        return names;
    }

    private static long percentileMicros(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * quantile)] / 1_000;
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> metric) {
        double[] sorted = values.stream().mapToDouble(metric).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void emptyLog(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE TABLE events");
            statement.execute("UPDATE chain_head SET global_position = 0, hash = '" + EventHasher.GENESIS_HASH + "'");
        }
    }

    private record StoreRun(double eventsPerSecond, long p50Micros, long p99Micros, double meanBatch) {}
}
