package dev.toka.readmodel;

import dev.toka.kernel.KernelConfig;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.store.EventCodec;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Keeps {@code read_audit}: the position, principal, action, decision and time of every audit entry. */
@Singleton
public class AuditIndex extends ReadModel {

    private final EventCodec codec;

    AuditIndex(EventStore store, EventCodec codec, KernelConfig config) {
        super("audit index", store, config.answerTimeout());
        this.codec = codec;
    }

    @Override
    protected Optional<Runnable> changeOf(StoredEvent event) {
        if (!event.streamId().equals(SecurityEvents.AUDIT_STREAM)) {
            return Optional.empty();
        }
        return codec.decode(event, AuditRecorded.class).map(entry -> () -> {
            AuditRow row = new AuditRow();
            row.position = event.position();
            row.principal = entry.principal();
            row.action = entry.action();
            row.decision = entry.decision();
            row.recordedAt = event.recordedAt();
            row.persist();
        });
    }

    @Override
    protected void deleteRows() {
        AuditRow.deleteAll();
    }
}
