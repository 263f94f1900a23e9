package dev.toka.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.Unicode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns event records into {@link NewEvent}s and stored payloads back into records, with one
 * convention: the event type is the record's simple class name.
 */
@Singleton
public class JsonEvents {

    private final ObjectMapper mapper;
    /**
     * Reads payloads with Jackson's default bounds, not the tighter ones set for request bodies: an
     * event may wrap a request a level or two deeper than it came, and the log must always read back.
     */
    private final ObjectMapper payloads;
    private final EventIds ids;

    public JsonEvents(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.payloads = mapper.copy();
        this.payloads.getFactory().setStreamReadConstraints(StreamReadConstraints.defaults());
        this.ids = new EventIds(clock);
    }

    /** The type name under which {@code eventClass} is stored. */
    public static String typeOf(Class<?> eventClass) {
        return eventClass.getSimpleName();
    }

    /** A new event with a fresh, time-ordered id ({@link EventIds}) carrying {@code record} as its payload. */
    public NewEvent toNewEvent(Object record, EventMetadata metadata) {
        return toNewEvent(ids.next(), record, metadata);
    }

    /**
     * A new event with the given id carrying {@code record} as its payload.
     *
     * @throws MalformedUnicodeException when a text of the record has no UTF-8 form: every append
     *                                   passes here, so none stores text that readers cannot send
     */
    public NewEvent toNewEvent(UUID eventId, Object record, EventMetadata metadata) {
        String payload;
        try {
            payload = mapper.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + record.getClass().getSimpleName(), e);
        }
        if (Unicode.firstLoneSurrogate(payload) >= 0) {
            throw new MalformedUnicodeException(Objects.requireNonNullElse(
                    Unicode.pathOfLoneSurrogate(payloads.valueToTree(record)), "payload"));
        }
        return new NewEvent(eventId, typeOf(record.getClass()), payload, metadata);
    }

    /** The payload of a stored event read as {@code type}. */
    public <T> T payload(StoredEvent event, Class<T> type) {
        try {
            return payloads.readValue(event.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.position() + " of type " + event.type()
                    + " does not read as " + type.getSimpleName(), e);
        }
    }
}
