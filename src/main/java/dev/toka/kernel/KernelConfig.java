package dev.toka.kernel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the kernel ({@code toka.kernel.*}). */
@ConfigMapping(prefix = "toka.kernel")
public interface KernelConfig {

    /**
     * The most time a write may take to be answered: waiting for earlier operations on its agent, for
     * its commit, and for the projections to show it. Past it the caller gets a 503 saying where the
     * write stood, instead of waiting for ever. Default 30 s: a write normally answers in milliseconds,
     * and a group commit under heavy load in well under a second.
     */
    @WithDefault("PT30S")
    Duration answerTimeout();
}
