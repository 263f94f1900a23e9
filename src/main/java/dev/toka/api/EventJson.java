package dev.toka.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.toka.Unicode;
import dev.toka.store.EventMetadata;
import dev.toka.store.StoredEvent;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored event as the API shows it; the payload is the canonical JSON object itself. */
@Schema(name = "StoredEvent", description = "An event as the log holds it, with its place in the hash chain")
public record EventJson(
        long position,
        String streamId,
        long streamVersion,
        UUID eventId,
        String type,
        @Schema(implementation = Object.class, description = "The payload (canonical JSON object)") @JsonRawValue
                String payload,
        EventMetadata metadata,
        Instant recordedAt,
        String previousHash,
        String hash) {

    /** The event as the API shows it; a lone surrogate the log may hold is escaped, so no reader fails on it. */
    static EventJson of(StoredEvent event) {
        return new EventJson(event.position(), event.streamId(), event.streamVersion(), event.eventId(), event.type(),
                Unicode.escapeLoneSurrogates(event.payload()), event.metadata(), event.recordedAt(),
                event.previousHash(), event.hash());
    }
}
