package dev.toka.store.jdbc;

import dev.toka.store.MigrationException;
import dev.toka.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The SQL of the {@code events} and {@code chain_head} tables, and the mapping of an event row. */
final class EventsTable {

    private static final String COLUMNS =
            "global_position, stream_name, position, id, type, data, metadata, time, prev_hash, hash";

    static final String INSERT = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // A scalar subquery per id stays an index probe whatever the planner believes about the table's
    // size; "id = ANY (?)" may not: PostgreSQL can freeze a generic plan made while the table was
    // nearly empty, and then scan the whole table on every batch.
    static final String FIND_STORED_IDS = "SELECT n.id FROM UNNEST(?) AS n(id)"
            + " WHERE (SELECT e.global_position FROM events e WHERE e.id = n.id) IS NOT NULL";
    static final String SELECT_BY_ID = "SELECT " + COLUMNS + " FROM events WHERE id = ?";
    static final String READ =
            "SELECT " + COLUMNS + " FROM events WHERE global_position >= ? ORDER BY global_position LIMIT ?";
    // Within a stream, position grows with global_position: ordering by it uses events_stream.
    static final String READ_STREAM = "SELECT " + COLUMNS
            + " FROM events WHERE stream_name = ? AND global_position >= ? ORDER BY position LIMIT ?";
    static final String STREAM_VERSION = "SELECT MAX(position) FROM events WHERE stream_name = ?";
    static final String STREAM_VERSIONS = "SELECT n.stream_name,"
            + " (SELECT MAX(e.position) FROM events e WHERE e.stream_name = n.stream_name)"
            + " FROM UNNEST(?) AS n(stream_name)";
    static final String LOCK_HEAD = "SELECT global_position, hash FROM chain_head WHERE id = 1 FOR UPDATE";
    static final String HEAD_POSITION = "SELECT global_position FROM chain_head WHERE id = 1";
    static final String HEAD = "SELECT global_position, hash FROM chain_head WHERE id = 1";
    // Moves the head only from the head the writer planned against; it matches no row if another writer moved it.
    static final String MOVE_HEAD = "UPDATE chain_head SET global_position = ?, hash = ?"
            + " WHERE id = 1 AND global_position = ? AND hash = ?";

    /** SQL array element type names both H2 and PostgreSQL understand. */
    static final String UUID_ARRAY = "uuid";
    static final String VARCHAR_ARRAY = "varchar";

    private EventsTable() {}

    /** Binds the parameters of {@link #INSERT}. */
    static void bindInsert(PreparedStatement insert, StoredEvent event, String metadataJson) throws SQLException {
        insert.setLong(1, event.position());
        insert.setString(2, event.streamId());
        insert.setLong(3, event.streamVersion());
        insert.setObject(4, event.eventId());
        insert.setString(5, event.type());
        insert.setString(6, event.payload());
        insert.setString(7, metadataJson);
        insert.setObject(8, OffsetDateTime.ofInstant(event.recordedAt(), ZoneOffset.UTC));
        insert.setString(9, event.previousHash());
        insert.setString(10, event.hash());
    }

    /**
     * Reads a page of the log with {@link #READ} on a connection the caller holds (a migration's).
     *
     * @throws dev.toka.store.MigrationException when the database fails
     */
    static List<StoredEvent> readPage(Connection connection, long fromPosition, int limit) {
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setLong(1, fromPosition);
            statement.setInt(2, limit);
            List<StoredEvent> page = new ArrayList<>(limit);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(readEvent(rows));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new MigrationException("reading positions from " + fromPosition + " failed: " + e.getMessage(), e);
        }
    }

    /** Maps the current row of a query that selected the event columns. */
    static StoredEvent readEvent(ResultSet row) throws SQLException {
        return new StoredEvent(
                row.getLong(1),
                row.getString(2),
                row.getLong(3),
                row.getObject(4, UUID.class),
                row.getString(5),
                row.getString(6),
                MetadataJson.read(row.getString(7)),
                row.getObject(8, OffsetDateTime.class).toInstant(),
                row.getString(9),
                row.getString(10));
    }
}
