package dev.toka.store;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/**
 * An append found the stream at another version than it expected (HTTP 409).
 *
 * <p>Not retriable as is: the caller must re-read the stream and decide again.
 */
public final class WrongExpectedVersionException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(409, "version-conflict",
            "The stream changed since it was read");

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

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("stream", streamId, "expectedVersion", expected.toString(), "actualVersion", actual);
    }
}
