package dev.toka.store.jdbc;

import dev.toka.DeadlineExceededException;
import dev.toka.store.ChainHead;
import dev.toka.store.CommitListener;
import dev.toka.store.EventStore;
import dev.toka.store.EventStoreException;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.LogDefect;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The {@link EventStore} on a relational database (H2 or PostgreSQL), with group commit.
 *
 * <p>Appends are queued and written by one appender thread that this store owns: it takes up to
 * {@code maxBatchSize} queued appends, decides them against the end of the single chain (event ids
 * already stored: idempotency; stream versions), hashes the new events, and in one transaction
 * moves the single {@code chain_head} row, inserts them with one JDBC batch and commits. Then it
 * tells the {@link CommitListener} and completes the callers' futures. An append that fails its
 * expected-version check fails alone; the others of its batch go on. How the head row serialises
 * writers, and when a batch takes the head lock and looks its ids up first, is in
 * {@code docs/event-log.md} and {@link ChainWriter}.
 *
 * <p>Plain JDBC, not Hibernate: the log is append-only and hash-chained, every row is written
 * once and never updated, and each batch is written in one statement batch inside a transaction
 * the appender controls. A unit-of-work ORM would add entity tracking, flush ordering and
 * per-entity inserts and gain nothing here, while a plain batched {@code INSERT} is faster.
 *
 * <p>Futures complete on the appender thread, so dependent stages that are not {@code …Async} run
 * there too: keep them short. Blocking on another append from that thread (or from the
 * listener) would wait forever, and {@link #append} refuses it.
 */
public final class JdbcEventStore implements EventStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JdbcEventStore.class);
    private static final int MAX_STREAM_NAME_LENGTH = 256;

    private final DataSource dataSource;
    private final Appender appender;
    private final boolean debug;
    private final Duration commitTimeout;
    private final Clock clock;

    /**
     * Creates the store and starts its appender thread.
     *
     * @param dataSource   The database, migrated with {@code db/migration/common} and its vendor folder.
     * @param listener     Hears of every commit, on the appender thread, in position order.
     * @param clock        Stamps each batch (truncated to microseconds).
     * @param maxBatchSize The most appends one transaction takes.
     * @param debug        Whether to log every operation at DEBUG.
     * @param commitTimeout How long an append may wait for its commit before its future fails with
     *                      {@link DeadlineExceededException}; the append itself may still commit later.
     */
    public JdbcEventStore(DataSource dataSource, CommitListener listener, Clock clock, int maxBatchSize,
            boolean debug, Duration commitTimeout) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, was " + maxBatchSize);
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.debug = debug;
        this.commitTimeout = Objects.requireNonNull(commitTimeout, "commitTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.appender = new Appender(dataSource, Objects.requireNonNull(listener, "listener"),
                clock, maxBatchSize, debug);
    }

    @Override
    public CompletableFuture<List<StoredEvent>> appendAsync(
            String streamId, ExpectedVersion expected, List<NewEvent> events) {
        CompletableFuture<List<StoredEvent>> result = new CompletableFuture<>();
        try {
            AppendRequest request = new AppendRequest(streamId, expected, pending(streamId, expected, events), result);
            if (debug) {
                LOG.debugf("append to %s, expected %s, ids %s", streamId, expected,
                        events.stream().map(NewEvent::eventId).toList());
            }
            appender.submit(request);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        // Every writer waits here, the kernel, the audit trail and the blocking appends alike: a database
        // that never answers must not hold any of them for ever.
        return result.orTimeout(commitTimeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(failure instanceof TimeoutException
                        ? new DeadlineExceededException("the event store did not commit within " + commitTimeout
                                + " (the database is slow or unreachable); the events may still be committed")
                        : failure));
    }

    @Override
    public List<StoredEvent> append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        if (appender.isAppenderThread()) {
            throw new IllegalStateException("append blocks on the appender thread itself; use appendAsync");
        }
        return EventStore.super.append(streamId, expected, events);
    }

    @Override
    public List<StoredEvent> read(long fromPosition, int limit) {
        return query(EventsTable.READ, statement -> {
            statement.setLong(1, fromPosition);
            statement.setInt(2, limit);
        }, fromPosition, limit);
    }

    @Override
    public List<StoredEvent> readStream(String streamId, long fromPosition, int limit) {
        return query(EventsTable.READ_STREAM, statement -> {
            statement.setString(1, streamId);
            statement.setLong(2, fromPosition);
            statement.setInt(3, limit);
        }, streamId, fromPosition, limit);
    }

    @Override
    public long streamVersion(String streamId) {
        return queryLong(EventsTable.STREAM_VERSION, ExpectedVersion.NO_STREAM_VERSION,
                statement -> statement.setString(1, streamId), streamId);
    }

    @Override
    public long headPosition() {
        return queryLong(EventsTable.HEAD_POSITION, 0, statement -> {});
    }

    @Override
    public ChainHead head() {
        debugSql(EventsTable.HEAD);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(EventsTable.HEAD);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? new ChainHead(row.getLong(1), row.getString(2)) : ChainHead.EMPTY;
        } catch (SQLException e) {
            throw new EventStoreException("Reading the event log failed: " + e.getMessage(), e);
        }
    }

    /**
     * The start-up check: whether the stored positions run from 1 without a gap and end at the chain
     * head, with its hash. It counts only the rows after the last checkpoint and probes the rest (see
     * {@link LogShapeCheck}), so it costs the rows written since, not the log; it recomputes no hash.
     *
     * @param record Whether an intact log records its end as the next start's checkpoint; a read-only
     *               service writes nothing
     * @return the first defect, or empty when the log has the shape its head promises
     */
    public Optional<LogDefect> findDefect(boolean record) {
        try (Connection connection = dataSource.getConnection()) {
            return LogShapeCheck.sinceCheckpoint(connection,
                    record ? Optional.of(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)) : Optional.empty());
        } catch (SQLException e) {
            throw new EventStoreException("Checking the event log failed: " + e.getMessage(), e);
        }
    }

    /** Stops taking appends, commits the queued ones, and stops the appender thread. */
    @Override
    public void close() {
        appender.close();
    }

    /** Checks the arguments and does the per-event work that needs no position, on the caller's thread. */
    private static List<PendingEvent> pending(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        if (streamId == null || streamId.isBlank() || streamId.length() > MAX_STREAM_NAME_LENGTH) {
            throw new IllegalArgumentException("streamId must be 1.." + MAX_STREAM_NAME_LENGTH + " characters");
        }
        Objects.requireNonNull(expected, "expected");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        List<PendingEvent> pending = new ArrayList<>(events.size());
        Set<UUID> ids = new HashSet<>();
        for (NewEvent event : events) {
            if (!ids.add(event.eventId())) {
                throw new IllegalArgumentException("event id " + event.eventId() + " appears twice in one append");
            }
            pending.add(PendingEvent.of(event));
        }
        return pending;
    }

    private List<StoredEvent> query(String sql, Binder binder, Object... arguments) {
        debugSql(sql, arguments);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(EventsTable.readEvent(rows));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new EventStoreException("Reading the event log failed: " + e.getMessage(), e);
        }
    }

    /** Runs a query of one number; SQL NULL or no row gives {@code absent}. */
    private long queryLong(String sql, long absent, Binder binder, Object... arguments) {
        debugSql(sql, arguments);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return absent;
                }
                long value = row.getLong(1);
                return row.wasNull() ? absent : value;
            }
        } catch (SQLException e) {
            throw new EventStoreException("Reading the event log failed: " + e.getMessage(), e);
        }
    }

    private void debugSql(String sql, Object... arguments) {
        if (debug) {
            LOG.debugf("%s %s", sql, List.of(arguments));
        }
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
