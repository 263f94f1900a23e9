package dev.toka.llm;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;

/**
 * A task has sent all the HTTP requests to models that {@code toka.llm.max-requests-per-task} allows,
 * over all its attempts, retries and fallbacks (HTTP 503, problem {@code model-unavailable}).
 *
 * <p>Not retriable: another attempt of the task would have no request left to send.
 */
public final class ModelRequestsSpentException extends NonRetriableException {

    public ModelRequestsSpentException(String taskId, int limit, String lastFailure) {
        super("task " + taskId + " has sent all " + limit + " model requests it may send"
                + " (toka.llm.max-requests-per-task), over all its attempts; the last: " + lastFailure);
    }

    @Override
    public ProblemKind problemKind() {
        return ModelUnavailableException.KIND;
    }
}
