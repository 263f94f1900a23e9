package dev.toka.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.store.EventStore;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Recording a refusal never blocks, and no answer overtakes its audit entry. */
@QuarkusTest
class AuditedRefusalTest {

    @Inject
    SecurityPolicyCoordinator security;

    @Inject
    EventStore store;

    @Inject
    Vertx vertx;

    @Test
    void aRefusalCarriesTheCommitOfItsAuditEntry() throws Exception {
        AuthenticationException refused = assertThrows(AuthenticationException.class, () -> refuse("10.0.0.1"));
        refused.auditRecorded().get(10, TimeUnit.SECONDS);
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

    @Test
    void aRefusalOverHttpIsAnsweredOnlyOnceItsEntryIsInTheLog() {
        long before = auditEntries("\"clientAddress\":\"127.0.0.1\"", "\"status\":401");
        for (int i = 0; i < 20; i++) {
            // Answered on the event loop, where recording is a queued append: the mapper waits for it.
            given().header("Authorization", "Bearer not-a-token-" + i)
                    .contentType("application/json").body("{\"op\":\"schedule-task\",\"agent\":\"a\",\"description\":\"x\"}")
                    .post("/api/v1/operations").then().statusCode(401);
            assertEquals(before + i + 1, auditEntries("\"clientAddress\":\"127.0.0.1\"", "\"status\":401"),
                    "refusal " + i + " answered before its entry was committed");
        }
    }

    private void refuse(String clientAddress) {
        security.authenticate(Optional.of("Bearer not-a-token"), clientAddress, RouteGroup.WRITE, "test:refusal");
    }

    private long auditEntriesFrom(String clientAddress) {
        return auditEntries("\"clientAddress\":\"" + clientAddress + "\"");
    }

    private long auditEntries(String... payloadFragments) {
        return store.readStream(SecurityEvents.AUDIT_STREAM, 1, 100_000).stream()
                .filter(event -> Arrays.stream(payloadFragments).allMatch(event.payload()::contains))
                .count();
    }
}
