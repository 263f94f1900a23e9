package dev.toka.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as the log holds it: positioned, timestamped and chained to its predecessor.
 *
 * @param position      The global position, gap-free from 1 in commit order.
 * @param streamId      The stream, named {@code category-id} (for example {@code agent-42}).
 * @param streamVersion The position inside the stream, gap-free from 0.
 * @param eventId       The unique event id.
 * @param type          The event type.
 * @param payload       The payload in RFC 8785 canonical JSON.
 * @param metadata      Who caused the event.
 * @param recordedAt    When the store committed it (UTC, microsecond precision).
 * @param previousHash  The hash of the event at {@code position - 1} (64 zero digits for the first).
 * @param hash          {@code SHA-256(previousHash || canonical bytes)}, see {@link EventHasher}.
 */
public record StoredEvent(
        long position,
        String streamId,
        long streamVersion,
        UUID eventId,
        String type,
        String payload,
        EventMetadata metadata,
        Instant recordedAt,
        String previousHash,
        String hash) {

    public StoredEvent {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** The category of the stream: the part before the first dash ({@code agent} for {@code agent-42}). */
    public String category() {
        int dash = streamId.indexOf('-');
        return dash < 0 ? streamId : streamId.substring(0, dash);
    }
}
