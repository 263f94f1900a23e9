package dev.toka.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.store.ChainHead;
import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.LogMigration;
import dev.toka.store.MigrationException;
import dev.toka.store.NewEvent;
import dev.toka.store.StorageStrategy;
import dev.toka.store.StoreConfig.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link LogMigration} between real databases: H2 files under {@code target/}, and the local
 * PostgreSQL with {@code -Dtoka.test.postgres=true}. The packaged command is tested by {@code MigrateIT}.
 */
class LogMigrationTest {

    private static final Path DIRECTORY = Path.of("target", "log-migration-test", UUID.randomUUID().toString())
            .toAbsolutePath();
    private static final int EVENTS = 1_000;
    private static OfflineDatabase source;

    @BeforeAll
    static void writeSource() throws Exception {
        source = h2("source");
        fill(source, EVENTS, "alice");
    }

    @Test
    void copiesEveryRowVerbatimResumesAfterAnInterruptionAndLeavesTheSourceAlone() throws Exception {
        String sourceFile = sha256(sourceFile());
        OfflineDatabase target = h2("resumed");

        MigrationException stopped = assertThrows(MigrationException.class, () -> migrate(source, target, 3));
        assertTrue(stopped.getMessage().contains("positions 1..300"), stopped.getMessage());
        assertEquals(300 + 1, rows(target).size(), "three committed batches of 100 and the head, nothing of the fourth");

        LogMigration.Result resumed = migrate(source, target, Long.MAX_VALUE);
        assertEquals(300, resumed.alreadyThere());
        assertEquals(EVENTS - 300, resumed.copied());
        assertTrue(resumed.verification().ok());
        assertEquals(EVENTS, resumed.verification().checked());
        assertEquals(rows(source), rows(target), "every column of every row, and the chain head, as in the source");

        LogMigration.Result again = migrate(source, target, Long.MAX_VALUE);
        assertEquals(0, again.copied(), "a complete target is this source's longest prefix: nothing to copy");
        assertEquals(sourceFile, sha256(sourceFile()), "the source file is byte for byte unchanged");
    }

    @Test
    void refusesATargetThatHoldsAnotherLogAndLeavesItAlone() throws Exception {
        OfflineDatabase other = h2("other");
        fill(other, 10, "mallory");
        List<String> before = rows(other);

        MigrationException refused = assertThrows(MigrationException.class, () -> migrate(source, other, Long.MAX_VALUE));
        assertTrue(refused.getMessage().contains("holds another log"), refused.getMessage());
        assertEquals(before, rows(other));
    }

    @Test
    void refusesATargetLongerThanTheSource() throws Exception {
        OfflineDatabase shortSource = h2("short");
        fill(shortSource, 5, "bob");
        OfflineDatabase longer = h2("longer");
        migrate(source, longer, Long.MAX_VALUE);

        MigrationException refused = assertThrows(MigrationException.class,
                () -> migrate(shortSource, longer, Long.MAX_VALUE));
        assertTrue(refused.getMessage().contains("more than the source's 5"), refused.getMessage());
    }

    @Test
    @EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
    void movesAnH2LogToPostgresqlAndBack() throws Exception {
        String server = System.getProperty("toka.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("toka.test.postgres.user", "postgres");
        String name = "toka_migration_" + UUID.randomUUID().toString().replace("-", "");
        OfflineDatabase admin = new OfflineDatabase(Backend.postgresql, server, user, "");
        execute(admin, "CREATE DATABASE " + name);
        try {
            OfflineDatabase postgresql = new OfflineDatabase(Backend.postgresql,
                    server.substring(0, server.lastIndexOf('/') + 1) + name, user, "");
            assertThrows(MigrationException.class, () -> migrate(source, postgresql, 2));
            assertTrue(migrate(source, postgresql, Long.MAX_VALUE).verification().ok());
            assertEquals(rows(source), rows(postgresql));

            OfflineDatabase back = h2("back");
            assertTrue(migrate(postgresql, back, Long.MAX_VALUE).verification().ok());
            assertEquals(rows(source), rows(back));
            assertEquals(rows(source), rows(postgresql), "the PostgreSQL source is unchanged");
        } finally {
            execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static LogMigration.Result migrate(OfflineDatabase from, OfflineDatabase to, long maxBatches)
            throws Exception {
        try (LogMigration.Source in = StorageStrategy.openSource(from);
                LogMigration.Target out = StorageStrategy.openTarget(to)) {
            return new LogMigration(in, out, 100, (copied, head, end) -> {}).run(maxBatches);
        }
    }

    private static OfflineDatabase h2(String name) {
        return new OfflineDatabase(Backend.h2, "jdbc:h2:file:" + DIRECTORY.resolve(name), "sa", "");
    }

    private static Path sourceFile() {
        return DIRECTORY.resolve("source.mv.db");
    }

    /** Writes a log through the real store: many streams, metadata with and without its optional ids. */
    private static void fill(OfflineDatabase database, int events, String principal) throws Exception {
        database.openMigrated().close();
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(database.url());
        dataSource.setUser(database.user());
        try (JdbcEventStore store = new JdbcEventStore(dataSource, committed -> {}, Clock.systemUTC(), 512, false,
                Duration.ofSeconds(30))) {
            List<CompletableFuture<?>> appends = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                EventMetadata metadata = i % 2 == 0 ? EventMetadata.of(principal)
                        : new EventMetadata(principal, "cause-" + i, "correlation-" + (i / 10), "trace-" + i, "span-" + i, "i-0000beef");
                appends.add(store.appendAsync("thing-" + (i % 40), ExpectedVersion.any(), List.of(new NewEvent(
                        UUID.randomUUID(), "thing-touched", "{\"n\":" + i + ",\"text\":\"é \\u0001\"}", metadata))));
            }
            appends.forEach(CompletableFuture::join);
        }
    }

    /** Every column of every event row as text, then the chain head row. */
    private static List<String> rows(OfflineDatabase database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.openReadOnly(); Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT global_position, stream_name, position, id, type, data,"
                    + " metadata, time, prev_hash, hash FROM events ORDER BY global_position")) {
                while (row.next()) {
                    rows.add(row.getLong(1) + "|" + row.getString(2) + "|" + row.getLong(3) + "|" + row.getObject(4)
                            + "|" + row.getString(5) + "|" + row.getString(6) + "|" + row.getString(7) + "|"
                            + row.getObject(8, OffsetDateTime.class).toInstant() + "|" + row.getString(9)
                            + "|" + row.getString(10));
                }
            }
            try (ResultSet head = statement.executeQuery("SELECT global_position, hash FROM chain_head")) {
                head.next();
                rows.add("head " + new ChainHead(head.getLong(1), head.getString(2)));
            }
        }
        return rows;
    }

    private static void execute(OfflineDatabase database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
