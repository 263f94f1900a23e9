package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import dev.toka.store.LogDefect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The start-up check of the log's shape: positions 1..n with no gap, and the last row is the chain
 * head. It costs one statement on the primary key and the head row (plus a count), whatever the size
 * of the log; only a log found broken pays for the search of its first gap. It does not recompute
 * hashes: that is {@code verify}'s job.
 */
final class LogShapeCheck {

    // One statement, so the head and the rows are read at one moment even while another instance appends.
    private static final String SHAPE = "SELECT h.global_position, h.hash,"
            + " (SELECT COUNT(*) FROM events),"
            + " (SELECT MIN(global_position) FROM events),"
            + " (SELECT MAX(global_position) FROM events),"
            + " (SELECT e.hash FROM events e WHERE e.global_position = (SELECT MAX(global_position) FROM events))"
            + " FROM chain_head h WHERE h.id = 1";
    // The first position after which the next one is missing, below the last row.
    private static final String FIRST_GAP = "SELECT MIN(e.global_position) + 1 FROM events e"
            + " WHERE e.global_position < ? AND NOT EXISTS"
            + " (SELECT 1 FROM events n WHERE n.global_position = e.global_position + 1)";

    private LogShapeCheck() {}

    /** The first defect of the log on {@code connection}, if any. */
    static Optional<LogDefect> run(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SHAPE);
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the chain_head row is missing");
            }
            ChainHead head = new ChainHead(row.getLong(1), row.getString(2));
            long count = row.getLong(3);
            long first = row.getLong(4);
            long last = row.getLong(5);
            String lastHash = row.getString(6);
            if (count == 0) {
                return head.position() == 0 ? Optional.empty() : Optional.of(new LogDefect(1,
                        "the events table is empty, but the chain head records position " + head.position()));
            }
            if (first != 1) {
                return Optional.of(new LogDefect(1, "position 1 is missing; the first stored event is at " + first));
            }
            if (count != last) {
                long gap = firstGap(connection, last);
                return Optional.of(new LogDefect(gap, "position " + gap + " is missing; " + count
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
