package dev.toka.readmodel;

import dev.toka.kernel.WorldState;
import dev.toka.security.AuditQueries;
import dev.toka.security.AuditQueries.Entry;
import dev.toka.security.AuditQueries.Filter;
import dev.toka.security.AuditQueries.Page;
import dev.toka.security.Caller;
import dev.toka.security.Permissions;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.security.SecurityPolicyCoordinator;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code GET /api/v1/audit}: the audit index finds the matching entries' positions, and each entry is read from
 * the log there, so a query costs its page rather than a scan of the whole audit trail.
 */
@Singleton
public class AuditListing {

    private final AuditIndex index;
    private final WorldState world;
    private final EventStore store;
    private final EventCodec codec;
    private final SecurityPolicyCoordinator security;

    AuditListing(AuditIndex index, WorldState world, EventStore store, EventCodec codec,
            SecurityPolicyCoordinator security) {
        this.index = index;
        this.world = world;
        this.store = store;
        this.codec = codec;
        this.security = security;
    }

    /**
     * Matching entries from global position {@code from} on, oldest first, as of at least the world state's
     * position when the call came in. {@code next} follows the last entry of a full page; after a page that is
     * not full, it follows the last audit entry of the trail, so polling from it finds only newer ones.
     */
    public Page page(Caller caller, Filter filter, long from, int limit) {
        security.requirePermission(caller, Permissions.ADMIN);
        index.awaitCommitted(world.position());
        Parameters parameters = Parameters.with("from", from);
        StringBuilder query = new StringBuilder("position >= :from");
        filter.principal().ifPresent(p -> match(query, parameters, "principal", p));
        filter.action().ifPresent(a -> match(query, parameters, "action", a));
        filter.decision().ifPresent(d -> match(query, parameters, "decision", d));
        List<AuditRow> rows = AuditRow.<AuditRow>find(query.toString(), Sort.ascending("position"), parameters)
                .page(0, limit).list();
        List<Entry> entries = rows.stream().map(row -> entryAt(row.position)).toList();
        long next = rows.size() == limit ? rows.get(rows.size() - 1).position + 1 : lastFrom(from) + 1;
        return new Page(entries, Math.max(from, next));
    }

    private static void match(StringBuilder query, Parameters parameters, String field, String value) {
        query.append(" and ").append(field).append(" = :").append(field);
        parameters.and(field, value);
    }

    private Entry entryAt(long position) {
        StoredEvent event = store.read(position, 1).get(0);
        AuditRecorded entry = codec.decode(event, AuditRecorded.class).orElseThrow(() -> new IllegalStateException(
                "the audit index points at position " + position + ", which holds no audit entry"));
        return new Entry(position, event.recordedAt(), entry);
    }

    /** The position of the trail's last entry from {@code from} on, or {@code from - 1} when there is none. */
    private static long lastFrom(long from) {
        Long last = AuditRow.find("select max(position) from AuditRow where position >= ?1", from)
                .project(Long.class).firstResult();
        return last == null ? from - 1 : last;
    }
}
