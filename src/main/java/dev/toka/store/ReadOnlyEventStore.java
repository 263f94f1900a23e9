package dev.toka.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A store that reads but refuses every append with {@link ReadOnlyLogException}: the mode an operator
 * chooses with {@code toka.store.read-only=true} to inspect, verify and export a log the start-up check
 * found broken, without anything writing past the break.
 */
public final class ReadOnlyEventStore implements EventStore, AutoCloseable {

    private final EventStore log;
    private final String reason;

    /**
     * @param log    The store to read from.
     * @param reason Why nothing is written, as every refused append will say.
     */
    public ReadOnlyEventStore(EventStore log, String reason) {
        this.log = log;
        this.reason = reason;
    }

    @Override
    public CompletableFuture<List<StoredEvent>> appendAsync(String streamId, ExpectedVersion expected,
            List<NewEvent> events) {
        return CompletableFuture.failedFuture(new ReadOnlyLogException(reason));
    }

    @Override
    public List<StoredEvent> read(long fromPosition, int limit) {
        return log.read(fromPosition, limit);
    }

    @Override
    public List<StoredEvent> readStream(String streamId, long fromPosition, int limit) {
        return log.readStream(streamId, fromPosition, limit);
    }

    @Override
    public long streamVersion(String streamId) {
        return log.streamVersion(streamId);
    }

    @Override
    public long headPosition() {
        return log.headPosition();
    }

    @Override
    public ChainHead head() {
        return log.head();
    }

    @Override
    public ChainVerification verify() {
        return log.verify();
    }

    @Override
    public ChainVerification verifyFrom(ChainHead checkpoint) {
        return log.verifyFrom(checkpoint);
    }

    @Override
    public void close() throws Exception {
        if (log instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
