package dev.toka.tools;

import dev.toka.ProblemKind;
import dev.toka.TokaException;

/**
 * A tool ran and failed: a timeout, a redirect off the allow-list, a file too large. The invoker
 * records it and answers {@link ToolOutcome.Failed}; it never reaches the API as such. Whether a
 * retry helps depends on the reason, so it sits on neither branch of the tree.
 */
public final class ToolFailedException extends TokaException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(422, "tool-failed",
            "The tool ran and failed");

    public ToolFailedException(String reason) {
        super(reason);
    }

    public ToolFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
