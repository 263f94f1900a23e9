package dev.toka.observability;

import dev.toka.agent.AgentRuntimeProfile;
import java.util.HashMap;
import java.util.Map;

/** The agent runtime's test profile with tracing on: spans go to the in-memory exporter, within milliseconds. */
public class TracingProfile extends AgentRuntimeProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.bsp.schedule.delay", "10ms");
        return config;
    }
}
