package dev.toka.orchestration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the run engine ({@code toka.orchestration.*}). */
@ConfigMapping(prefix = "toka.orchestration")
public interface OrchestrationConfig {

    /** How many of a run's next steps (spawning and scheduling agents, blocking, ...) are submitted at once; default 8. */
    @WithDefault("8")
    int stepParallelism();

    /** The agent type of a workstream spec without {@code spec.type}; {@code llm} runs Rust-era specs as written. */
    @WithDefault(Workstreams.DEFAULT_AGENT_TYPE)
    String defaultAgentType();
}
