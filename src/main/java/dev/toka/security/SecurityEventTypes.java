package dev.toka.security;

import dev.toka.security.SecurityEvents.AdminCredentialConfigured;
import dev.toka.security.SecurityEvents.AdminCredentialCreated;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.security.SecurityEvents.ContextTainted;
import dev.toka.security.SecurityEvents.SigningKeyCreated;
import dev.toka.security.SecurityEvents.SubjectRevoked;
import dev.toka.security.SecurityEvents.TokenIssued;
import dev.toka.security.SecurityEvents.TokenRevoked;
import dev.toka.security.SecurityEvents.WorkspaceTainted;
import dev.toka.store.EventType;
import dev.toka.store.EventTypes;
import jakarta.inject.Singleton;
import java.util.List;

/** The security layer's events and their stored names. */
@Singleton
class SecurityEventTypes implements EventTypes {

    @Override
    public List<EventType<?>> types() {
        return List.of(
                EventType.of("SigningKeyCreated", SigningKeyCreated.class),
                EventType.of("TokenIssued", TokenIssued.class),
                EventType.of("TokenRevoked", TokenRevoked.class),
                EventType.of("SubjectRevoked", SubjectRevoked.class),
                EventType.of("AdminCredentialCreated", AdminCredentialCreated.class),
                EventType.of("AdminCredentialConfigured", AdminCredentialConfigured.class),
                EventType.of("AuditRecorded", AuditRecorded.class),
                EventType.of("ContextTainted", ContextTainted.class),
                EventType.of("WorkspaceTainted", WorkspaceTainted.class));
    }
}
