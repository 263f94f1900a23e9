package dev.toka.kernel;

import java.nio.charset.StandardCharsets;

/** The kernel's validation limits, carried over from the Rust Toka; lengths are UTF-8 bytes. */
public final class Limits {

    /** Longest task description. */
    public static final int MAX_TASK_DESCRIPTION_BYTES = 4096;

    /** Longest agent name. */
    public static final int MAX_AGENT_NAME_BYTES = 256;

    /** Largest observation. */
    public static final int MAX_OBSERVATION_BYTES = 1_048_576;

    /**
     * Largest task result the agent runtime records inline in {@code TaskCompleted}; a larger one goes to a
     * content-addressed artifact in the workspace ({@link ResultArtifact}).
     */
    public static final int MAX_INLINE_RESULT_BYTES = 16_384;

    /** Most tasks queued on one agent. */
    public static final int MAX_QUEUED_TASKS = 10_000;

    /** Longest agent type, reason or id field. */
    public static final int MAX_IDENTIFIER_BYTES = 256;

    private Limits() {}

    /** Fails unless {@code value} is non-blank and at most {@code maxBytes} UTF-8 bytes. */
    static void requireText(String field, String value, int maxBytes) {
        if (value == null || value.isBlank()) {
            throw new InvalidOperationException(field, "must not be blank");
        }
        requireAtMost(field, value, maxBytes);
    }

    /**
     * Fails unless {@code value} is a non-blank name of at most {@code maxBytes} UTF-8 bytes without
     * control characters (NUL, line breaks, escapes), which have no place in a name shown in logs and lists.
     */
    static void requireName(String field, String value, int maxBytes) {
        requireText(field, value, maxBytes);
        requireNoControlCharacters(field, value);
    }

    /** Fails unless an attempt number is given and counts from 1, as {@code TaskStarted} numbers them. */
    static void requireAttempt(Integer attempt) {
        if (attempt == null || attempt < 1) {
            throw new InvalidOperationException("attempt", "must name the attempt, a number from 1, as its TaskStarted"
                    + " event numbered it");
        }
    }

    /** Fails when {@code value} holds a control character; {@code null} passes. */
    static void requireNoControlCharacters(String field, String value) {
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidOperationException(field, "must not hold control characters");
        }
    }

    /** Fails when {@code value} is longer than {@code maxBytes} UTF-8 bytes; {@code null} passes. */
    static void requireAtMost(String field, String value, int maxBytes) {
        if (value != null) {
            int length = value.getBytes(StandardCharsets.UTF_8).length;
            if (length > maxBytes) {
                throw new InvalidOperationException(field, "must be at most " + maxBytes + " UTF-8 bytes (got "
                        + length + ")");
            }
        }
    }
}
