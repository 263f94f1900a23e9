package dev.toka.observability;

import dev.toka.agent.AgentRuntimeProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent runtime's test profile with tracing on: spans go to the in-memory exporter, within milliseconds.
 * The model's time limit is generous: a retried first call would take the next scripted reply.
 */
public class TracingProfile extends AgentRuntimeProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.bsp.schedule.delay", "10ms");
        config.put("toka.llm.primary.timeout", "30s");
        return config;
    }
}
