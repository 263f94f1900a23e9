package dev.toka.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database the generator measures, emptied and migrated with the service's own Flyway migrations: the
 * store benchmark writes to it through a data source, then the service is started against the very same
 * database.
 */
sealed interface BenchDatabase {

    /**
     * The database a benchmark's {@code --databases} entry names: {@code h2} (a file under {@code output}) or
     * {@code postgres} ({@code --postgres} URL, {@code --user}).
     */
    static BenchDatabase named(String name, BenchOptions options, Path output) {
        return switch (name) {
            case "h2" -> new H2(output.resolve("h2"));
            case "postgres" -> new Postgres(options.string("postgres", "jdbc:postgresql://127.0.0.1:5432/toka_bench"),
                    options.string("user", "postgres"));
            default -> throw new IllegalArgumentException("databases are h2 and postgres, got " + name);
        };
    }


    String name();

    /** Empties the database, migrates it and opens a data source on it. */
    DataSource open() throws IOException;

    /** Closes what {@link #open} opened, so that the service can have the database. */
    void release();

    /** The service's arguments that point it at this database; empty for H2 in the data directory. */
    List<String> serviceArguments();

    /** The H2 file {@code toka} in a directory, where {@code ServiceProcess} looks for it by default. */
    final class H2 implements BenchDatabase {

        private final Path directory;
        private JdbcConnectionPool pool;

        H2(Path directory) {
            this.directory = directory.toAbsolutePath();
        }

        @Override
        public String name() {
            return "H2 (file, WRITE_DELAY 0)";
        }

        @Override
        public DataSource open() throws IOException {
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(directory);
            pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("toka")
                    + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "");
            migrate(pool, "PUBLIC", "h2", false);
            return pool;
        }

        @Override
        public void release() {
            pool.dispose();
        }

        @Override
        public List<String> serviceArguments() {
            return List.of();
        }
    }

    /** A schema of its own in a PostgreSQL database; the benchmark drops everything in that schema first. */
    record Postgres(String url, String user) implements BenchDatabase {

        private static final String SCHEMA = "toka_bench";

        @Override
        public String name() {
            return "PostgreSQL";
        }

        @Override
        public DataSource open() {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(user);
            createDatabaseIfMissing(dataSource);
            dataSource.setCurrentSchema(SCHEMA);
            // As the service's datasource sets it (application.properties), for (a) and (b) alike.
            dataSource.setReWriteBatchedInserts(true);
            migrate(dataSource, SCHEMA, "postgresql", true);
            return dataSource;
        }

        @Override
        public void release() {
            // PGSimpleDataSource holds no connections.
        }

        /** A fresh machine has no benchmark database yet: create it through the server's maintenance database. */
        private void createDatabaseIfMissing(PGSimpleDataSource dataSource) {
            try (Connection reachable = dataSource.getConnection()) {
                return;
            } catch (SQLException e) {
                if (!"3D000".equals(e.getSQLState())) {
                    throw new IllegalStateException("cannot reach " + url + ": " + e.getMessage(), e);
                }
            }
            PGSimpleDataSource maintenance = new PGSimpleDataSource();
            maintenance.setURL(url);
            maintenance.setUser(user);
            maintenance.setDatabaseName("postgres");
            try (Connection connection = maintenance.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + dataSource.getDatabaseName().replace("\"", "\"\"") + "\"");
                System.out.println("  created the database " + dataSource.getDatabaseName());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the benchmark database of " + url + ": " + e.getMessage(), e);
            }
        }

        @Override
        public List<String> serviceArguments() {
            return List.of("-Dquarkus.profile=postgres",
                    "-Dquarkus.datasource.postgresql.jdbc.url=" + url + (url.contains("?") ? "&" : "?")
                            + "currentSchema=" + SCHEMA,
                    "-Dquarkus.datasource.postgresql.username=" + user);
        }
    }

    private static void migrate(DataSource dataSource, String schema, String vendor, boolean clean) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .cleanDisabled(!clean)
                .load();
        if (clean) {
            flyway.clean();
        }
        flyway.migrate();
    }
}
