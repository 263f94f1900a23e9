package dev.toka.llm;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;

/**
 * A model's answer is larger than {@code toka.llm.max-answer-chars} and was refused (HTTP 502,
 * problem {@code answer-too-large}). Its tokens still count.
 *
 * <p>Not retriable as is: ask for a shorter answer or lower the request's max output tokens.
 */
public final class AnswerTooLargeException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(502, "answer-too-large",
            "The model's answer is over the size limit");

    public AnswerTooLargeException(int chars, int limit) {
        super("the answer is " + chars + " characters, over the limit of " + limit
                + " (toka.llm.max-answer-chars)");
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
