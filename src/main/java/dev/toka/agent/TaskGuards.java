package dev.toka.agent;

import io.smallrye.faulttolerance.api.Guard;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The SmallRye Fault Tolerance guards around task attempts: a retry with exponential backoff around
 * all attempts of a task, and around each attempt a circuit breaker shared by its agent type and a
 * timeout of its agent's limit.
 */
@Singleton
class TaskGuards {

    private static final Duration NO_RETRY_DEADLINE = Duration.ofDays(365);

    private final AgentConfig config;
    private final Guard retry;
    private final Map<String, Guard> breakers = new ConcurrentHashMap<>();
    private final Map<Duration, Guard> timeouts = new ConcurrentHashMap<>();

    TaskGuards(AgentConfig config) {
        this.config = config;
        AgentConfig.Retry policy = config.retry();
        this.retry = Guard.create()
                .withDescription("task retry")
                .withRetry()
                    .maxRetries(policy.maxRetries())
                    .delay(policy.delay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(0, ChronoUnit.MILLIS)
                    // The log bounds the attempts, not the clock: a long task may still be retried.
                    .maxDuration(NO_RETRY_DEADLINE.toMillis(), ChronoUnit.MILLIS)
                    .retryOn(RetryNeeded.class)
                    .withExponentialBackoff()
                        .factor(policy.factor())
                        .maxDelay(policy.maxDelay().toMillis(), ChronoUnit.MILLIS)
                        .done()
                    .done()
                .build();
    }

    /** Runs {@code attempts} again, after a growing wait, each time it throws {@link RetryNeeded}. */
    void withRetries(Runnable attempts) {
        retry.get(() -> {
            attempts.run();
            return null;
        }, Void.class);
    }

    /**
     * Runs one attempt under its agent type's circuit breaker and the time limit.
     *
     * @throws org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException when the limit passed
     * @throws org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException when the type keeps failing
     * @throws AttemptFailed when the plugin reported a failure, or the thread was interrupted
     * @throws AttemptRefused when the plugin reported a failure that another attempt would repeat
     */
    String attempt(String agentType, Duration limit, Supplier<String> work) {
        Guard timeout = timeouts.computeIfAbsent(limit, d -> Guard.create()
                .withTimeout().duration(d.toMillis(), ChronoUnit.MILLIS).done()
                .build());
        try {
            return breakerOf(agentType).call(() -> timeout.call(work::get, String.class), String.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            // Interrupted by a cancellation rather than the timeout: the guard says so with a checked exception.
            throw new AttemptFailed("interrupted");
        } catch (Exception e) {
            throw new AttemptFailed(e.toString());
        }
    }

    private Guard breakerOf(String agentType) {
        return breakers.computeIfAbsent(agentType, type -> Guard.create()
                .withDescription("agent type " + type)
                .withCircuitBreaker()
                    .skipOn(List.of(AttemptRefused.class, TaskRunner.AttemptAwaitsApproval.class))
                    .requestVolumeThreshold(config.circuitBreaker().requestVolumeThreshold())
                    .failureRatio(config.circuitBreaker().failureRatio())
                    .delay(config.circuitBreaker().delay().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .build());
    }

    /** A plugin reported a failed attempt. */
    static final class AttemptFailed extends RuntimeException {
        AttemptFailed(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A plugin reported a failure that another attempt would only repeat: the task fails at once, and the
     * agent type's circuit breaker does not count it, since the plugin itself works.
     */
    static final class AttemptRefused extends RuntimeException {
        AttemptRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A failed attempt was reported as retrying, so the retry guard should run another. */
    static final class RetryNeeded extends RuntimeException {
        RetryNeeded() {
            super("retry", null, false, false);
        }
    }
}
