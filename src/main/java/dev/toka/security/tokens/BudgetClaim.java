package dev.toka.security.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.security.AuthenticationException;
import dev.toka.security.Budget;
import dev.toka.security.Money;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code budget} claim of a capability token: {@code {"tokens": 20000, "cost": "0.50"}}, either
 * member optional. Cost travels as a decimal string, so no floating-point rounding ever widens it.
 */
final class BudgetClaim {

    private BudgetClaim() {}

    /** The claim's value for a budget. */
    static Map<String, Object> of(Budget budget) {
        Map<String, Object> claim = new LinkedHashMap<>();
        if (budget.tokens() != null) {
            claim.put("tokens", budget.tokens());
        }
        if (budget.cost() != null) {
            claim.put("cost", budget.cost().toPlainString());
        }
        return claim;
    }

    /**
     * The budget a verified token's claim states, or {@code null} when it has none.
     *
     * @throws AuthenticationException when the claim is malformed
     */
    static Budget parse(JsonNode claim) {
        if (claim == null || claim.isNull()) {
            return null;
        }
        JsonNode tokens = claim.get("tokens");
        JsonNode cost = claim.get("cost");
        if (!claim.isObject() || (tokens != null && !(tokens.isIntegralNumber() && tokens.asLong() > 0))
                || (cost != null && !cost.isTextual())) {
            throw new AuthenticationException("token claim 'budget' is malformed");
        }
        BigDecimal amount = cost == null ? null : Money.amountOrNull(cost.asText());
        if (cost != null && amount == null) {
            throw new AuthenticationException("token claim 'budget' is malformed");
        }
        return new Budget(tokens == null ? null : tokens.asLong(), amount);
    }
}
