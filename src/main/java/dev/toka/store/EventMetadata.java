package dev.toka.store;

/**
 * Who caused an event and why: carried beside the payload and covered by the hash.
 *
 * @param principal     The subject that asked for the change ({@code admin}, an agent id, {@code system}).
 * @param causationId   The id of the event or request that caused this one, or {@code null}.
 * @param correlationId The id shared by every event of one conversation or run, or {@code null}.
 */
public record EventMetadata(String principal, String causationId, String correlationId) {

    public EventMetadata {
        if (principal == null || principal.isBlank()) {
            throw new IllegalArgumentException("principal must not be blank");
        }
    }

    /** Metadata for an event caused by {@code principal} with no causation or correlation. */
    public static EventMetadata of(String principal) {
        return new EventMetadata(principal, null, null);
    }
}
