package dev.toka.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Fresh event ids laid out as UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random
 * bits. Ids made later sort after ids made earlier (in PostgreSQL's and H2's UUID order), so a batch of
 * new events lands at the end of the unique index on {@code events.id} instead of on as many random
 * index pages as it has events: one or two pages to write per commit instead of dozens. Uniqueness
 * still rests on the random bits, 74 of them within a millisecond, and on the unique index.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public EventIds(Clock clock) {
        this.clock = clock;
    }

    /** A new time-ordered id. */
    public UUID next() {
        long millis = clock.millis();
        long random = RANDOM.nextLong();
        long high = (millis << 16) | 0x7000L | (random >>> 52);
        long low = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
