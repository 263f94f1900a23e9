package dev.toka.security.limits;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A token-bucket quota written {@code capacity/period}, for example {@code 60/PT1M}: at most
 * {@code capacity} requests at once, refilled evenly over {@code period}.
 *
 * @param capacity The bucket size.
 * @param period   How long a full refill takes.
 */
record Quota(long capacity, Duration period) {

    public Quota {
        if (capacity < 1 || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a quota needs a capacity >= 1 and a positive period");
        }
    }

    /**
     * Reads {@code capacity/period}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    static Quota parse(String text) {
        String[] parts = text.strip().split("/");
        try {
            if (parts.length == 2) {
                return new Quota(Long.parseLong(parts[0].strip()), Duration.parse(parts[1].strip()));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // fall through to the explanation below
        }
        throw new IllegalArgumentException("quota '" + text + "' is not of the form <capacity>/<ISO-8601 duration>,"
                + " for example 60/PT1M");
    }
}
