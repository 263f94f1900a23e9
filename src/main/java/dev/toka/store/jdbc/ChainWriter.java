package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch of appends to the chain in one transaction, on one connection it keeps.
 *
 * <p>Only one writer at a time may extend the chain, and the {@code chain_head} row is what
 * serialises them, across threads and service instances. A batch takes one of two paths to it:
 * <ul>
 *   <li><b>On the known head</b>, the common case: this writer plans the batch against the head it
 *       last committed and the stream versions it knows, without looking the event ids up, then moves
 *       the head with a conditional {@code UPDATE} that matches only if the row still holds that head,
 *       inserts, and commits: three round trips. The update takes the row lock, so once it has matched,
 *       nobody else can append until the commit, and the known head and versions were the true ones.
 *   <li><b>Under the head lock</b>, today's full path: lock the row with {@code SELECT … FOR UPDATE},
 *       look up which event ids are stored (idempotency), read the versions the cache lacks, insert,
 *       move the head, commit. A batch takes it when nothing is known (first batch, after a failure),
 *       when the head has moved (another instance appended: the known head and versions are dropped),
 *       and whenever the plan without the lookup could be wrong about a retry: it has a version
 *       conflict (which may be a retry of stored ids) or its insert hits a unique index (a retried id
 *       with {@link dev.toka.store.ExpectedVersion#any()}). So a retry always gets its stored events
 *       back, as it would have under the lock.
 * </ul>
 * Both plan with the same {@link BatchPlan}; they differ only in where the head and the stored ids
 * come from. Used by the appender thread only.
 */
final class ChainWriter implements AutoCloseable {

    private final Connection connection;
    private final Clock clock;
    private final StreamVersionCache known = new StreamVersionCache();
    // Prepared once and reused: drivers then keep the parsed statements (server-side on PostgreSQL).
    private final PreparedStatement lockHead;
    private final PreparedStatement findStoredIds;
    private final PreparedStatement selectById;
    private final PreparedStatement selectVersions;
    private final PreparedStatement selectVersion;
    private final PreparedStatement insert;
    private final PreparedStatement moveHead;

    ChainWriter(Connection connection, Clock clock) throws SQLException {
        this.connection = connection;
        this.clock = clock;
        connection.setAutoCommit(false);
        lockHead = connection.prepareStatement(EventsTable.LOCK_HEAD);
        findStoredIds = connection.prepareStatement(EventsTable.FIND_STORED_IDS);
        selectById = connection.prepareStatement(EventsTable.SELECT_BY_ID);
        selectVersions = connection.prepareStatement(EventsTable.STREAM_VERSIONS);
        selectVersion = connection.prepareStatement(EventsTable.STREAM_VERSION);
        insert = connection.prepareStatement(EventsTable.INSERT);
        moveHead = connection.prepareStatement(EventsTable.MOVE_HEAD);
    }

    /**
     * Decides and writes every request of the batch in one transaction and commits it.
     *
     * <p>A request whose event ids are stored already gets those events back and writes nothing; a
     * request whose expected version does not match fails alone. On an exception the transaction
     * is rolled back and nothing of the batch is written.
     */
    Commit write(List<AppendRequest> batch) throws SQLException {
        try {
            Commit commit = writeOnKnownHead(batch);
            return commit != null ? commit : writeUnderLock(batch);
        } catch (SQLException | RuntimeException e) {
            known.invalidate();
            abandon(e);
            throw e;
        }
    }

    /** The current version of one stream, read in a transaction of its own. */
    long streamVersion(String streamId) throws SQLException {
        try {
            selectVersion.setString(1, streamId);
            try (ResultSet row = selectVersion.executeQuery()) {
                row.next();
                long version = row.getLong(1);
                return row.wasNull() ? ExpectedVersion.NO_STREAM_VERSION : version;
            }
        } finally {
            connection.rollback();
        }
    }

    /**
     * The common case: plans against the known head without the id lookup, and writes if the head is
     * still there. Returns {@code null}, with nothing written, when the batch needs the full path.
     */
    private Commit writeOnKnownHead(List<AppendRequest> batch) throws SQLException {
        ChainHead head = known.head();
        if (head == null) {
            return null;
        }
        // Without the lookup, the plan only knows the ids that the batch itself stores.
        BatchPlan plan = plan(batch, head, new HashMap<>());
        if (plan.hasConflicts() || plan.rows().isEmpty()) {
            // A conflict may be a retry of stored ids, which must get them back: only the lookup can
            // tell. (Without conflicts, only an empty batch writes nothing; the full path leaves the head.)
            return null;
        }
        if (!moveHead(head, plan)) {
            // Another writer has appended since this one's last commit: what it knows is stale.
            rollback();
            known.invalidate();
            return null;
        }
        try {
            insert(plan);
        } catch (SQLException e) {
            if (!SqlErrors.isIntegrityViolation(e)) {
                throw e;
            }
            // Most likely a retried event id; the head was confirmed, so what this writer knows stays.
            rollback();
            return null;
        }
        return commit(plan);
    }

    /** The full path: under the head lock, with the lookup of stored ids. */
    private Commit writeUnderLock(List<AppendRequest> batch) throws SQLException {
        ChainHead head = lockHead();
        known.alignTo(head);
        BatchPlan plan = plan(batch, head, storedEvents(batch));
        if (!plan.rows().isEmpty()) {
            if (!moveHead(head, plan)) {
                throw new IllegalStateException("chain_head changed while this writer held its lock");
            }
            insert(plan);
        }
        return commit(plan);
    }

    private ChainHead lockHead() throws SQLException {
        try (ResultSet head = lockHead.executeQuery()) {
            if (!head.next()) {
                throw new SQLException("chain_head has no row: the schema is not migrated", "55000");
            }
            return new ChainHead(head.getLong(1), head.getString(2));
        }
    }

    private BatchPlan plan(List<AppendRequest> batch, ChainHead head, Map<UUID, StoredEvent> stored)
            throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        BatchPlan plan = new BatchPlan(head, stored, streamVersions(batch), now);
        batch.forEach(plan::decide);
        return plan;
    }

    /**
     * Moves the head from {@code from} to the plan's end, if the row still holds {@code from}; this
     * takes the row lock. On PostgreSQL and H2 an update that waits for another writer's lock checks
     * its condition again on the row that writer committed.
     */
    private boolean moveHead(ChainHead from, BatchPlan plan) throws SQLException {
        ChainHead to = plan.head();
        moveHead.setLong(1, to.position());
        moveHead.setString(2, to.hash());
        moveHead.setLong(3, from.position());
        moveHead.setString(4, from.hash());
        return moveHead.executeUpdate() == 1;
    }

    private void insert(BatchPlan plan) throws SQLException {
        for (BatchPlan.Row row : plan.rows()) {
            EventsTable.bindInsert(insert, row.event(), row.metadataJson());
            insert.addBatch();
        }
        insert.executeBatch();
    }

    private Commit commit(BatchPlan plan) throws SQLException {
        connection.commit();
        known.committed(plan.streamVersions(), plan.head());
        List<StoredEvent> written = plan.rows().stream().map(BatchPlan.Row::event).toList();
        return new Commit(written, plan.outcomes(), plan.head().position());
    }

    /**
     * The already stored events among the batch's event ids, by id: one query for the whole batch,
     * and one more per id found, which only retries cause.
     */
    private Map<UUID, StoredEvent> storedEvents(List<AppendRequest> batch) throws SQLException {
        List<UUID> ids = new ArrayList<>(batch.size());
        for (AppendRequest request : batch) {
            for (PendingEvent event : request.events()) {
                ids.add(event.eventId());
            }
        }
        findStoredIds.setArray(1, connection.createArrayOf(EventsTable.UUID_ARRAY, ids.toArray()));
        List<UUID> found = new ArrayList<>(0);
        try (ResultSet rows = findStoredIds.executeQuery()) {
            while (rows.next()) {
                found.add(rows.getObject(1, UUID.class));
            }
        }
        Map<UUID, StoredEvent> stored = new HashMap<>();
        for (UUID id : found) {
            selectById.setObject(1, id);
            try (ResultSet row = selectById.executeQuery()) {
                row.next();
                stored.put(id, EventsTable.readEvent(row));
            }
        }
        return stored;
    }

    /** The version of every stream of the batch: from the cache, the rest in one query. */
    private Map<String, Long> streamVersions(List<AppendRequest> batch) throws SQLException {
        Map<String, Long> current = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (AppendRequest request : batch) {
            Long cached = known.get(request.streamId());
            if (cached != null) {
                current.put(request.streamId(), cached);
            } else {
                unknown.add(request.streamId());
            }
        }
        if (!unknown.isEmpty()) {
            selectVersions.setArray(1, connection.createArrayOf(EventsTable.VARCHAR_ARRAY, unknown.toArray()));
            try (ResultSet rows = selectVersions.executeQuery()) {
                while (rows.next()) {
                    String streamId = rows.getString(1);
                    long version = rows.getLong(2);
                    current.put(streamId, rows.wasNull() ? ExpectedVersion.NO_STREAM_VERSION : version);
                }
            }
        }
        return current;
    }

    /** Drops the half-built transaction; failures here ride along on the one that caused it. */
    private void abandon(Exception cause) {
        try {
            rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private void rollback() throws SQLException {
        insert.clearBatch();
        connection.rollback();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing more to do with a connection that cannot even be closed.
        }
    }

    /**
     * What one committed transaction did.
     *
     * @param written  The events inserted, in position order.
     * @param outcomes One outcome per request, in batch order.
     * @param head     The chain head position after the commit.
     */
    record Commit(List<StoredEvent> written, List<BatchPlan.Outcome> outcomes, long head) {}
}
