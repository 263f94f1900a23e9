package dev.toka.llm.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both forms of {@code Retry-After} (RFC 9110): seconds and an HTTP date. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-05T23:00:00Z");

    @Test
    void readsSecondsAndHttpDatesAndIgnoresAnythingElse() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryAfter.parse(" 7 ", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sat, 05 Dec 2026 23:01:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sat, 05 Dec 2026 22:00:00 GMT", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-1", NOW));
    }
}
