package dev.toka.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Runs the service on the local PostgreSQL (the {@code postgres} profile's switches) instead of H2. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "toka.store.backend", "postgresql",
                // The h2 datasource stays active: it holds the read models (docs/architecture.md#read-models).
                "quarkus.datasource.postgresql.active", "true",
                "quarkus.datasource.postgresql.jdbc.url",
                System.getProperty("toka.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"),
                "quarkus.datasource.postgresql.username", System.getProperty("toka.test.postgres.user", "postgres"));
    }
}
