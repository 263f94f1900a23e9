package dev.toka.tools;

import dev.toka.ProblemKind;
import dev.toka.RetriableException;

/**
 * A command tool cannot run because its sandbox cannot be set up here: bubblewrap is missing, or it
 * cannot create namespaces (HTTP 503, {@code sandbox-unavailable}). The service never falls back to
 * running the command unconfined; retriable once an operator has fixed the machine.
 */
public final class SandboxUnavailableException extends RetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(503, "sandbox-unavailable",
            "The process sandbox cannot be set up on this machine");

    public SandboxUnavailableException(String reason) {
        super(reason);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
