package dev.toka.tools;

import dev.toka.InvalidFieldException;
import dev.toka.ProblemKind;

/**
 * A tool's input breaks its schema or a sandbox rule (HTTP 400, {@code invalid-tool-input}).
 * {@link #field()} is a JSON pointer into the input, for example {@code /path}.
 *
 * <p>Not retriable: the same input fails the same way.
 */
public final class InvalidToolInputException extends InvalidFieldException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(400, "invalid-tool-input",
            "The tool input breaks its schema or a sandbox rule");

    private final String rule;

    public InvalidToolInputException(String pointer, String rule) {
        super(pointer.isEmpty() ? "/" : pointer, rule);
        this.rule = rule;
    }

    /** The rule the member breaks, without the member's name. */
    public String rule() {
        return rule;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
