package dev.toka.store;

import dev.toka.NonRetriableException;

/** The service runs read-only ({@code toka.store.read-only=true}): nothing is written, whatever the request (HTTP 503). */
public final class ReadOnlyLogException extends NonRetriableException {

    public ReadOnlyLogException(String reason) {
        super(reason);
    }
}
