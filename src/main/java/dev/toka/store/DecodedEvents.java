package dev.toka.store;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The events decoded lately, by event id: a direct-mapped memo of fixed size. A slot holds the last
 * event whose id hashes to it, so it never grows, never locks and never evicts by policy: an event is
 * looked up within microseconds of being put (the appender's own record, read by the projections at
 * commit), long before other events could take its slot.
 */
final class DecodedEvents {

    private record Slot(UUID eventId, Object event) {}

    private final AtomicReferenceArray<Slot> slots;
    private final int mask;

    /** @param size The number of slots, a power of two. */
    DecodedEvents(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two: " + size);
        }
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    void put(UUID eventId, Object event) {
        slots.lazySet(index(eventId), new Slot(eventId, event));
    }

    /** The event decoded for {@code eventId}, or {@code null} when its slot holds another or none. */
    Object get(UUID eventId) {
        Slot slot = slots.get(index(eventId));
        return slot != null && slot.eventId().equals(eventId) ? slot.event() : null;
    }

    private int index(UUID eventId) {
        // Time-ordered ids: the low bits of the random half spread best.
        long bits = eventId.getLeastSignificantBits();
        return (int) (bits ^ (bits >>> 32)) & mask;
    }
}
