package dev.toka.agent;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent runtime's test profile, with {@code fs.write} needing approval, approvals that expire after a few
 * seconds, a deadline check that looks every second, so an expiry can be watched in a test, and
 * {@code untrusted-egress: approve}, so the Rule of Two asks for approval instead of refusing.
 */
public class ApprovalProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new AgentRuntimeProfile().getConfigOverrides());
        config.put("toka.tools.approval-required", "fs.write");
        config.put("toka.agent.approval-timeout", "PT8S");
        config.put("toka.agent.approval-check-interval", "PT1S");
        config.put("toka.security.untrusted-egress", "approve");
        // A fresh JVM's first model request may take longer than FakeModels' 2 s on a busy machine, and a retry
        // would take the next scripted answer.
        config.put("toka.llm.primary.timeout", "30s");
        return config;
    }
}
