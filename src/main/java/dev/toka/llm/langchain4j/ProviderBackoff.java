package dev.toka.llm.langchain4j;

import dev.toka.llm.LlmConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a model call's next attempt: exponential ({@code delay}, doubling up to
 * {@code max-delay}, plus or minus {@code jitter}), or longer when the provider's 429 said how long to
 * wait ({@code Retry-After}). One instance per call, as SmallRye asks of a custom backoff.
 */
final class ProviderBackoff implements CustomBackoffStrategy {

    private final LlmConfig.Retry policy;
    private long next;

    ProviderBackoff(LlmConfig.Retry policy) {
        this.policy = policy;
        this.next = policy.delay().toMillis();
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long jitter = policy.jitter().toMillis();
        long exponential = Math.max(0, next + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
        next = Math.min(next * 2, policy.maxDelay().toMillis());
        return RetryAfter.in(cause).map(asked -> Math.max(asked.waitTime().toMillis(), exponential))
                .orElse(exponential);
    }
}
