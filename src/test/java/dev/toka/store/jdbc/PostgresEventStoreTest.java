package dev.toka.store.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The contract on PostgreSQL, when {@code -Dtoka.test.postgres=true}: then an unreachable database
 * fails the class, it is never skipped.
 *
 * <p>The tests own the schema {@value #SCHEMA}, dropped and migrated afresh for the class, so they
 * leave whatever else the database holds alone.
 */
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class PostgresEventStoreTest extends JdbcEventStoreContractTest {

    private static final String SCHEMA = "toka_store_test";
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void createSchema() {
        dataSource = new PGSimpleDataSource();
        dataSource.setURL(System.getProperty("toka.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        dataSource.setUser(System.getProperty("toka.test.postgres.user", "postgres"));
        dataSource.setPassword(System.getProperty("toka.test.postgres.password", ""));
        dataSource.setCurrentSchema(SCHEMA);
        // The service's driver setting (application.properties): batches go out as multi-row INSERTs.
        dataSource.setReWriteBatchedInserts(true);
        Flyway flyway = flyway(dataSource, "postgresql").schemas(SCHEMA).cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
