package dev.toka.security;

import dev.toka.ProblemKind;
import java.util.Map;


/**
 * A model call would take an agent or a run over its token or cost budget, so it was refused before
 * it was sent (HTTP 402, problem {@code budget-exceeded}).
 *
 * <p>Not retriable: the budget only grows when the spec that sets it does. The message says whose
 * budget, what is spent and what the call would add, fit to end a task with.
 */
public final class BudgetExceededException extends AuditedRefusal {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(402, "budget-exceeded",
            "The model call would exceed a token or cost budget");

    private final String holder;

    public BudgetExceededException(String holder, String reason) {
        super(reason);
        this.holder = holder;
    }

    /** Whose budget the call would break, for example {@code agent 42} or {@code run r-7}. */
    public String holder() {
        return holder;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("holder", holder);
    }
}
