package dev.toka.llm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.toka.security.RateLimitedException;
import dev.toka.security.SecurityEvents;
import dev.toka.security.SecurityEvents.AuditRecorded;
import dev.toka.store.EventStore;
import dev.toka.store.EventCodec;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Model-call quotas per agent and per vault, with tight limits. */
@QuarkusTest
@TestProfile(LlmQuotaTest.TightQuotas.class)
@WithTestResource(FakeModels.class)
class LlmQuotaTest {

    /** Two model calls per agent and three per vault, per hour. */
    public static class TightQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "toka.security.rate-limit.model-calls-per-agent", "2/PT1H",
                    "toka.security.rate-limit.model-calls-per-vault", "3/PT1H");
        }
    }

    @FakeModels.Primary
    FakeOpenAi primary;

    @Inject
    LlmGateway gateway;

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Test
    void anAgentOverItsQuotaIsRefusedAndAudited() {
        primary.reset();
        CallScope agent = CallScope.ofAgent("vault-" + UUID.randomUUID(), UUID.randomUUID().toString());
        gateway.chat(call(agent));
        gateway.chat(call(agent));
        long before = store.headPosition();
        int sentBeforeRefusal = primary.requestCount();

        RateLimitedException refused = assertThrows(RateLimitedException.class, () -> gateway.chat(call(agent)));

        assertEquals(sentBeforeRefusal, primary.requestCount(), "the refused call sent nothing to the model");
        assertTrue(refused.getMessage().contains("agent " + agent.agentId()), refused.getMessage());
        assertTrue(refused.retryAfterSeconds() > 0);
        // A 429 is audited without holding the caller, so the entry may commit a moment later.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.readStream(SecurityEvents.AUDIT_STREAM, before + 1, 1_000)
                .stream().map(e -> (AuditRecorded) codec.decode(e))
                .anyMatch(a -> a.principal().equals(agent.agentId()) && a.status() == 429));
    }

    @Test
    void agentsOfOneVaultShareItsQuota() {
        primary.reset();
        String vault = "vault-" + UUID.randomUUID();
        gateway.chat(call(CallScope.ofAgent(vault, "a-" + UUID.randomUUID())));
        gateway.chat(call(CallScope.ofAgent(vault, "b-" + UUID.randomUUID())));
        gateway.chat(call(CallScope.ofAgent(vault, "c-" + UUID.randomUUID())));
        // Not "3 requests": on a busy machine a call may time out once and be retried (one call, two requests).
        int sentBeforeRefusal = primary.requestCount();

        RateLimitedException refused = assertThrows(RateLimitedException.class,
                () -> gateway.chat(call(CallScope.ofAgent(vault, "d-" + UUID.randomUUID()))));

        assertTrue(refused.getMessage().contains("vault " + vault), refused.getMessage());
        assertEquals(sentBeforeRefusal, primary.requestCount(), "the refused call sent nothing to the model");
        // Another vault is not affected.
        gateway.chat(call(CallScope.ofAgent("other-" + UUID.randomUUID(), "e-" + UUID.randomUUID())));
    }

    private static ModelCall call(CallScope scope) {
        return new ModelCall(scope, ChatRequest.builder().messages(UserMessage.from("hi")).build());
    }
}
