package dev.toka.bus;

import dev.toka.store.CommitListener;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Consumer;

/**
 * The store's {@link CommitListener}: hands the events of each commit, on the committing thread, to the
 * {@link EventFeed} that registered for them.
 *
 * <p>It depends on nothing, so the store can depend on it while the feed depends on the store: the
 * graph is store → relay and feed → store, relay, with no cycle and no proxy to defer a bean's creation.
 * Events committed before a feed registers reach no one here; a feed's followers read them from the store.
 */
@Singleton
public class CommitRelay implements CommitListener {

    private volatile Consumer<List<StoredEvent>> target = events -> {};

    /** Where committed events go from now on: the events of one commit at a time, in position order. */
    void deliverTo(Consumer<List<StoredEvent>> target) {
        this.target = target;
    }

    @Override
    public void afterCommit(List<StoredEvent> events) {
        target.accept(events);
    }
}
