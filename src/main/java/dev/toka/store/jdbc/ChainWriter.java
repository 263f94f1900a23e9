package dev.toka.store.jdbc;

import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch of appends to the chain in one transaction, on one connection it keeps.
 *
 * <p>Under the lock of the {@code chain_head} row, nobody else (no other thread, no other service
 * instance) can append, so the head position and hash read here are the true predecessors of
 * the batch, existence and version checks cannot be overtaken, and the positions handed out are
 * gap-free. Used by the appender thread only.
 */
final class ChainWriter implements AutoCloseable {

    private final Connection connection;
    private final Clock clock;
    private final StreamVersionCache versions = new StreamVersionCache();
    // Prepared once and reused: drivers then keep the parsed statements (server-side on PostgreSQL).
    private final PreparedStatement lockHead;
    private final PreparedStatement findStoredIds;
    private final PreparedStatement selectById;
    private final PreparedStatement selectVersions;
    private final PreparedStatement selectVersion;
    private final PreparedStatement insert;
    private final PreparedStatement updateHead;

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
        updateHead = connection.prepareStatement(EventsTable.UPDATE_HEAD);
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
            Commit commit = decideAndInsert(batch);
            connection.commit();
            versions.committed(commit.streamVersions(), commit.head());
            return commit;
        } catch (SQLException | RuntimeException e) {
            versions.invalidate();
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

    private Commit decideAndInsert(List<AppendRequest> batch) throws SQLException {
        long headPosition;
        String headHash;
        try (ResultSet head = lockHead.executeQuery()) {
            if (!head.next()) {
                throw new SQLException("chain_head has no row: the schema is not migrated", "55000");
            }
            headPosition = head.getLong(1);
            headHash = head.getString(2);
        }
        versions.alignTo(headPosition);
        BatchPlan plan = new BatchPlan(headPosition, headHash, storedEvents(batch), streamVersions(batch),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        List<BatchPlan.Outcome> outcomes = new ArrayList<>(batch.size());
        for (AppendRequest request : batch) {
            outcomes.add(plan.decide(request));
        }
        List<StoredEvent> written = new ArrayList<>(plan.rows().size());
        for (BatchPlan.Row row : plan.rows()) {
            EventsTable.bindInsert(insert, row.event(), row.metadataJson());
            insert.addBatch();
            written.add(row.event());
        }
        if (!written.isEmpty()) {
            insert.executeBatch();
            updateHead.setLong(1, plan.headPosition());
            updateHead.setString(2, plan.headHash());
            updateHead.executeUpdate();
        }
        return new Commit(
                Collections.unmodifiableList(written), outcomes, plan.streamVersions(), plan.headPosition());
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
            Long cached = versions.get(request.streamId());
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
            insert.clearBatch();
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
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
     * @param written        The events inserted, in position order.
     * @param outcomes       One outcome per request, in batch order.
     * @param streamVersions The version of every stream the batch touched, after the commit.
     * @param head           The chain head position after the commit.
     */
    record Commit(
            List<StoredEvent> written, List<BatchPlan.Outcome> outcomes, Map<String, Long> streamVersions, long head) {}
}
