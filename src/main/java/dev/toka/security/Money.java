package dev.toka.security;

import java.math.BigDecimal;

/**
 * Sums of money in the price table's currency, as budgets state them: a decimal from 0 to
 * {@link #MAX} with at most {@link #MAX_SCALE} decimal places. Every entry point (request bodies,
 * query parameters, token claims, workstream specs) checks amounts here, so none can hand the service
 * a number such as {@code 1e999999999}, which is short to send but billions of digits to print.
 */
public final class Money {

    /** The largest amount. */
    public static final BigDecimal MAX = new BigDecimal("1000000000000");

    /** Most decimal places, once trailing zeros are dropped. */
    public static final int MAX_SCALE = 9;

    /** Longest text an amount may be written in; checked before any number is made of it. */
    public static final int MAX_TEXT_LENGTH = 40;

    /** Most significant digits, trailing zeros included; bounds the work of the checks that follow. */
    private static final int MAX_DIGITS = MAX_TEXT_LENGTH;

    /** The rule every amount keeps, as refusals state it. */
    public static final String RULE = "must be a decimal number from 0 to " + MAX.toPlainString() + " with at most "
            + MAX_SCALE + " decimal places";

    private Money() {}

    /**
     * The amount {@code text} states.
     *
     * @param field How the amount is named in the request, for the error.
     * @throws InvalidBudgetException naming the field when the text is not an amount within the bounds
     */
    public static BigDecimal parse(String field, String text) {
        BigDecimal amount = amountOrNull(text);
        if (amount == null) {
            throw new InvalidBudgetException(field, RULE);
        }
        return amount;
    }

    /**
     * Checks an amount already made into a number.
     *
     * @param field How the amount is named in the request, for the error.
     * @throws InvalidBudgetException naming the field when the amount is out of bounds
     */
    public static BigDecimal check(String field, BigDecimal amount) {
        if (!withinBounds(amount)) {
            throw new InvalidBudgetException(field, RULE);
        }
        return amount;
    }

    /** The amount {@code text} states, or {@code null} when it is not an amount within the bounds. */
    public static BigDecimal amountOrNull(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        return withinBounds(amount) ? amount : null;
    }

    /** Whether an amount keeps the rule; cheap for any exponent, since nothing is expanded. */
    public static boolean withinBounds(BigDecimal amount) {
        return amount.signum() >= 0
                && amount.precision() <= MAX_DIGITS
                && amount.compareTo(MAX) <= 0
                && amount.stripTrailingZeros().scale() <= MAX_SCALE;
    }
}
