package dev.toka.kernel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the fleet of instances sharing one log ({@code toka.fleet.*}, docs/orchestration.md). */
@ConfigMapping(prefix = "toka.fleet")
public interface FleetConfig {

    /**
     * Whether this instance shares the work with others through leases: heartbeats in the log, tasks and
     * runs taken over from dead instances. Default: on with the PostgreSQL store (the one several instances
     * share), off with H2 and in memory, where an instance is alone and behaves as it always did.
     */
    Optional<Boolean> enabled();

    /** How often the instance records its heartbeat in the log; default 2 s. */
    @WithDefault("PT2S")
    Duration heartbeatInterval();

    /**
     * How old an instance's last heartbeat may be before the others hold it dead and take over its running
     * tasks and its runs; default 8 s. At least twice the heartbeat interval (checked at start); keep it
     * several intervals, and well above the clock skew between the hosts (heartbeats are judged by the time
     * their writer recorded).
     */
    @WithDefault("PT8S")
    Duration deadAfter();
}
