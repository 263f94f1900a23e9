package dev.toka.kernel;

import java.math.BigDecimal;

/**
 * A spending limit on model calls: tokens, cost in the price table's currency, or both. A missing
 * member is no limit.
 *
 * @param tokens The most prompt plus completion tokens, or {@code null}.
 * @param cost   The most cost, or {@code null}.
 */
public record Budget(Long tokens, BigDecimal cost) {

    public void validate(String field) {
        if (tokens != null && tokens <= 0) {
            throw new InvalidOperationException(field + ".tokens", "must be a positive whole number");
        }
        if (cost != null && cost.signum() < 0) {
            throw new InvalidOperationException(field + ".cost", "must not be negative");
        }
    }
}
