package dev.toka.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the agent runtime ({@code toka.agent.*}). */
@ConfigMapping(prefix = "toka.agent")
public interface AgentConfig {

    /** Whether this instance runs queued tasks; default {@code true}. */
    @WithDefault("true")
    boolean enabled();

    /** How many agents may run a task at the same time; default 8. */
    @WithDefault("8")
    int maxConcurrentAgents();

    /** The time limit of one attempt when the agent was spawned without one; default 5m. */
    @WithDefault("5m")
    Duration defaultTimeout();

    /**
     * How long a tool call's approval may stay unanswered; then it expires and its task fails with that reason.
     * Default 1 hour.
     */
    @WithDefault("PT1H")
    Duration approvalTimeout();

    /**
     * How often the approvals nobody answered are looked for, to expire them (read by the scheduler); default
     * 5 seconds.
     */
    @WithDefault("PT5S")
    Duration approvalCheckInterval();

    /** Retries of a failed or timed-out attempt. */
    Retry retry();

    /** The {@code llm} agent type. */
    Llm llm();

    /** The {@code llm} agent type's limits. */
    interface Llm {

        /** Most tool calls in one task attempt before it fails; default 10. */
        @WithDefault("10")
        int maxSteps();

        /** Messages of chat memory kept per agent; default 40. */
        @WithDefault("40")
        int memoryMessages();

        /** Agents whose chat memory is kept at once (least recently used go first); default 10000. */
        @WithDefault("10000")
        int memoryAgents();
    }

    /** The circuit breaker kept per agent type. */
    CircuitBreaker circuitBreaker();

    /** Bounded retries with exponential backoff. */
    interface Retry {

        /** Attempts after the first; default 2. */
        @WithDefault("2")
        int maxRetries();

        /** The wait before the first retry; default 200ms. */
        @WithDefault("200ms")
        Duration delay();

        /** The factor the wait grows by on each retry; default 2. */
        @WithDefault("2")
        int factor();

        /** The longest wait between attempts; default 10s. */
        @WithDefault("10s")
        Duration maxDelay();
    }

    /** Stops sending attempts to an agent type that keeps failing. */
    interface CircuitBreaker {

        /** How many recent attempts the failure ratio is computed over; default 20. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** The ratio of failed attempts that opens the breaker; default 0.5. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting a trial attempt through; default 10s. */
        @WithDefault("10s")
        Duration delay();
    }
}
