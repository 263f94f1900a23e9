package dev.toka.security;

import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.store.EventStore;
import dev.toka.store.EventCodec;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the audit trail (admin only), filtered and paged. */
@Singleton
public class AuditQueries {

    /** Most entries one page may hold. */
    public static final int MAX_PAGE = 1_000;

    private static final int SCAN = 1_000;

    private final EventStore store;
    private final EventCodec codec;
    private final SecurityPolicyCoordinator security;

    AuditQueries(EventStore store, EventCodec codec, SecurityPolicyCoordinator security) {
        this.store = store;
        this.codec = codec;
        this.security = security;
    }

    /**
     * Which entries to return; empty filters match everything.
     *
     * @param principal Only entries of this principal.
     * @param action    Only entries of this action.
     * @param decision  Only {@code allow} or only {@code deny}.
     */
    public record Filter(Optional<String> principal, Optional<String> action, Optional<String> decision) {

        boolean matches(AuditRecorded entry) {
            return principal.map(entry.principal()::equals).orElse(true)
                    && action.map(entry.action()::equals).orElse(true)
                    && decision.map(entry.decision()::equals).orElse(true);
        }
    }

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

    /** Matching entries from global position {@code from} on, scanning until the page is full or the log ends. */
    public Page page(Caller caller, Filter filter, long from, int limit) {
        security.requirePermission(caller, Permissions.ADMIN);
        List<Entry> matching = new ArrayList<>();
        long next = Math.max(1, from);
        while (matching.size() < limit) {
            List<StoredEvent> scanned = store.readStream(SecurityEvents.AUDIT_STREAM, next, SCAN);
            for (StoredEvent event : scanned) {
                next = event.position() + 1;
                AuditRecorded entry = codec.decode(event, AuditRecorded.class).orElse(null);
                if (entry != null && filter.matches(entry)) {
                    matching.add(new Entry(event.position(), event.recordedAt(), entry));
                    if (matching.size() == limit) {
                        return new Page(matching, next);
                    }
                }
            }
            if (scanned.size() < SCAN) {
                break;
            }
        }
        return new Page(matching, next);
    }
}
