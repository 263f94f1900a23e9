package dev.toka.store;

import dev.toka.NonRetriableException;

/**
 * An append found the stream at another version than it expected (HTTP 409).
 *
 * <p>Not retriable as is: the caller must re-read the stream and decide again.
 */
public final class WrongExpectedVersionException extends NonRetriableException {

    private final String streamId;
    private final ExpectedVersion expected;
    private final long actual;

    public WrongExpectedVersionException(String streamId, ExpectedVersion expected, long actual) {
        super("Wrong expected version: " + expected + " (stream: " + streamId + ", stream version: " + actual + ")");
        this.streamId = streamId;
        this.expected = expected;
        this.actual = actual;
    }

    public String streamId() {
        return streamId;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The version the stream actually had, {@value ExpectedVersion#NO_STREAM_VERSION} when it had none. */
    public long actual() {
        return actual;
    }
}
