package dev.toka.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's first start on PostgreSQL, before the database exists: the service stops, and one log
 * line names the database and the fix. Needs the PostgreSQL server ({@code TOKA_TEST_POSTGRES=true}).
 */
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class MissingDatabaseIT {

    @TempDir
    Path data;

    @Test
    void aMissingDatabaseStopsTheStartWithOneLineNamingTheFix() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data, "-Dquarkus.profile=postgres",
                "-Dquarkus.datasource.postgresql.jdbc.url=jdbc:postgresql://127.0.0.1:5432/toka_never_created")) {
            assertNotEquals(0, service.startExpectingRefusal());
            String log = service.log();
            String line = log.lines().filter(l -> l.contains("ERROR") && l.contains("createdb"))
                    .findFirst().orElseThrow(() -> new AssertionError("no line names the fix:\n" + log));
            assertTrue(line.contains("database \"toka_never_created\" does not exist"), line);
            assertTrue(line.contains("TOKA_DB_URL"), line);
        }
    }
}
