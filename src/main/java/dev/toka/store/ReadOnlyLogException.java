package dev.toka.store;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;

/** The service runs read-only ({@code toka.store.read-only=true}): nothing is written, whatever the request (HTTP 503). */
public final class ReadOnlyLogException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(503, "read-only",
            "The service is read-only; nothing is written");

    public ReadOnlyLogException(String reason) {
        super(reason);
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }
}
