package dev.toka.store;

import java.util.Objects;

/**
 * One event type: the name it is stored under, declared once, and the record it is read back as.
 * The name is data, not the class's name: renaming or moving the record never changes what the log
 * holds, and a log written before the rename replays unchanged.
 *
 * @param name The stored type name, 1 to {@value NewEvent#MAX_TYPE_LENGTH} characters.
 * @param type The record the payload is read as.
 * @param <T>  The record.
 */
public record EventType<T>(String name, Class<T> type) {

    public EventType {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isBlank() || name.length() > NewEvent.MAX_TYPE_LENGTH) {
            throw new IllegalArgumentException("the stored name of " + type.getName() + " must be 1.."
                    + NewEvent.MAX_TYPE_LENGTH + " characters");
        }
    }

    /** The type {@code type} stored as {@code name}. */
    public static <T> EventType<T> of(String name, Class<T> type) {
        return new EventType<>(name, type);
    }
}
