package dev.toka.store;

/**
 * A log migration refused its target or failed; nothing past the target's last intact batch was
 * committed. Offline only (the {@code migrate} command), so it carries no HTTP problem.
 */
public final class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
