package dev.toka.store.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on an H2 database file under {@code target/}, created afresh for the class. */
class H2EventStoreTest extends JdbcEventStoreContractTest {

    private static final Path DIRECTORY = Path.of("target", "h2-event-store-test").toAbsolutePath();
    private static JdbcConnectionPool pool;

    @BeforeAll
    static void createDatabase() throws IOException {
        if (Files.exists(DIRECTORY)) {
            try (Stream<Path> files = Files.walk(DIRECTORY)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        // Two stores contend for the chain head in one scenario: allow them more than H2's 1 s lock wait.
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + DIRECTORY.resolve("toka") + ";LOCK_TIMEOUT=10000", "sa", "");
        pool.setMaxConnections(32);
        flyway(pool, "h2").load().migrate();
    }

    @AfterAll
    static void closeDatabase() {
        pool.dispose();
    }

    @Override
    protected DataSource dataSource() {
        return pool;
    }
}
