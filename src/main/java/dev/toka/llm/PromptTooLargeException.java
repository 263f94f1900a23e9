package dev.toka.llm;

import dev.toka.NonRetriableException;

/**
 * A request is larger than {@code toka.llm.max-prompt-chars} and was not sent (HTTP 413, problem
 * {@code prompt-too-large}).
 *
 * <p>Not retriable: the caller must shorten the conversation.
 */
public final class PromptTooLargeException extends NonRetriableException {

    public PromptTooLargeException(int chars, int limit) {
        super("the request is " + chars + " characters, over the limit of " + limit
                + " (toka.llm.max-prompt-chars)");
    }
}
