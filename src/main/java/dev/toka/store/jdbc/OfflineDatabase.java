package dev.toka.store.jdbc;

import dev.toka.store.StoreConfig.Backend;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database opened by URL without Quarkus (no Agroal, no Flyway extension), for the offline
 * {@code migrate} command. Uses the vendors' own data sources, so no driver registry is involved.
 *
 * @param backend  The database kind the URL names.
 * @param url      The JDBC URL, as the operator gave it.
 * @param user     The user.
 * @param password The password, never printed.
 */
public record OfflineDatabase(Backend backend, String url, String user, String password) {

    public OfflineDatabase {
        if (backend == Backend.memory) {
            throw new IllegalArgumentException("an in-memory log lives in one process; it cannot be migrated");
        }
    }

    /**
     * Opens the database read-only: H2 opens an existing file in read-only mode (and never creates
     * one); PostgreSQL sessions are made read-only by {@link JdbcMigrationSource}.
     */
    public Connection openReadOnly() throws SQLException {
        return dataSource(backend == Backend.h2 ? url + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE" : url).getConnection();
    }

    /**
     * Creates or completes the service's schema with Flyway, exactly as the service does at start
     * (same locations, same history table, so the service later finds it up to date), then opens it.
     */
    public Connection openMigrated() throws SQLException {
        // Each committed batch must survive a kill, as the service's own H2 URL ensures; else a resume
        // would still be right, but would redo batches the progress line reported as copied.
        boolean delayed = backend == Backend.h2 && !url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY");
        DataSource dataSource = dataSource(delayed ? url + ";WRITE_DELAY=0" : url);
        Flyway.configure(OfflineDatabase.class.getClassLoader())
                .dataSource(dataSource)
                .locations(schemaLocations(backend).stream().map(location -> "classpath:" + location)
                        .toArray(String[]::new))
                .load()
                .migrate();
        return dataSource.getConnection();
    }

    /** The Flyway locations of a backend; {@code quarkus.flyway.<name>.locations} names the same. */
    static List<String> schemaLocations(Backend backend) {
        return List.of("db/migration/common", "db/migration/" + backend.name());
    }

    private DataSource dataSource(String jdbcUrl) {
        return switch (backend) {
            case h2 -> {
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL(jdbcUrl);
                h2.setUser(user);
                h2.setPassword(password);
                yield h2;
            }
            case postgresql -> {
                PGSimpleDataSource postgresql = new PGSimpleDataSource();
                postgresql.setURL(jdbcUrl);
                postgresql.setUser(user);
                postgresql.setPassword(password);
                // One multi-row INSERT per batch instead of one round trip per event, as the service does.
                postgresql.setReWriteBatchedInserts(true);
                yield postgresql;
            }
            case memory -> throw new IllegalStateException("refused in the constructor");
        };
    }

    /** The URL without its parameters, which may carry a password: what progress output may show. */
    public String describe() {
        int cut = url.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = url.indexOf(separator);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return url.substring(0, cut);
    }

    @Override
    public String toString() {
        return backend + " " + describe();
    }
}
