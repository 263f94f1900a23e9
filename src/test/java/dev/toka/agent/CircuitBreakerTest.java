package dev.toka.agent;

import static dev.toka.agent.AgentEvents.awaitTypes;
import static dev.toka.agent.AgentEvents.stream;
import static dev.toka.agent.AgentEvents.submit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The circuit breaker of an agent type, observed through the reasons of failed tasks. */
@QuarkusTest
@TestProfile(CircuitBreakerTest.SmallBreaker.class)
class CircuitBreakerTest {

    /** The runtime on, no retries, and a breaker that opens after 4 failed attempts of a type. */
    public static class SmallBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "toka.agent.enabled", "true",
                    "toka.agent.retry.max-retries", "0",
                    "toka.agent.circuit-breaker.request-volume-threshold", "4",
                    "toka.agent.circuit-breaker.failure-ratio", "0.5",
                    "toka.agent.circuit-breaker.delay", "60s");
        }
    }

    @Test
    void opensAfterRepeatedFailuresOfATypeSoLaterAttemptsFailFast() {
        String agent = submit(Map.of("op", "spawn-agent", "name", "breaker", "type", FailingPlugin.TYPE));
        for (int i = 0; i < 6; i++) {
            submit(Map.of("op", "schedule-task", "agent", agent, "description", "task " + i));
        }
        awaitTypes("agent-" + agent, t -> Collections.frequency(t, "TaskFailed") == 6, 15);

        List<String> reasons = stream("agent-" + agent).getList("events.findAll { it.type == 'TaskFailed' }.payload.reason");
        String open = "the circuit breaker of agent type '" + FailingPlugin.TYPE + "' is open after repeated failures";
        assertEquals(List.of("broken on purpose", "broken on purpose", "broken on purpose", "broken on purpose", open,
                open), reasons);
    }
}
