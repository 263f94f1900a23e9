package dev.toka.llm;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What model calls have spent.
 *
 * @param promptTokens     Tokens sent.
 * @param completionTokens Tokens answered.
 * @param totalTokens      All tokens, as the provider counted them.
 * @param cost             Cost by the price table, in its unit.
 * @param calls            Calls answered (by a model or from a recording).
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, BigDecimal cost, long calls) {

    /** Nothing spent. */
    public static final Usage NONE = new Usage(0, 0, 0, BigDecimal.ZERO, 0);

    public Usage {
        Objects.requireNonNull(cost, "cost");
    }

    /** This usage and {@code other} together. */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                totalTokens + other.totalTokens, cost.add(other.cost), calls + other.calls);
    }
}
