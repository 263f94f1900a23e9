package dev.toka.llm;

import dev.toka.RetriableException;

/**
 * Neither the primary nor the fallback model answered: not configured (no API key), timed out,
 * failed after its retries, or its circuit is open (HTTP 503, problem {@code model-unavailable}).
 *
 * <p>Retriable: the provider may recover, or an operator may configure a key.
 */
public final class ModelUnavailableException extends RetriableException {

    public ModelUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
