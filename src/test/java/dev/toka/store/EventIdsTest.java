package dev.toka.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");

    @Test
    void idsAreVersion7WithTheRfc9562VariantAndCarryTheirMillisecond() {
        UUID id = new EventIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();

        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(NOW.toEpochMilli(), id.getMostSignificantBits() >>> 16);
    }

    @Test
    void idsOfALaterMillisecondSortAfterEarlierOnesByteForByte() {
        UUID earlier = new EventIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();
        UUID later = new EventIds(Clock.fixed(NOW.plusMillis(1), ZoneOffset.UTC)).next();

        // PostgreSQL and H2 order UUIDs by their bytes, that is by the unsigned high half first.
        assertTrue(Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits()) < 0);
        assertTrue(earlier.toString().compareTo(later.toString()) < 0);
    }

    @Test
    void idsWithinOneMillisecondDiffer() {
        EventIds ids = new EventIds(Clock.fixed(NOW, ZoneOffset.UTC));
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(ids.next()));
        }
    }
}
