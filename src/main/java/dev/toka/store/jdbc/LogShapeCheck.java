package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import dev.toka.store.LogDefect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The check of the log's shape: positions 1..n with no gap, and the last row is the chain head. It does not
 * recompute hashes: that is {@code verify}'s job.
 *
 * <p>At start ({@link #sinceCheckpoint}) it counts only the rows after an anchor: the newer of the contiguous
 * checkpoint (where the last start found the positions contiguous) and the verified checkpoint (where a verify
 * found the chain intact), as long as the log still holds the anchor's hash at its position. Everything else is an
 * index probe (the head row, the first and last positions, the anchor's row), so a start costs the rows written
 * since the last start, not the log. Positions before the anchor were proved contiguous once; a row removed from
 * them afterwards is not seen here but by {@code verify?from=start} and by any consumer that reaches it
 * (docs/event-log.md, "The start-up check costs the rows written since the last start"). Only a log found
 * broken pays for the search of its first gap.
 */
final class LogShapeCheck {

    // One statement, so the head and the rows are read at one moment even while another instance appends.
    private static final String SHAPE = "SELECT h.global_position, h.hash,"
            + " (SELECT MIN(global_position) FROM events),"
            + " (SELECT MAX(global_position) FROM events),"
            + " (SELECT e.hash FROM events e WHERE e.global_position = (SELECT MAX(global_position) FROM events)),"
            + " (SELECT COUNT(*) FROM events WHERE global_position > ?)"
            + " FROM chain_head h WHERE h.id = 1";
    // The newest checkpoint whose row the log still holds, hash and all; NULL when there is none.
    private static final String ANCHOR = "SELECT MAX(c.global_position) FROM ("
            + "SELECT global_position, hash FROM contiguous_checkpoint WHERE id = 1"
            + " UNION ALL SELECT global_position, hash FROM verified_checkpoint WHERE id = 1) c"
            + " WHERE EXISTS (SELECT 1 FROM events e WHERE e.global_position = c.global_position AND e.hash = c.hash)";
    // Only forward: two instances starting at once never move it back.
    private static final String RECORD = "UPDATE contiguous_checkpoint SET global_position = ?, hash = ?,"
            + " checked_at = ? WHERE id = 1 AND global_position < ?";
    // The first position after which the next one is missing, below the last row.
    private static final String FIRST_GAP = "SELECT MIN(e.global_position) + 1 FROM events e"
            + " WHERE e.global_position < ? AND NOT EXISTS"
            + " (SELECT 1 FROM events n WHERE n.global_position = e.global_position + 1)";

    private LogShapeCheck() {}

    /** The first defect of the whole log on {@code connection}, if any; it counts every row. */
    static Optional<LogDefect> run(Connection connection) throws SQLException {
        return check(connection, 0).defect();
    }

    /**
     * The start-up check: the rows after the anchor counted, the rest probed; a log found intact records its last
     * row as the contiguous checkpoint, stamped {@code recordAt} (none: it writes nothing). A defect is looked for
     * again over the whole log, so the one named is the first, wherever it lies.
     */
    static Optional<LogDefect> sinceCheckpoint(Connection connection, Optional<OffsetDateTime> recordAt)
            throws SQLException {
        long anchor = anchor(connection);
        Shape shape = check(connection, anchor);
        if (shape.defect().isPresent()) {
            return anchor == 0 ? shape.defect() : run(connection);
        }
        if (recordAt.isPresent() && shape.head().position() > anchor) {
            try (PreparedStatement statement = connection.prepareStatement(RECORD)) {
                statement.setLong(1, shape.head().position());
                statement.setString(2, shape.head().hash());
                statement.setObject(3, recordAt.get());
                statement.setLong(4, shape.head().position());
                statement.executeUpdate();
            }
        }
        return Optional.empty();
    }

    private static long anchor(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(ANCHOR);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getLong(1) : 0; // SQL NULL reads as 0: no anchor
        }
    }

    /** What one check found: the head it compared against, and the first defect after {@code anchor}. */
    private record Shape(ChainHead head, Optional<LogDefect> defect) {}

    private static Shape check(Connection connection, long anchor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SHAPE)) {
            statement.setLong(1, anchor);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("the chain_head row is missing");
                }
                ChainHead head = new ChainHead(row.getLong(1), row.getString(2));
                return new Shape(head, defect(connection, head, anchor, row.getLong(3), row.getLong(4),
                        row.getString(5), row.getLong(6)));
            }
        }
    }

    private static Optional<LogDefect> defect(Connection connection, ChainHead head, long anchor, long first,
            long last, String lastHash, long countAfterAnchor) throws SQLException {
        if (last == 0) {
            return head.position() == 0 ? Optional.empty() : Optional.of(new LogDefect(1,
                    "the events table is empty, but the chain head records position " + head.position()));
        }
        if (first != 1) {
            return Optional.of(new LogDefect(1, "position 1 is missing; the first stored event is at " + first));
        }
        if (countAfterAnchor != last - anchor) {
            long gap = firstGap(connection, last);
            return Optional.of(new LogDefect(gap, "position " + gap + " is missing; " + (anchor + countAfterAnchor)
                    + " events are stored up to position " + last));
        }
        if (last < head.position()) {
            return Optional.of(new LogDefect(last + 1, "position " + (last + 1) + " is missing; the chain head"
                    + " records position " + head.position() + " (hash " + head.hash()
                    + "), but the last stored event is at " + last));
        }
        if (last > head.position()) {
            return Optional.of(new LogDefect(head.position() + 1, "events are stored past the chain head at "
                    + head.position() + ", up to position " + last + "; something wrote without moving the head"));
        }
        if (!head.hash().equals(lastHash)) {
            return Optional.of(new LogDefect(last, "the event at position " + last + " has hash " + lastHash
                    + ", but the chain head records " + head.hash()));
        }
        return Optional.empty();
    }

    private static long firstGap(Connection connection, long last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIRST_GAP)) {
            statement.setLong(1, last);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
