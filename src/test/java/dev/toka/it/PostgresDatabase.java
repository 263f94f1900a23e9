package dev.toka.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh database on the test PostgreSQL server ({@code toka.test.postgres.url}, user
 * {@code toka.test.postgres.user}) for service instances to share; dropped on close.
 */
final class PostgresDatabase implements AutoCloseable {

    private final String server = System.getProperty("toka.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String user = System.getProperty("toka.test.postgres.user", "postgres");
    private final String name = "toka_it_" + UUID.randomUUID().toString().replace("-", "");

    PostgresDatabase() throws SQLException {
        execute("CREATE DATABASE " + name);
    }

    /** The service arguments that put an instance on this database, with the agent runtime off. */
    String[] serviceArguments() {
        return new String[] {"-Dquarkus.profile=postgres", "-Dquarkus.datasource.postgresql.jdbc.url=" + url(),
            "-Dquarkus.datasource.postgresql.username=" + user, "-Dtoka.agent.enabled=false"};
    }

    /** How many events name {@code instance} as their writer (metadata.instance), read straight from the table. */
    long eventsWrittenBy(String instance) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), user, "");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COUNT(*) FROM events WHERE metadata LIKE ?")) {
            statement.setString(1, "%\"instance\":\"" + instance + "\"%");
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The user the instances connect as. */
    String user() {
        return user;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The JDBC URL of this database. */
    String url() {
        return server.substring(0, server.lastIndexOf('/') + 1) + name;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
