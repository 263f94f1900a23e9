package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.bus.Subscription;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Streams log events to a server-sent-events client: SSE id = position, event name = type, data = the event.
 *
 * <p>Events arrive on the bus's stream pool, never on the committing thread. A client that reads slower
 * than the log grows pauses its subscription once {@link #MAX_UNSENT_EVENTS} are written and not yet
 * sent; the bus then keeps nothing for it, and when the client has read half of them the stream goes on
 * from the log, from the next position, so the client still gets every event in order (docs/api.md).
 */
@Singleton
class EventSse {

    /** Most events written to one stream and not yet sent to its client: what a stream can cost in memory. */
    static final int MAX_UNSENT_EVENTS = 1_000;
    private static final int RESUME_AT = MAX_UNSENT_EVENTS / 2;
    /** Recently serialised events, by position: live streams send the same event at about the same time. */
    private static final int RECENT = 4_096;

    private final ObjectMapper mapper;
    private final AtomicReferenceArray<Serialised> recent = new AtomicReferenceArray<>(RECENT);

    EventSse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Sends every event the subscription delivers, until the client goes away.
     *
     * @param subscribe Makes the subscription for the consumer it is given; this starts it.
     */
    void pipe(SseEventSink sink, Sse sse, Function<Consumer<StoredEvent>, Subscription> subscribe) {
        Stream stream = new Stream(sink, sse);
        stream.subscription = subscribe.apply(stream);
        stream.subscription.start();
    }

    /** The JSON text of an API value. */
    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** The event's JSON, serialised once for all the streams that send it about the same time. */
    private String serialised(StoredEvent event) {
        int slot = (int) (event.position() % RECENT);
        Serialised known = recent.get(slot);
        if (known != null && known.position() == event.position()) {
            return known.json();
        }
        String json = json(EventJson.of(event));
        recent.set(slot, new Serialised(event.position(), json));
        return json;
    }

    private record Serialised(long position, String json) {}

    /** One client's stream; it is called by one bus thread at a time, and by send completions on the event loop. */
    private final class Stream implements Consumer<StoredEvent> {

        private final SseEventSink sink;
        private final Sse sse;
        private final AtomicInteger unsent = new AtomicInteger();
        private Subscription subscription;

        Stream(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        @Override
        public void accept(StoredEvent event) {
            if (sink.isClosed()) {
                subscription.close();
                return;
            }
            unsent.incrementAndGet();
            try {
                sink.send(sse.newEventBuilder()
                                .id(Long.toString(event.position()))
                                .name(event.type())
                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(serialised(event))
                                .build())
                        .whenComplete((sent, failure) -> {
                            if (failure != null) {
                                subscription.close();
                            } else if (unsent.decrementAndGet() <= RESUME_AT) {
                                subscription.resume();
                            }
                        });
            } catch (IllegalStateException closedMeanwhile) {
                // The client went away between the check and the send: an ordinary end, not a consumer failure.
                subscription.close();
                return;
            }
            if (unsent.get() >= MAX_UNSENT_EVENTS) {
                subscription.pause();
                // The client may have read them all between the count and the pause: nobody else would resume.
                if (unsent.get() <= RESUME_AT) {
                    subscription.resume();
                }
            }
        }
    }
}
