package dev.toka.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The append-only, hash-chained event log: the one source of truth of Toka.
 *
 * <p>Every implementation guarantees: global positions gap-free from 1 in commit order; stream
 * versions gap-free from 0; an append of several events to one stream is atomic; an event id that
 * is already stored makes the append idempotent (the stored events come back and nothing new is
 * written); an append whose expected version does not match fails with
 * {@link WrongExpectedVersionException}; and a completed append is durable and already announced to
 * the {@link CommitListener} in commit order.
 *
 * <p>Reads ({@code read…}) are <b>finite</b>; following the log live is the bus's job. The layers above
 * append through {@link EventLog}, never here directly ({@code LayeringTest}).
 */
public interface EventStore {

    /**
     * Appends events to one stream, atomically, once their turn in a group commit comes.
     *
     * @param streamId The stream, named {@code category-id}.
     * @param expected The stream version the caller saw.
     * @param events   The events, at least one.
     * @return the stored events; completes exceptionally with {@link WrongExpectedVersionException}
     *     or {@link EventStoreException}
     */
    CompletableFuture<List<StoredEvent>> appendAsync(String streamId, ExpectedVersion expected, List<NewEvent> events);

    /** Blocking form of {@link #appendAsync}: returns once the events are committed. */
    default List<StoredEvent> append(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        try {
            return appendAsync(streamId, expected, events).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Reads events of all streams in log order.
     *
     * @param fromPosition The first global position to return (1 for the start of the log).
     * @param limit        The most events to return.
     */
    List<StoredEvent> read(long fromPosition, int limit);

    /**
     * Reads events of one stream in log order.
     *
     * @param streamId     The stream.
     * @param fromPosition The first global position to consider.
     * @param limit        The most events to return.
     */
    List<StoredEvent> readStream(String streamId, long fromPosition, int limit);

    /** Reads every event of one stream in log order, a page of 1,000 at a time. */
    default List<StoredEvent> readStream(String streamId) {
        List<StoredEvent> all = new ArrayList<>();
        List<StoredEvent> page;
        long from = 1;
        do {
            page = readStream(streamId, from, 1_000);
            all.addAll(page);
            if (!page.isEmpty()) {
                from = page.get(page.size() - 1).position() + 1;
            }
        } while (page.size() == 1_000);
        return all;
    }

    /** The version of a stream's last event, or {@value ExpectedVersion#NO_STREAM_VERSION} for no events. */
    long streamVersion(String streamId);

    /** The position of the last committed event, 0 when the log is empty. */
    long headPosition();

    /** The end of the chain as the store records it apart from the events: the last event's position and hash. */
    ChainHead head();

    /**
     * Re-reads the log up to the recorded {@link #head()} and checks the hash chain, and that the last
     * event read is that head: a removed last event leaves the chain before it intact, and only the head
     * shows it is gone. Events committed after the head was read are left for the next check.
     */
    default ChainVerification verify() {
        return verifyFrom(ChainHead.EMPTY);
    }

    /**
     * As {@link #verify()}, taking the chain up to {@code checkpoint} as already checked: it reads only the
     * events after it, which must chain on to the checkpoint's hash. A rewritten chain before the checkpoint
     * shows there (the next event's previous hash no longer matches), a log shorter than the checkpoint as a
     * break after its head; a byte changed in place before it, with no hash recomputed, only a check from the
     * start finds.
     */
    default ChainVerification verifyFrom(ChainHead checkpoint) {
        return ChainVerifier.verify(checkpoint, head(), this::read);
    }
}
