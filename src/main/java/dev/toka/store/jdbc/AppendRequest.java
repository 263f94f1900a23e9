package dev.toka.store.jdbc;

import dev.toka.store.ExpectedVersion;
import dev.toka.store.StoredEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's append, queued for the appender.
 *
 * @param streamId The stream.
 * @param expected The expected stream version.
 * @param events   The events, at least one, with distinct ids.
 * @param result   Completed by the appender once the outcome is committed.
 */
record AppendRequest(
        String streamId,
        ExpectedVersion expected,
        List<PendingEvent> events,
        CompletableFuture<List<StoredEvent>> result) {}
