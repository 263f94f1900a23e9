package dev.toka.orchestration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the run engine ({@code toka.orchestration.*}). */
@ConfigMapping(prefix = "toka.orchestration")
public interface OrchestrationConfig {

    /** How many of a run's next steps (spawning and scheduling agents, blocking, ...) are submitted at once; default 8. */
    @WithDefault("8")
    int stepParallelism();
}
