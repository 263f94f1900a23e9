package dev.toka.agent;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The test profile with the agent runtime on, short retry waits and a breaker that stays out of the way. */
public class AgentRuntimeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "toka.agent.enabled", "true",
                "toka.agent.max-concurrent-agents", "8",
                "toka.agent.retry.max-retries", "2",
                "toka.agent.retry.delay", "50ms",
                "toka.agent.circuit-breaker.request-volume-threshold", "1000");
    }
}
