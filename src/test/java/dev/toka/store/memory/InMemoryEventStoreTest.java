package dev.toka.store.memory;

import dev.toka.store.CommitListener;
import dev.toka.store.EventStore;
import dev.toka.store.EventStoreContractTest;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The contract, on the in-memory store. */
class InMemoryEventStoreTest extends EventStoreContractTest {

    @Override
    protected EventStore createStore(CommitListener listener) {
        return new InMemoryEventStore(listener, CLOCK);
    }

    @Override
    @Test
    @Disabled("the in-memory log can only be reached through the store's API, which cannot change an event")
    protected void verifyNamesThePositionOfAChangedPayload() {}
}
