package dev.toka.tools;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/**
 * A call's idempotency key is taken (HTTP 409): by the same call still running
 * ({@code tool-call-in-progress}), or by a call with other input ({@code tool-call-key-reused}).
 * Not retriable as is: wait and repeat, or use the next attempt number.
 */
public final class ToolCallConflictException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind IN_PROGRESS = new ProblemKind(409, "tool-call-in-progress",
            "A call with this idempotency key is still running");
    /** How the API answers it. */
    public static final ProblemKind KEY_REUSED = new ProblemKind(409, "tool-call-key-reused",
            "This idempotency key belongs to a call with other input");

    /** Why the key is taken. */
    public enum Kind { IN_PROGRESS, KEY_REUSED }

    private final Kind kind;
    private final String stream;

    public ToolCallConflictException(Kind kind, String stream, String message) {
        super(message);
        this.kind = kind;
        this.stream = stream;
    }

    public Kind kind() {
        return kind;
    }

    /** The log stream that holds the call, {@code toolcall-<sha256>}. */
    public String stream() {
        return stream;
    }

    @Override
    public ProblemKind problemKind() {
        return kind == Kind.IN_PROGRESS ? IN_PROGRESS : KEY_REUSED;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("stream", stream);
    }
}
