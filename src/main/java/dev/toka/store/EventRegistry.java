package dev.toka.store;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every event type of this version of Toka, by stored name and by record class, gathered from the
 * layers' {@link EventTypes} beans. Built at start, where it refuses a name declared by two classes and
 * a class declared under two names, so no two layers can claim one name and no event has two.
 */
@Startup
@Singleton
public class EventRegistry {

    private final Map<String, Class<?>> byName = new HashMap<>();
    private final Map<Class<?>, String> byClass = new HashMap<>();

    @Inject
    EventRegistry(Instance<EventTypes> layers) {
        this(layers.stream().flatMap(layer -> layer.types().stream()).toList());
    }

    /**
     * A registry of exactly {@code types}.
     *
     * @throws IllegalStateException when two classes share a name or one class has two names
     */
    public EventRegistry(Collection<EventType<?>> types) {
        for (EventType<?> type : types) {
            Class<?> other = byName.putIfAbsent(type.name(), type.type());
            if (other != null && other != type.type()) {
                throw new IllegalStateException("two event types are stored as '" + type.name() + "': "
                        + other.getName() + " and " + type.type().getName() + "; a stored name belongs to one class");
            }
            String otherName = byClass.putIfAbsent(type.type(), type.name());
            if (otherName != null && !otherName.equals(type.name())) {
                throw new IllegalStateException("event type " + type.type().getName() + " is declared as both '"
                        + otherName + "' and '" + type.name() + "'; a class is stored under one name");
            }
        }
    }

    /**
     * The name events of {@code type} are stored under.
     *
     * @throws IllegalArgumentException when no layer declares it: an event is never stored under a name nobody reads
     */
    public String nameOf(Class<?> type) {
        String name = byClass.get(type);
        if (name == null) {
            throw new IllegalArgumentException(type.getName() + " is not a declared event type: add it, with its"
                    + " stored name, to its layer's EventTypes bean");
        }
        return name;
    }

    /** Every stored name this version reads. */
    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** The record events stored as {@code name} are read as, or empty when this version knows no such type. */
    public Optional<Class<?>> classOf(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
