package dev.toka;

/**
 * A request could not be answered within its deadline ({@code toka.kernel.answer-timeout}): the
 * message says where it stood, including whether its events were already committed, so a client
 * knows whether repeating it would write twice (HTTP 503).
 */
public final class DeadlineExceededException extends TokaException {

    public DeadlineExceededException(String message) {
        super(message);
    }
}
