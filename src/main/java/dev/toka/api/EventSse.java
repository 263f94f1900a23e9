package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.store.StoredEvent;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/** Streams log events to a server-sent-events client: SSE id = position, event name = type, data = the event. */
@Singleton
class EventSse {

    /**
     * Most events written to one stream and not yet sent to its client; past it the stream is closed,
     * and the client resumes with Last-Event-ID once it reads again.
     */
    static final int MAX_UNSENT_EVENTS = 10_000;

    private final ObjectMapper mapper;

    EventSse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Sends every event the subscription delivers, until the client goes away.
     *
     * @param subscribe Starts the subscription with the consumer it is given and returns its handle.
     */
    void pipe(SseEventSink sink, Sse sse, Function<Consumer<StoredEvent>, AutoCloseable> subscribe) {
        AutoCloseable[] subscription = new AutoCloseable[1];
        AtomicInteger unsent = new AtomicInteger();
        // Set once the client is gone; events delivered after it (the rest of a catch-up) are dropped at once.
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            ended.set(true);
            close(subscription[0]);
        };
        subscription[0] = subscribe.apply(event -> {
            if (ended.get()) {
                return;
            }
            if (sink.isClosed()) {
                end.run();
                return;
            }
            if (unsent.incrementAndGet() > MAX_UNSENT_EVENTS) {
                // A client that does not read would otherwise hold the whole log in this service's memory.
                Log.debugf("closing an event stream whose client is %d events behind", MAX_UNSENT_EVENTS);
                end.run();
                sink.close();
                return;
            }
            try {
                sink.send(sse.newEventBuilder()
                                .id(Long.toString(event.position()))
                                .name(event.type())
                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(json(EventJson.of(event)))
                                .build())
                        .whenComplete((sent, failure) -> unsent.decrementAndGet())
                        .exceptionally(failure -> {
                            end.run();
                            return null;
                        });
            } catch (IllegalStateException closedMeanwhile) {
                // The client went away between the check and the send: an ordinary end, not a consumer failure.
                end.run();
            }
        });
        if (ended.get()) {
            // It ended during the catch-up, before the subscription's handle existed.
            close(subscription[0]);
        }
    }

    /** The JSON text of an API value. */
    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static void close(AutoCloseable subscription) {
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            Log.debug("closing an event subscription failed", e);
        }
    }
}
