package dev.toka.security;

import dev.toka.security.SecurityEvents.AuditRecorded;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The shapes of an audit trail query (admin only): its filter and its page. The audit index read model answers
 * it ({@code dev.toka.readmodel.AuditListing}), reading each entry it finds from the log.
 */
public final class AuditQueries {

    /** Most entries one page may hold. */
    public static final int MAX_PAGE = 1_000;

    private AuditQueries() {}

    /**
     * Which entries to return; empty filters match everything.
     *
     * @param principal Only entries of this principal.
     * @param action    Only entries of this action.
     * @param decision  Only {@code allow} or only {@code deny}.
     */
    public record Filter(Optional<String> principal, Optional<String> action, Optional<String> decision) {}

    /**
     * One audit entry with its place in the log.
     *
     * @param position   The global position.
     * @param recordedAt When it was recorded.
     * @param entry      The entry.
     */
    public record Entry(long position, Instant recordedAt, AuditRecorded entry) {}

    /**
     * A page of entries.
     *
     * @param entries The matching entries, oldest first.
     * @param next    The {@code from} of the next page.
     */
    public record Page(List<Entry> entries, long next) {}
}
