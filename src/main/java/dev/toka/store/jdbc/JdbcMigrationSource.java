package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import dev.toka.store.LogDefect;
import dev.toka.store.LogMigration;
import dev.toka.store.MigrationException;
import dev.toka.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A database log as a migration's source, read in one read-only, repeatable-read transaction: the
 * database refuses any write on it, and every page comes from the same snapshot, up to the chain head
 * read first, even if a service still appends to a shared PostgreSQL log meanwhile.
 */
public final class JdbcMigrationSource implements LogMigration.Source {

    private final Connection connection;
    private final ChainHead head;

    /**
     * Takes over a connection and checks the log's shape (cheap; hashes are checked as events are copied).
     *
     * @throws MigrationException when the source log is broken
     */
    public JdbcMigrationSource(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        Optional<LogDefect> defect = LogShapeCheck.run(connection);
        if (defect.isPresent()) {
            close();
            throw new MigrationException("the source log is broken at position " + defect.get().position() + ": "
                    + defect.get().problem());
        }
        try (PreparedStatement statement = connection.prepareStatement(EventsTable.HEAD);
                ResultSet row = statement.executeQuery()) {
            row.next();
            head = new ChainHead(row.getLong(1), row.getString(2));
        }
    }

    @Override
    public Optional<ChainHead> head() {
        return Optional.of(head);
    }

    @Override
    public List<StoredEvent> read(long fromPosition, int limit) {
        return EventsTable.readPage(connection, fromPosition, limit);
    }

    @Override
    public void close() {
        try (connection) {
            connection.rollback();
        } catch (SQLException e) {
            // Nothing was written; a failing close of a read-only session changes nothing.
        }
    }
}
