package dev.toka;

import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Root of every error Toka raises on purpose: the single catch point.
 *
 * <p>Subclasses say whether a retry can help ({@link RetriableException}) or not
 * ({@link NonRetriableException}), and each declares the {@link ProblemKind} it is answered with;
 * the API layer has one mapper that turns any of them into a problem answer.
 */
public abstract class TokaException extends RuntimeException {

    protected TokaException(String message) {
        super(message);
    }

    protected TokaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of problem this error is answered with. */
    public abstract ProblemKind problemKind();

    /** The problem's {@code detail}: by default the message. */
    public String problemDetail() {
        return getMessage();
    }

    /** The problem's extension members that carry the facts a client needs (for example {@code agentId}). */
    public Map<String, Object> problemMembers() {
        return Map.of();
    }

    /** HTTP headers the answer carries besides the body (for example {@code Retry-After}). */
    public Map<String, Object> problemHeaders() {
        return Map.of();
    }

    /** The level at which answering this error is logged; empty when the answer alone says enough. */
    public Optional<Logger.Level> problemLogLevel() {
        return Optional.empty();
    }
}
