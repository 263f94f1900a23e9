package dev.toka.store.jdbc;

import dev.toka.store.ChainHead;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the chain writer knows between its transactions: the chain head it last committed or
 * locked, and the versions of streams at that head, so that most batches need neither the head
 * lock nor a version query.
 *
 * <p>The entries are valid only at that head. Another writer (another service instance) may have
 * appended since; when the writer finds out (its conditional head update misses, or the locked
 * head is anything else), every entry is forgotten. Least recently used entries are dropped beyond
 * {@link #CAPACITY}. Used by the appender thread only.
 */
final class StreamVersionCache {

    static final int CAPACITY = 100_000;

    private final Map<String, Long> versions = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CAPACITY;
        }
    };
    private ChainHead head;

    /** The head the entries are valid at, or {@code null} when nothing is known. */
    ChainHead head() {
        return head;
    }

    /** Keeps the entries if they were valid at {@code lockedHead}, else forgets them; from now on they are. */
    void alignTo(ChainHead lockedHead) {
        if (!lockedHead.equals(head)) {
            versions.clear();
            head = lockedHead;
        }
    }

    /** The known version of a stream, or {@code null}. */
    Long get(String streamId) {
        return versions.get(streamId);
    }

    /** Records the versions a committed transaction read or wrote, and the head it left. */
    void committed(Map<String, Long> streamVersions, ChainHead newHead) {
        versions.putAll(streamVersions);
        head = newHead;
    }

    /** Forgets everything: another writer has appended, or a transaction's outcome is unknown. */
    void invalidate() {
        versions.clear();
        head = null;
    }
}
