package dev.toka.tools;

import dev.toka.RetriableException;

/**
 * A command tool cannot run because its sandbox cannot be set up here: bubblewrap is missing, or it
 * cannot create namespaces (HTTP 503, {@code sandbox-unavailable}). The service never falls back to
 * running the command unconfined; retriable once an operator has fixed the machine.
 */
public final class SandboxUnavailableException extends RetriableException {

    public SandboxUnavailableException(String reason) {
        super(reason);
    }
}
