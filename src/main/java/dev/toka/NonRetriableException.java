package dev.toka;

/** An error that repeating the same call cannot fix: bad input, a denied capability, a version conflict. */
public abstract class NonRetriableException extends TokaException {

    protected NonRetriableException(String message) {
        super(message);
    }
}
