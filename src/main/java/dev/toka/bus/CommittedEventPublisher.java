package dev.toka.bus;

import dev.toka.store.CommitListener;
import dev.toka.store.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Announces every committed event, in commit order. The store calls it only after a commit, so no
 * consumer ever sees an event that could still roll back.
 *
 * <p>Each event goes two ways: at once to this instance's {@link EventFeed} followers, on the
 * committing thread, so an appender's caller finds the world state already updated when its append
 * returns; and onto the {@value #CHANNEL} messaging channel, the bus that carries events beyond this
 * thread (and, with a Kafka connector, beyond this instance). The feed delivers each position once,
 * so the event that comes back over the channel is recognised and skipped.
 */
// Application-scoped, unlike Toka's other beans: its client proxy defers creating it until the first
// commit, when the messaging channel is wired, and breaks the cycle store -> listener -> feed -> store.
@ApplicationScoped
public class CommittedEventPublisher implements CommitListener {

    /** The channel of committed events. */
    public static final String CHANNEL = "committed-events";

    private final EventFeed feed;
    private final Emitter<StoredEvent> emitter;

    public CommittedEventPublisher(
            EventFeed feed,
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<StoredEvent> emitter) {
        this.feed = feed;
        this.emitter = emitter;
    }

    @Override
    public void afterCommit(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            feed.onCommitted(event);
            emitter.send(event);
        }
    }
}
