package dev.toka.store;

/**
 * The stream version an append expects to find: the optimistic-concurrency check.
 *
 * <p>Stream versions start at 0 for a stream's first event; a stream with no events has
 * version {@value #NO_STREAM_VERSION}.
 */
public sealed interface ExpectedVersion {

    /** The version of a stream that has no events. */
    long NO_STREAM_VERSION = -1;

    /** No check: append whatever the stream's version. */
    static ExpectedVersion any() {
        return Any.INSTANCE;
    }

    /** The stream must not exist yet. */
    static ExpectedVersion noStream() {
        return new Exactly(NO_STREAM_VERSION);
    }

    /** The stream's last event must have exactly this version. */
    static ExpectedVersion exactly(long version) {
        return new Exactly(version);
    }

    /** Whether a stream whose current version is {@code actual} satisfies this expectation. */
    boolean matches(long actual);

    enum Any implements ExpectedVersion {
        INSTANCE;

        @Override
        public boolean matches(long actual) {
            return true;
        }

        @Override
        public String toString() {
            return "any";
        }
    }

    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < NO_STREAM_VERSION) {
                throw new IllegalArgumentException("expected version must be >= -1, was " + version);
            }
        }

        @Override
        public boolean matches(long actual) {
            return actual == version;
        }

        @Override
        public String toString() {
            return Long.toString(version);
        }
    }
}
