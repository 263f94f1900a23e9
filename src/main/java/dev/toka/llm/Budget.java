package dev.toka.llm;

import java.math.BigDecimal;

/**
 * The most an agent or a run may spend on model calls.
 *
 * @param maxTokens The most tokens (prompt and completion), or {@code null} for no token limit.
 * @param maxCost   The most cost, in the unit of the price table, or {@code null} for no cost limit.
 */
public record Budget(Long maxTokens, BigDecimal maxCost) {

    public Budget {
        if (maxTokens != null && maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must not be negative");
        }
        if (maxCost != null && maxCost.signum() < 0) {
            throw new IllegalArgumentException("maxCost must not be negative");
        }
    }
}
