package dev.toka.store;

import java.util.List;

/**
 * The event types one layer writes to the log. Each layer contributes one CDI bean, and
 * {@link EventRegistry} gathers them: the store stays at the bottom and knows none of them by class,
 * and nothing scans the class path.
 */
public interface EventTypes {

    /** The layer's event types, each with its stored name. */
    List<EventType<?>> types();
}
