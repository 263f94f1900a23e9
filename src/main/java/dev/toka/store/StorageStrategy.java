package dev.toka.store;

import dev.toka.store.StoreConfig.Backend;
import dev.toka.store.jdbc.JdbcEventStore;
import dev.toka.store.jdbc.JdbcMigrationSource;
import dev.toka.store.jdbc.OfflineDatabase;
import dev.toka.store.jdbc.VerbatimCopy;
import dev.toka.store.memory.InMemoryEventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The one place that knows the storage backends (the architecture report's "storage strategy"):
 * it makes the service's {@link EventStore} on the backend configuration names
 * ({@code toka.store.backend}, which the {@code postgres} and {@code memory} profiles set), and it opens
 * logs by JDBC URL or export file for a {@link LogMigration} from one backend to another.
 *
 * @param listener      Hears of every commit of the service's store.
 * @param clock         Stamps appended events.
 * @param maxBatchSize  The most appends one group commit takes.
 * @param debug         Whether the JDBC store logs each operation.
 * @param commitTimeout How long an append waits for its commit.
 */
public record StorageStrategy(CommitListener listener, Clock clock, int maxBatchSize, boolean debug,
        Duration commitTimeout) {

    /**
     * The store of {@code backend}.
     *
     * @param dataSources The datasource of a JDBC backend, looked up only for the chosen one (the other
     *                    is inactive at run time).
     */
    public EventStore select(Backend backend, Function<Backend, DataSource> dataSources) {
        return switch (backend) {
            case memory -> new InMemoryEventStore(listener, clock);
            case h2, postgresql -> new JdbcEventStore(dataSources.apply(backend), listener, clock, maxBatchSize,
                    debug, commitTimeout);
        };
    }

    /**
     * The backend a JDBC URL names.
     *
     * @throws IllegalArgumentException for any other URL
     */
    public static Backend backendOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return Backend.h2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Backend.postgresql;
        }
        throw new IllegalArgumentException("not an H2 or PostgreSQL JDBC URL (jdbc:h2:… or jdbc:postgresql:…)");
    }

    /** A database log as a migration source, opened read-only. */
    public static LogMigration.Source openSource(OfflineDatabase database) throws SQLException {
        return new JdbcMigrationSource(database.openReadOnly());
    }

    /** An export file as a migration source. */
    public static LogMigration.Source openExport(Path file) throws IOException {
        BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return new ExportMigrationSource(lines);
    }

    /** A database as a migration target, its schema created or completed first. */
    public static LogMigration.Target openTarget(OfflineDatabase database) throws SQLException {
        Connection connection = database.openMigrated();
        return new VerbatimCopy(connection);
    }
}
