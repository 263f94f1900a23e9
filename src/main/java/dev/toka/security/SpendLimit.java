package dev.toka.security;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A budget and what its holder has already spent against it.
 *
 * @param holder      Whose budget it is, for the refusal, for example {@code agent 42} or {@code run r-7}.
 * @param spentTokens Tokens already spent.
 * @param spentCost   Cost already spent.
 * @param maxTokens   The most tokens the holder may spend, or {@code null} for no token limit.
 * @param maxCost     The most the holder may spend, or {@code null} for no cost limit.
 */
public record SpendLimit(String holder, long spentTokens, BigDecimal spentCost, Long maxTokens, BigDecimal maxCost) {

    public SpendLimit {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(spentCost, "spentCost");
    }

    /** Why spending {@code tokens} and {@code cost} more would break this budget, or {@code null} when it would not. */
    public String refusal(long tokens, BigDecimal cost) {
        if (maxTokens != null && spentTokens + tokens > maxTokens) {
            return holder + " would spend " + (spentTokens + tokens) + " tokens (" + spentTokens + " spent, "
                    + tokens + " estimated for this call) over its budget of " + maxTokens + " tokens";
        }
        BigDecimal total = spentCost.add(cost);
        if (maxCost != null && total.compareTo(maxCost) > 0) {
            return holder + " would spend " + total.toPlainString() + " (" + spentCost.toPlainString() + " spent, "
                    + cost.toPlainString() + " estimated for this call) over its budget of " + maxCost.toPlainString();
        }
        return null;
    }
}
