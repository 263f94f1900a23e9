package dev.toka.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The README walkthrough against PostgreSQL; switched on by {@code TOKA_TEST_POSTGRES=true}, and then fails without it. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class PostgresWalkthroughTest extends WalkthroughTest {}
