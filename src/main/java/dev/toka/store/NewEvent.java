package dev.toka.store;

import java.util.Objects;
import java.util.UUID;

/**
 * An event to append, before the store gives it a position and a hash.
 *
 * @param eventId  The unique id; appending an event whose id is already stored is a no-op that
 *                 returns the stored event (idempotent retries).
 * @param type     The event type, for example {@code AgentSpawned}.
 * @param payload  The payload as a JSON object text; the store keeps its RFC 8785 canonical form.
 * @param metadata Who caused the event.
 */
public record NewEvent(UUID eventId, String type, String payload, EventMetadata metadata) {

    /** Longest event type name the store accepts. */
    public static final int MAX_TYPE_LENGTH = 128;

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("type must be 1.." + MAX_TYPE_LENGTH + " characters");
        }
    }
}
