package dev.toka.store.jdbc;

import dev.toka.store.CommitListener;
import dev.toka.store.EventStoreException;
import dev.toka.store.WrongExpectedVersionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The group commit: one thread that drains queued appends and commits each batch in one transaction.
 *
 * <p>Throughput scales with the batch size instead of with the number of commits: while one batch
 * commits, the next one gathers in the queue. The thread keeps one connection, and replaces it
 * after a failure. After each commit it first tells the {@link CommitListener}, then completes the
 * callers' futures, so a completed append has always been announced.
 *
 * <p>The {@link ChainWriter} commits a batch in three round trips when no other writer has
 * appended since its last commit; otherwise, and whenever an append of the batch may be a retry
 * of stored event ids, it takes the head lock and looks the ids up. If even that batch hits a
 * unique index, something wrote around the head lock: the appends are retried one per
 * transaction, each through the writer again (so a retry still gets its stored events back), and
 * only the culprit fails.
 */
final class Appender {

    private static final Logger LOG = Logger.getLogger(JdbcEventStore.class);
    // How often an idle appender looks whether the store was closed.
    private static final long IDLE_POLL_MILLIS = 50;
    private static final long CLOSE_WAIT_MILLIS = 30_000;

    private final BlockingQueue<AppendRequest> queue = new LinkedBlockingQueue<>();
    private final DataSource dataSource;
    private final CommitListener listener;
    private final Clock clock;
    private final int maxBatchSize;
    private final boolean debug;
    private final Thread thread;
    private volatile boolean closed;
    private ChainWriter writer;

    Appender(DataSource dataSource, CommitListener listener, Clock clock, int maxBatchSize, boolean debug) {
        this.dataSource = dataSource;
        this.listener = listener;
        this.clock = clock;
        this.maxBatchSize = maxBatchSize;
        this.debug = debug;
        this.thread = new Thread(this::run, "toka-store-appender");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an append; its future completes after its batch commits, or at once if the store is closed. */
    void submit(AppendRequest request) {
        if (closed) {
            request.result().completeExceptionally(closedException());
            return;
        }
        queue.add(request);
        // close() may have come in between; if the appender has not taken the request, nobody will.
        if (closed && queue.remove(request)) {
            request.result().completeExceptionally(closedException());
        }
    }

    boolean isAppenderThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops taking appends, lets the queued ones commit, and waits for the thread to end. */
    void close() {
        closed = true;
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("The event store appender is still busy after %d ms; it stops after its queue", CLOSE_WAIT_MILLIS);
        }
    }

    private void run() {
        List<AppendRequest> batch = new ArrayList<>(maxBatchSize);
        try {
            while (!closed || !queue.isEmpty()) {
                AppendRequest first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatchSize - 1);
                    append(batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Whatever ended the loop, no caller may wait forever.
            closed = true;
            batch.forEach(request -> request.result().completeExceptionally(closedException()));
            AppendRequest left;
            while ((left = queue.poll()) != null) {
                left.result().completeExceptionally(closedException());
            }
            dropWriter();
        }
    }

    private void append(List<AppendRequest> batch) {
        long started = debug ? System.nanoTime() : 0;
        try {
            ChainWriter.Commit commit = writer().write(batch);
            publish(commit);
            if (debug) {
                LOG.debugf("group commit: %d appends, %d events, head %d, %d us",
                        batch.size(), commit.written().size(), commit.head(), (System.nanoTime() - started) / 1_000);
            }
        } catch (SQLException e) {
            if (SqlErrors.isIntegrityViolation(e)) {
                // The unique indexes caught what the checks under the head lock did not (a write that
                // bypassed the head): find the culprit alone.
                LOG.warnf("Group commit of %d appends hit a unique index (%s); retrying them one by one",
                        batch.size(), e.getMessage());
                appendOneByOne(batch);
            } else {
                fail(batch, e);
            }
        } catch (RuntimeException e) {
            fail(batch, e);
        }
    }

    private void appendOneByOne(List<AppendRequest> batch) {
        for (int i = 0; i < batch.size(); i++) {
            AppendRequest request = batch.get(i);
            try {
                publish(writer().write(List.of(request)));
            } catch (SQLException e) {
                if (!SqlErrors.isIntegrityViolation(e)) {
                    fail(batch.subList(i, batch.size()), e);
                    return;
                }
                request.result().completeExceptionally(conflict(request, e));
            } catch (RuntimeException e) {
                fail(batch.subList(i, batch.size()), e);
                return;
            }
        }
    }

    private void publish(ChainWriter.Commit commit) {
        if (!commit.written().isEmpty()) {
            try {
                listener.afterCommit(commit.written());
            } catch (RuntimeException e) {
                // The events are committed whatever the listener does: the appends still succeed.
                LOG.errorf(e, "Commit listener failed on positions up to %d", commit.head());
            }
        }
        commit.outcomes().forEach(BatchPlan.Outcome::complete);
    }

    private RuntimeException conflict(AppendRequest request, SQLException violation) {
        try {
            long actual = writer().streamVersion(request.streamId());
            return new WrongExpectedVersionException(request.streamId(), request.expected(), actual);
        } catch (SQLException e) {
            e.addSuppressed(violation);
            dropWriter();
            return new EventStoreException("Append to " + request.streamId() + " failed", e);
        }
    }

    /** Fails the requests with the backend's error, and gives up the connection, which may be broken. */
    private void fail(List<AppendRequest> requests, Exception cause) {
        LOG.errorf(cause, "Group commit of %d appends failed", requests.size());
        for (AppendRequest request : requests) {
            request.result().completeExceptionally(
                    new EventStoreException("Append to " + request.streamId() + " failed: " + cause.getMessage(), cause));
        }
        dropWriter();
    }

    private ChainWriter writer() throws SQLException {
        if (writer == null) {
            Connection connection = dataSource.getConnection();
            try {
                writer = new ChainWriter(connection, clock);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return writer;
    }

    private void dropWriter() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    private static EventStoreException closedException() {
        return new EventStoreException("The event store is closed", null);
    }
}
