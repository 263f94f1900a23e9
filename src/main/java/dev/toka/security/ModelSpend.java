package dev.toka.security;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What one model call would spend, asked of the policy before the call is sent.
 *
 * @param vault   The tenant the calling agent belongs to; its model calls share one quota.
 * @param agentId The calling agent; it has its own quota.
 * @param model   The model the call goes to, for the audit entry.
 * @param tokens  The call's estimated tokens: its prompt plus the most it may answer.
 * @param cost    The call's estimated cost at those tokens.
 * @param limits  The budgets the call counts against (the agent's, its run's), each with what is already spent.
 */
public record ModelSpend(String vault, String agentId, String model, long tokens, BigDecimal cost,
        List<SpendLimit> limits) {

    public ModelSpend {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cost, "cost");
        limits = List.copyOf(limits);
    }
}
