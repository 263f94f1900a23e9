package dev.toka.llm;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;

/**
 * A request is larger than {@code toka.llm.max-prompt-chars} and was not sent (HTTP 413, problem
 * {@code prompt-too-large}).
 *
 * <p>Not retriable: the caller must shorten the conversation.
 */
public final class PromptTooLargeException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(413, "prompt-too-large",
            "The model request is over the size limit");

    public PromptTooLargeException(int chars, int limit) {
        super("the request is " + chars + " characters, over the limit of " + limit
                + " (toka.llm.max-prompt-chars)");
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
