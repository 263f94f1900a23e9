package dev.toka;

import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A request could not be answered within its deadline ({@code toka.kernel.answer-timeout}): the
 * message says where it stood, including whether its events were already committed, so a client
 * knows whether repeating it would write twice (HTTP 503).
 */
public final class DeadlineExceededException extends TokaException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(503, "deadline-exceeded",
            "The request could not be answered in time");

    public DeadlineExceededException(String message) {
        super(message);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    /** Logged: the one place every late answer passes, and the detail says where the request stood. */
    @Override
    public Optional<Logger.Level> problemLogLevel() {
        return Optional.of(Logger.Level.WARN);
    }
}
