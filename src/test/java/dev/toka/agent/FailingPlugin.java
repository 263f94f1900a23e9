package dev.toka.agent;

import jakarta.enterprise.context.ApplicationScoped;

/** A real plugin for tests whose every attempt fails, to trip the circuit breaker of its type. */
@ApplicationScoped
class FailingPlugin implements AgentPlugin {

    static final String TYPE = "always-failing";

    @Override
    public String agentType() {
        return TYPE;
    }

    @Override
    public AgentResult execute(AgentContext context) {
        return AgentResult.failure("broken on purpose");
    }
}
