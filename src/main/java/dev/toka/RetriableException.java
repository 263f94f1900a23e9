package dev.toka;

/** An error that may go away when the same call is repeated later (overload, rate limit, timeout). */
public abstract class RetriableException extends TokaException {

    protected RetriableException(String message) {
        super(message);
    }

    protected RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
