package dev.toka.store.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stream versions the appender already knows, so most appends need no version query.
 *
 * <p>The entries are valid only at the chain head they were read or written at: when the locked
 * head is anything else, another writer (another service instance) has appended since, and every
 * entry is forgotten. Least recently used entries are dropped beyond {@link #CAPACITY}. Used by the
 * appender thread only.
 */
final class StreamVersionCache {

    static final int CAPACITY = 100_000;

    private final Map<String, Long> versions = new LinkedHashMap<>(1_024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > CAPACITY;
        }
    };
    private long validAtHead = -1;

    /** Keeps the entries if they were valid at {@code lockedHead}, else forgets them; from now on they are. */
    void alignTo(long lockedHead) {
        if (lockedHead != validAtHead) {
            versions.clear();
            validAtHead = lockedHead;
        }
    }

    /** The known version of a stream, or {@code null}. */
    Long get(String streamId) {
        return versions.get(streamId);
    }

    /** Records the versions a committed transaction read or wrote, and the head it left. */
    void committed(Map<String, Long> streamVersions, long newHead) {
        versions.putAll(streamVersions);
        validAtHead = newHead;
    }

    /** Forgets everything, after a transaction whose outcome is unknown. */
    void invalidate() {
        versions.clear();
        validAtHead = -1;
    }
}
