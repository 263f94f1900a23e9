package dev.toka.store.jdbc;

import dev.toka.store.EventHasher;
import dev.toka.store.EventMetadata;
import dev.toka.store.NewEvent;
import java.util.UUID;

/**
 * An event waiting for its group commit, with the position-independent work already done.
 *
 * @param eventId          The event id.
 * @param type             The event type.
 * @param canonicalPayload The payload in RFC 8785 canonical form, as stored and hashed.
 * @param metadata         Who caused the event.
 * @param metadataJson     The metadata column text.
 */
record PendingEvent(UUID eventId, String type, String canonicalPayload, EventMetadata metadata, String metadataJson) {

    /** Canonicalises on the caller's thread, so the single appender thread does not have to. */
    static PendingEvent of(NewEvent event) {
        return new PendingEvent(
                event.eventId(),
                event.type(),
                EventHasher.canonicalJson(event.payload()),
                event.metadata(),
                MetadataJson.write(event.metadata()));
    }
}
