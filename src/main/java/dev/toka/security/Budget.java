package dev.toka.security;

import java.math.BigDecimal;

/**
 * A spending limit on model calls: tokens, cost in the price table's currency, or both. A missing
 * member is no limit. Budgets come from a workstream spec, a run, or a capability token, and only
 * ever narrow on the way down (a delegated token, a spawned agent).
 *
 * @param tokens The most prompt plus completion tokens, or {@code null}.
 * @param cost   The most cost, or {@code null}, a {@link Money} amount.
 */
public record Budget(Long tokens, BigDecimal cost) {

    /**
     * Checks the members' ranges.
     *
     * @param field How the budget is named in the request, for the error.
     * @throws InvalidBudgetException naming the member and the rule
     */
    public void validate(String field) {
        if (tokens != null && tokens <= 0) {
            throw new InvalidBudgetException(field + ".tokens", "must be a positive whole number");
        }
        if (cost != null) {
            Money.check(field + ".cost", cost);
        }
    }

    /** Whether every limit {@code limit} sets is also set here, no larger; a {@code null} limit limits nothing. */
    public boolean within(Budget limit) {
        return limit == null
                || ((limit.tokens == null || (tokens != null && tokens <= limit.tokens))
                        && (limit.cost == null || (cost != null && cost.compareTo(limit.cost) <= 0)));
    }

    /** The tighter of two budgets, member by member; {@code null} stands for no limit. */
    public static Budget tighter(Budget a, Budget b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new Budget(a.tokens == null ? b.tokens : b.tokens == null ? a.tokens : Math.min(a.tokens, b.tokens),
                a.cost == null ? b.cost : b.cost == null ? a.cost : a.cost.min(b.cost));
    }
}
