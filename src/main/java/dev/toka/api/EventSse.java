package dev.toka.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.bus.Subscription;
import dev.toka.store.StoredEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Singleton;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Streams log events to a server-sent-events client: SSE id = position, event name = type, data = the event.
 *
 * <p>Events arrive on the bus's stream pool, never on the committing thread. They are framed there and
 * written in batches: the first event of a batch schedules one write on the connection's context, which
 * takes everything framed by then, so a stream costs one socket write per batch, not per event.
 *
 * <p>A client that reads slower than the log grows pauses its subscription once {@link #MAX_UNSENT_EVENTS}
 * are written and not yet sent; the bus then keeps nothing for it, and when the client has read half of
 * them the stream goes on from the log, from the next position, so the client still gets every event in
 * order (docs/api.md).
 */
@Singleton
class EventSse {

    /** Most events written to one stream and not yet sent to its client: what a stream can cost in memory. */
    static final int MAX_UNSENT_EVENTS = 1_000;
    /** And most characters: a thousand megabyte observations must not sit in one stream's buffers. */
    static final long MAX_UNSENT_CHARS = 1L << 20;
    /** Recently serialised events, by position: live streams send the same event at about the same time. */
    private static final int RECENT = 1_024;
    /**
     * Longest JSON (in characters) kept among them: an observation's may be megabytes, and the cache must
     * stay within a few megabytes whatever the events hold. A longer one is serialised per stream.
     */
    private static final int RECENT_MAX_JSON = 8_192;

    private final ObjectMapper mapper;
    private final AtomicReferenceArray<Serialised> recent = new AtomicReferenceArray<>(RECENT);

    EventSse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Where a stream starts: after the client's Last-Event-ID when it resumes, else at {@code from}; never before
     * position 1, and a Last-Event-ID of {@link Long#MAX_VALUE} does not wrap round to the start of the log.
     */
    static long startOf(long from, Long lastEventId) {
        return lastEventId != null ? Math.max(1, Math.addExact(Math.min(lastEventId, Long.MAX_VALUE - 1), 1))
                : Math.max(1, from);
    }

    /**
     * Sends every event the subscription delivers, until the client goes away.
     *
     * @param response  The stream's HTTP response, which the events are written to once the sink sent its head.
     * @param subscribe Makes the subscription for the consumer it is given; this starts it.
     */
    void pipe(SseEventSink sink, Sse sse, HttpServerResponse response,
            Function<Consumer<StoredEvent>, Subscription> subscribe) {
        Stream stream = new Stream(sink, response, Vertx.currentContext());
        // First, as it checks the caller's right: a refusal must still be able to answer 403.
        stream.subscription = subscribe.apply(stream);
        // The sink writes the SSE head, before any event; a comment is ignored by every client.
        sink.send(sse.newEventBuilder().comment("events follow").build());
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
        if (json.length() <= RECENT_MAX_JSON) {
            recent.set(slot, new Serialised(event.position(), json));
        }
        return json;
    }

    private record Serialised(long position, String json) {}

    /**
     * One client's stream: framed by one bus thread at a time, written on the connection's context,
     * and told of finished writes on the event loop.
     */
    private final class Stream implements Consumer<StoredEvent> {

        private final SseEventSink sink;
        private final HttpServerResponse response;
        private final Context context;
        private final AtomicInteger unsent = new AtomicInteger();
        private final AtomicLong unsentChars = new AtomicLong();
        private final AtomicBoolean writeScheduled = new AtomicBoolean();
        private final StringBuilder framed = new StringBuilder();
        private int framedEvents;
        private Subscription subscription;

        Stream(SseEventSink sink, HttpServerResponse response, Context context) {
            this.sink = sink;
            this.response = response;
            this.context = context;
        }

        @Override
        public void accept(StoredEvent event) {
            if (sink.isClosed()) {
                subscription.close();
                return;
            }
            // JSON without line breaks (Jackson escapes them inside strings), so one data line is the event.
            String frame = "id: " + event.position() + "\nevent: " + event.type() + "\ndata: " + serialised(event)
                    + "\n\n";
            synchronized (this) {
                framed.append(frame);
                framedEvents++;
            }
            if (writeScheduled.compareAndSet(false, true)) {
                if (context == null) {
                    write();
                } else {
                    context.runOnContext(ignored -> write());
                }
            }
            int events = unsent.incrementAndGet();
            long chars = unsentChars.addAndGet(frame.length());
            if (events >= MAX_UNSENT_EVENTS || chars >= MAX_UNSENT_CHARS) {
                subscription.pause();
                // The client may have read them all between the count and the pause: nobody else would resume.
                if (mayResume()) {
                    subscription.resume();
                }
            }
        }

        /** Once the client has read half of what it may have unsent, by count and by size. */
        private boolean mayResume() {
            return unsent.get() <= MAX_UNSENT_EVENTS / 2 && unsentChars.get() <= MAX_UNSENT_CHARS / 2;
        }

        /** Writes everything framed so far, as one buffer. */
        private void write() {
            writeScheduled.set(false);
            String text;
            int events;
            synchronized (this) {
                text = framed.toString();
                events = framedEvents;
                framed.setLength(0);
                framedEvents = 0;
            }
            if (events == 0) {
                return;
            }
            try {
                response.write(Buffer.buffer(text)).onComplete(written -> {
                    if (written.failed()) {
                        subscription.close();
                    } else {
                        unsent.addAndGet(-events);
                        unsentChars.addAndGet(-text.length());
                        if (mayResume()) {
                            subscription.resume();
                        }
                    }
                });
            } catch (IllegalStateException closedMeanwhile) {
                // The client went away: an ordinary end, not a consumer failure.
                subscription.close();
            }
        }
    }
}
