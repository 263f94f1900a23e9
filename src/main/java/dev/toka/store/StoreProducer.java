package dev.toka.store;

import dev.toka.store.memory.InMemoryEventStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Chooses the event store backend from {@link StoreConfig#backend()}. (Interim: memory only until the JDBC store lands.) */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @ApplicationScoped
    EventStore eventStore(StoreConfig config, CommitListener listener, Clock clock) {
        return new InMemoryEventStore(listener, clock);
    }
}
