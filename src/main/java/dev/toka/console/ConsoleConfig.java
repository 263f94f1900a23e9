package dev.toka.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The web console's settings ({@code toka.console.*}, docs/console.md). */
@ConfigMapping(prefix = "toka.console")
public interface ConsoleConfig {

    /** How long a session lasts without a request; default 30 minutes. */
    @WithDefault("PT30M")
    Duration sessionIdleTimeout();

    /** How long a session lasts at most, however busy; default 8 hours. */
    @WithDefault("PT8H")
    Duration sessionLifetime();

    /** Most sessions held at once; beyond it the least recently used one ends. Default 10000. */
    @WithDefault("10000")
    int maxSessions();

    /** How often a live page (a run's graph) is told that something changed, at most; default 250 ms. */
    @WithDefault("PT0.25S")
    Duration liveInterval();
}
