package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import dev.toka.store.ChainVerification;
import dev.toka.store.ChainVerifier;
import dev.toka.store.LogDefect;
import dev.toka.store.LogMigration;
import dev.toka.store.MigrationException;
import dev.toka.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The one write path besides the {@link Appender}: stores events that are already positioned,
 * timestamped and hashed, exactly as they are, for a log migration (docs/event-log.md, "Moving a log").
 *
 * <p>It bypasses the appender's decisions (idempotency, stream versions, hashing) because the events
 * were decided once, in the source. What keeps it honest: each batch must continue the target's
 * chain, checked by recomputing every hash before anything is written; the batch and the move of the
 * chain head are one transaction that moves the head only from where the batch started; and the
 * migration verifies the whole chain on the target before it reports success.
 */
public final class VerbatimCopy implements LogMigration.Target {

    private final Connection connection;

    /** Takes over a connection to a database migrated with the service's schema. */
    public VerbatimCopy(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    @Override
    public ChainHead head() {
        try {
            Optional<LogDefect> defect = LogShapeCheck.run(connection);
            if (defect.isPresent()) {
                throw new MigrationException("the target log is broken at position " + defect.get().position()
                        + ": " + defect.get().problem() + "; choose an empty target");
            }
            ChainHead head = readHead(EventsTable.HEAD);
            connection.commit();
            return head;
        } catch (SQLException e) {
            throw failed("reading the target's head", e);
        }
    }

    @Override
    public ChainHead append(ChainHead after, List<StoredEvent> events) {
        ChainVerifier verifier = new ChainVerifier(after);
        for (StoredEvent event : events) {
            if (!verifier.accept(event)) {
                throw new MigrationException("the source's chain breaks at position "
                        + verifier.result().firstBadPosition().getAsLong() + "; nothing of that batch was written,"
                        + " the target holds positions 1.." + after.position());
            }
        }
        try {
            if (!readHead(EventsTable.LOCK_HEAD).equals(after)) {
                connection.rollback();
                throw new MigrationException("the target's head moved away from position " + after.position()
                        + " during the migration: something else writes to it");
            }
            try (PreparedStatement insert = connection.prepareStatement(EventsTable.INSERT)) {
                for (StoredEvent event : events) {
                    EventsTable.bindInsert(insert, event, MetadataJson.write(event.metadata()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            ChainHead last = verifier.result().head();
            try (PreparedStatement move = connection.prepareStatement(EventsTable.MOVE_HEAD)) {
                move.setLong(1, last.position());
                move.setString(2, last.hash());
                move.setLong(3, after.position());
                move.setString(4, after.hash());
                move.executeUpdate();
            }
            connection.commit();
            return last;
        } catch (SQLException e) {
            rollbackQuietly();
            throw failed("writing positions " + (after.position() + 1) + ".." + (after.position() + events.size()), e);
        }
    }

    @Override
    public ChainVerification verify() {
        try {
            ChainVerification result = ChainVerifier.verify(readHead(EventsTable.HEAD),
                    (from, limit) -> EventsTable.readPage(connection, from, limit));
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw failed("verifying the target", e);
        }
    }

    @Override
    public void close() {
        rollbackQuietly();
        try {
            connection.close();
        } catch (SQLException e) {
            // Every batch was committed or rolled back already.
        }
    }

    private ChainHead readHead(String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the chain_head row is missing");
            }
            return new ChainHead(row.getLong(1), row.getString(2));
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection is gone; the database rolls the open transaction back itself.
        }
    }

    private static MigrationException failed(String what, SQLException e) {
        return new MigrationException(what + " failed: " + e.getMessage(), e);
    }
}
