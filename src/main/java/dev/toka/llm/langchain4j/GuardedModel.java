package dev.toka.llm.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.toka.llm.LlmConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One model behind its SmallRye Fault Tolerance guards: retries around a circuit breaker around a
 * per-attempt timeout. A retry waits with exponential backoff, or as long as a 429's {@code Retry-After}
 * asks, up to {@code toka.llm.max-retry-after}. The breaker is named {@code llm-<route>}, so
 * {@code CircuitBreakerMaintenance} can inspect and reset it.
 *
 * <p>The retry is a guard of its own around the other two, so that a call whose task has no request left
 * stops retrying without the breaker counting that as a failure of the model.
 */
final class GuardedModel {

    /** OpenAI's own endpoint, the default, which answers nothing without a key. */
    private static final String OPENAI_BASE_URL = "https://api.openai.com/v1/";

    private final String route;
    private final String modelName;
    private final boolean keyMissing;
    private final Duration maxRetryAfter;
    private final ChatModel model;
    private final TypedGuard<ChatResponse> retry;
    private final TypedGuard<ChatResponse> attempt;

    GuardedModel(String route, ChatModel model, LlmConfig.Route policy, Duration maxRetryAfter) {
        this.route = route;
        this.modelName = policy.model();
        this.keyMissing = policy.apiKey().isEmpty() && OPENAI_BASE_URL.equals(policy.baseUrl());
        this.maxRetryAfter = maxRetryAfter;
        this.model = model;
        LlmConfig.Retry retries = policy.retry();
        LlmConfig.CircuitBreaker breaker = policy.circuitBreaker();
        // The count and the per-attempt timeout bound the retries; the deadline is only a backstop far beyond them.
        long longestWait = Math.max(retries.maxDelay().toMillis(), maxRetryAfter.toMillis()) + retries.jitter().toMillis();
        long deadlineMillis = 2 * (retries.maxRetries() + 1L) * (policy.timeout().toMillis() + longestWait);
        this.retry = TypedGuard.create(ChatResponse.class)
                .withDescription("llm " + route + " retry")
                .withRetry()
                    .maxRetries(retries.maxRetries())
                    .delay(retries.delay().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(deadlineMillis, ChronoUnit.MILLIS)
                    .whenException(this::isTransient)
                    .withCustomBackoff()
                        .strategy(() -> new ProviderBackoff(retries))
                        .done()
                    .done()
                .build();
        this.attempt = TypedGuard.create(ChatResponse.class)
                .withDescription("llm " + route)
                .withCircuitBreaker()
                    .name(breakerName(route))
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .withTimeout()
                    .duration(policy.timeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                .build();
    }

    /** The name of the circuit breaker of {@code route}. */
    static String breakerName(String route) {
        return "llm-" + route;
    }

    /** {@code primary} or {@code fallback}. */
    String route() {
        return route;
    }

    /** Whether the model needs an API key that is not configured, so a call cannot succeed. */
    boolean keyMissing() {
        return keyMissing;
    }

    /** The model a request goes to: the one it names, or this route's. */
    String modelFor(ChatRequest request) {
        return request.modelName() != null ? request.modelName() : modelName;
    }

    /**
     * Sends the request under the guards, each attempt taken from {@code allowance}.
     *
     * @throws Exception the last attempt's failure, a timeout, or the open circuit; {@link AllowanceSpent}
     *         around the failure after which no request was left
     */
    ChatResponse chat(ChatRequest request, RequestAllowance allowance) throws Exception {
        return retry.call(() -> {
            try {
                return attempt.call(() -> {
                    allowance.spend();
                    return model.chat(request);
                });
            } catch (Exception failure) {
                throw allowance.spent() ? new AllowanceSpent(failure) : failure;
            }
        });
    }

    /** Why {@code failure} is not retried when the provider asked to wait longer than we will, or empty. */
    Optional<String> tooLongAWait(Throwable failure) {
        Optional<RetryAfter> asked = RetryAfter.in(failure);
        if (asked.isPresent() && asked.get().waitTime().compareTo(maxRetryAfter) > 0) {
            return Optional.of("rate limited; the provider asks to wait " + asked.get().waitTime().toSeconds()
                    + " s, longer than toka.llm.max-retry-after (" + maxRetryAfter.toSeconds() + " s)");
        }
        return Optional.empty();
    }

    /**
     * Whether another attempt may help: not when the circuit is open, the task has no request left, the
     * provider refused the request itself (LangChain4j's non-retriable errors: 400, 401, 403, 404), or it
     * asked to wait longer than we will.
     */
    private boolean isTransient(Throwable failure) {
        return !(failure instanceof CircuitBreakerOpenException
                || failure instanceof AllowanceSpent
                || failure instanceof dev.langchain4j.exception.NonRetriableException)
                && tooLongAWait(failure).isEmpty();
    }

    /** The attempt that failed with the cause was the last request its task may send. */
    static final class AllowanceSpent extends Exception {
        AllowanceSpent(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
