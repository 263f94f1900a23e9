package dev.toka.store.jdbc;

import dev.toka.store.BesideTheLog;
import dev.toka.store.ChainHead;
import dev.toka.store.EventStoreException;
import dev.toka.store.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Snapshots ({@code projection_snapshots}) and the verified checkpoint ({@code verified_checkpoint}) on the
 * log's database, in tables of their own: neither is an event, and plain JDBC like the log itself.
 */
public final class JdbcSnapshots implements BesideTheLog {

    private static final String LATEST = "SELECT format_version, global_position, hash, event_types, payload, mac"
            + " FROM projection_snapshots WHERE projection = ?";
    private static final String DELETE = "DELETE FROM projection_snapshots WHERE projection = ?";
    private static final String INSERT = "INSERT INTO projection_snapshots (projection, format_version,"
            + " global_position, hash, event_types, payload, mac, taken_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CHECKPOINT = "SELECT global_position, hash FROM verified_checkpoint WHERE id = 1";
    // Only forward: a check of an older head (two checks racing) never moves the checkpoint back.
    private static final String ADVANCE = "UPDATE verified_checkpoint SET global_position = ?, hash = ?,"
            + " verified_at = ? WHERE id = 1 AND global_position < ?";

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcSnapshots(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Optional<Snapshot> latest(String projection) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(LATEST)) {
            statement.setString(1, projection);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String types = row.getString(4);
                return Optional.of(new Snapshot(projection, row.getInt(1), row.getLong(2), row.getString(3),
                        types.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(types.split("\n"))), row.getString(5),
                        row.getString(6)));
            }
        } catch (SQLException e) {
            throw new EventStoreException("Reading the snapshot of " + projection + " failed: " + e.getMessage(), e);
        }
    }

    /** Replaces the projection's row in one transaction, so a reader sees the old snapshot or the new one. */
    @Override
    public void save(Snapshot snapshot) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement(DELETE);
                    PreparedStatement insert = connection.prepareStatement(INSERT)) {
                delete.setString(1, snapshot.projection());
                delete.executeUpdate();
                insert.setString(1, snapshot.projection());
                insert.setInt(2, snapshot.version());
                insert.setLong(3, snapshot.position());
                insert.setString(4, snapshot.hash());
                insert.setString(5, String.join("\n", new TreeSet<>(snapshot.eventTypes())));
                insert.setString(6, snapshot.payload());
                insert.setString(7, snapshot.mac());
                insert.setObject(8, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EventStoreException("Saving the snapshot of " + snapshot.projection() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String projection) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setString(1, projection);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("Deleting the snapshot of " + projection + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ChainHead> last() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(CHECKPOINT);
                ResultSet row = statement.executeQuery()) {
            return row.next() && row.getLong(1) > 0
                    ? Optional.of(new ChainHead(row.getLong(1), row.getString(2)))
                    : Optional.empty();
        } catch (SQLException e) {
            throw new EventStoreException("Reading the verified checkpoint failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void record(ChainHead verified) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(ADVANCE)) {
            statement.setLong(1, verified.position());
            statement.setString(2, verified.hash());
            statement.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            statement.setLong(4, verified.position());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreException("Recording the verified checkpoint failed: " + e.getMessage(), e);
        }
    }
}
