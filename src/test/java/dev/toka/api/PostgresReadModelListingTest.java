package dev.toka.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The listings with the log on PostgreSQL: the read models follow it from their own H2 database. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class PostgresReadModelListingTest extends ReadModelListingTest {}
