package dev.toka.store.jdbc;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import io.quarkus.flyway.FlywayDataSource;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Names the fix when the PostgreSQL database the service is pointed at does not exist, the first thing
 * a new user meets on a fresh machine. Flyway's migration at start opens the first connection; without
 * this, the cause is buried in a stack trace under "Failed to start quarkus".
 *
 * <p>A Flyway customizer because it is the one hook that runs before that migration connects.
 */
@Singleton
@FlywayDataSource("postgresql")
class MissingDatabaseCheck implements FlywayConfigurationCustomizer {

    /** PostgreSQL's SQLState for "database does not exist". */
    private static final String INVALID_CATALOG_NAME = "3D000";

    @Override
    public void customize(FluentConfiguration configuration) {
        try (Connection connection = configuration.getDataSource().getConnection()) {
            connection.isValid(1);
        } catch (SQLException e) {
            if (INVALID_CATALOG_NAME.equals(e.getSQLState())) {
                String message = e.getMessage().replaceFirst("^FATAL: ", "") + ". Create it (for example"
                        + " 'createdb -h HOST -U USER toka'), or point TOKA_DB_URL at an existing database;"
                        + " see docs/operations.md";
                Log.error(message);
                throw new IllegalStateException(message, e);
            }
            // Anything else (server down, bad password) Flyway reports itself, with its own message.
        }
    }
}
