package dev.toka.orchestration;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.List;
import java.util.Map;

/** A spec set breaks one or more rules (HTTP 422); carries every error at once, never a stack trace. */
public final class InvalidWorkstreamException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(422, "invalid-workstream",
            "The workstream specs break validation rules");

    /** Spec errors listed in a 422; {@code errorCount} gives them all. */
    static final int MAX_LISTED_ERRORS = 100;

    private final List<SpecError> errors;

    public InvalidWorkstreamException(List<SpecError> errors) {
        super(errors.size() + " error(s) in the workstream specs: " + errors.get(0)
                + (errors.size() > 1 ? " (and more)" : ""));
        this.errors = List.copyOf(errors);
    }

    /** Every broken rule, in file order. */
    public List<SpecError> errors() {
        return errors;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    /** The first {@value #MAX_LISTED_ERRORS} errors, and how many there are, so the answer stays small. */
    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("errors", errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS)),
                "errorCount", errors.size());
    }
}
