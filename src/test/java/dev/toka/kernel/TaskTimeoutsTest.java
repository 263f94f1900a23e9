package dev.toka.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The workstream format's time limits. */
class TaskTimeoutsTest {

    @Test
    void readsHoursMinutesSecondsMillisecondsAndBareSeconds() {
        assertEquals(Duration.ofHours(2), TaskTimeouts.parse("2h"));
        assertEquals(Duration.ofMinutes(5), TaskTimeouts.parse("5m"));
        assertEquals(Duration.ofSeconds(30), TaskTimeouts.parse("30s"));
        assertEquals(Duration.ofMillis(500), TaskTimeouts.parse("500ms"));
        assertEquals(Duration.ofSeconds(1800), TaskTimeouts.parse("1800"));
    }

    @Test
    void rejectsWordsFractionsAndZero() {
        for (String bad : new String[] {"2hours", "1.5h", "0", "", "-5m", "5 m"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskTimeouts.parse(bad));
            assertEquals(true, e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        }
    }
}
