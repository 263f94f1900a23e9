package dev.toka.bus;

import dev.toka.store.CommitListener;
import dev.toka.store.StoredEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Puts every committed event on the {@value #CHANNEL} channel, in commit order. The store calls it
 * only after a commit, so no consumer ever sees an event that could still roll back.
 */
@ApplicationScoped
public class CommittedEventPublisher implements CommitListener {

    /** The channel of committed events. */
    public static final String CHANNEL = "committed-events";

    private final Emitter<StoredEvent> emitter;

    public CommittedEventPublisher(
            @Channel(CHANNEL) @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<StoredEvent> emitter) {
        this.emitter = emitter;
    }

    @Override
    public void afterCommit(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            emitter.send(event);
        }
    }
}
