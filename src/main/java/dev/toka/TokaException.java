package dev.toka;

/**
 * Root of every error Toka raises on purpose: the single catch point.
 *
 * <p>Subclasses say whether a retry can help ({@link RetriableException}) or not
 * ({@link NonRetriableException}); the API layer maps each leaf to one problem type.
 */
public abstract class TokaException extends RuntimeException {

    protected TokaException(String message) {
        super(message);
    }

    protected TokaException(String message, Throwable cause) {
        super(message, cause);
    }
}
