package dev.toka.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.Unicode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Event records to {@link NewEvent}s and {@link StoredEvent}s back to records, under the names the
 * {@link EventRegistry} declares. Each event is decoded once per instance: the record an appender
 * wrote is kept by its id, so reading its own writes back costs no parse, and any other event is
 * parsed by its first reader and kept for the others (in a bounded memo, {@link DecodedEvents}).
 * Readers therefore share one record per event and must not change what it holds (a {@code byte[]}
 * or a {@code JsonNode} member).
 */
@Singleton
public class EventCodec {

    /** Slots of the memo: several group commits' worth of events, the span in which projections read them. */
    private static final int MEMO_SLOTS = 1 << 12;
    /**
     * Largest payload (in characters) whose record the memo keeps. An observation may be a megabyte, and
     * a memo of such records would hold gigabytes; bounded so, it holds at most a few tens of megabytes,
     * and a larger event is parsed by each reader, as before the memo.
     */
    static final int MEMO_MAX_PAYLOAD = 4_096;

    private final ObjectMapper mapper;
    /**
     * Reads payloads with Jackson's default bounds, not the tighter ones set for request bodies: an
     * event may wrap a request a level or two deeper than it came, and the log must always read back.
     */
    private final ObjectMapper payloads;
    private final EventIds ids;
    private final EventRegistry registry;
    private final DecodedEvents decoded = new DecodedEvents(MEMO_SLOTS);
    private final LongAdder parses = new LongAdder();

    @Inject
    public EventCodec(ObjectMapper mapper, Clock clock, EventRegistry registry) {
        this.mapper = mapper;
        this.payloads = mapper.copy();
        this.payloads.getFactory().setStreamReadConstraints(StreamReadConstraints.defaults());
        this.ids = new EventIds(clock);
        this.registry = registry;
    }

    /**
     * A new event with a fresh, time-ordered id ({@link EventIds}) carrying {@code event} as its payload,
     * stored under its declared name. The record itself is kept as the event's decoded form.
     *
     * @throws IllegalArgumentException  when no layer declares the record's type
     * @throws MalformedUnicodeException when a text of the record has no UTF-8 form: every append
     *                                   passes here, so none stores text that readers cannot send
     */
    NewEvent encode(Object event, EventMetadata metadata) {
        String type = registry.nameOf(event.getClass());
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + event.getClass().getSimpleName(), e);
        }
        if (Unicode.firstLoneSurrogate(payload) >= 0) {
            throw new MalformedUnicodeException(Objects.requireNonNullElse(
                    Unicode.pathOfLoneSurrogate(payloads.valueToTree(event)), "payload"));
        }
        UUID eventId = ids.next();
        if (payload.length() <= MEMO_MAX_PAYLOAD && CanonicalNumbers.keptExactly(payload)) {
            // Otherwise the log holds the number as RFC 8785 rewrites it, and readers must see that one,
            // live as after a restart: the first reader parses it from the stored payload.
            decoded.put(eventId, event);
        }
        return new NewEvent(eventId, type, payload, metadata);
    }

    /**
     * The record a stored event holds, decoded once per instance.
     *
     * @throws UnknownEventTypeException when no layer declares its type
     * @throws IllegalStateException     when its payload does not read as its type
     */
    public Object decode(StoredEvent event) {
        Object known = decoded.get(event.eventId());
        if (known != null) {
            return known;
        }
        Object read = parse(event, typeOf(event));
        if (event.payload().length() <= MEMO_MAX_PAYLOAD) {
            decoded.put(event.eventId(), read);
        }
        return read;
    }

    /**
     * The record a stored event holds when its type is a {@code family} (a sealed interface or a record);
     * empty, without parsing it, when it is another type.
     *
     * @throws UnknownEventTypeException when no layer declares its type
     */
    public <T> Optional<T> decode(StoredEvent event, Class<T> family) {
        return family.isAssignableFrom(typeOf(event)) ? Optional.of(family.cast(decode(event))) : Optional.empty();
    }

    /**
     * The record class of a stored event, from its type name alone.
     *
     * @throws UnknownEventTypeException when no layer declares its type
     */
    public Class<?> typeOf(StoredEvent event) {
        return registry.classOf(event.type()).orElseThrow(() -> new UnknownEventTypeException(event));
    }

    /** How many payloads this codec has parsed: reads that the memo did not answer. */
    long parses() {
        return parses.sum();
    }

    private Object parse(StoredEvent event, Class<?> type) {
        parses.increment();
        try {
            return payloads.readValue(event.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.position() + " of type " + event.type()
                    + " does not read as " + type.getSimpleName(), e);
        }
    }
}
