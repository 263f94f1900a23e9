package dev.toka.store;

import java.util.List;

/**
 * Hears about events after they are durably committed, in commit order.
 *
 * <p>A store calls its listener from one thread at a time, never before the commit, so a listener
 * never sees an event that could still be rolled back. The bus implements this SPI.
 */
public interface CommitListener {

    /** The events of one commit, ordered by position. Must not block for long. */
    void afterCommit(List<StoredEvent> events);
}
