package dev.toka.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.store.EventStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A refusal's audit entry is never overtaken by the answer, on a worker thread or on an event loop. */
@QuarkusTest
class AuditedRefusalTest {

    @Inject
    SecurityPolicyCoordinator security;

    @Inject
    EventStore store;

    @Inject
    Vertx vertx;

    @Test
    void onAWorkerThreadTheEntryIsCommittedBeforeTheRefusalIsThrown() {
        AuthenticationException refused = assertThrows(AuthenticationException.class, () -> refuse("10.0.0.1"));
        assertTrue(refused.auditRecorded().isDone());
        assertEquals(1, auditEntriesFrom("10.0.0.1"));
    }

    @Test
    void onAnEventLoopTheRefusalCarriesTheCommitOfItsEntry() throws Exception {
        CompletableFuture<AuthenticationException> thrown = new CompletableFuture<>();
        Context eventLoop = vertx.getOrCreateContext();
        eventLoop.runOnContext(ignored -> {
            try {
                refuse("10.0.0.2");
                thrown.completeExceptionally(new AssertionError("the bad credential was accepted"));
            } catch (AuthenticationException e) {
                assertTrue(Context.isOnEventLoopThread());
                thrown.complete(e);
            }
        });
        AuthenticationException refused = thrown.get(10, TimeUnit.SECONDS);
        refused.auditRecorded().get(10, TimeUnit.SECONDS);
        assertEquals(1, auditEntriesFrom("10.0.0.2"), "committed once the refusal's future completes");
    }

    private void refuse(String clientAddress) {
        security.authenticate(Optional.of("Bearer not-a-token"), clientAddress, RouteGroup.WRITE, "test:refusal");
    }

    private long auditEntriesFrom(String clientAddress) {
        return store.readStream(SecurityEvents.AUDIT_STREAM, 1, 100_000).stream()
                .filter(event -> event.payload().contains("\"clientAddress\":\"" + clientAddress + "\""))
                .count();
    }
}
