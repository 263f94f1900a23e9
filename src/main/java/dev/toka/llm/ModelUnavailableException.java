package dev.toka.llm;

import dev.toka.ProblemKind;
import dev.toka.RetriableException;
import java.util.Map;

/**
 * Neither the primary nor the fallback model answered: not configured (no API key), timed out,
 * failed after its retries, or its circuit is open (HTTP 503, problem {@code model-unavailable}).
 *
 * <p>Retriable: the provider may recover, or an operator may configure a key.
 */
public final class ModelUnavailableException extends RetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(503, "model-unavailable",
            "No language model answered; retry later");

    /** How long a client should wait before asking again: a circuit breaker's trial comes sooner or later. */
    private static final int RETRY_AFTER_SECONDS = 30;

    public ModelUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemHeaders() {
        return Map.of("Retry-After", RETRY_AFTER_SECONDS);
    }
}
