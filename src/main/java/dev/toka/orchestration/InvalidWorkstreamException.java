package dev.toka.orchestration;

import dev.toka.NonRetriableException;
import java.util.List;

/** A spec set breaks one or more rules (HTTP 422); carries every error at once, never a stack trace. */
public final class InvalidWorkstreamException extends NonRetriableException {

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
}
