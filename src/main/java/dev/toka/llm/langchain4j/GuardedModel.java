package dev.toka.llm.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.toka.llm.LlmConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One model behind its SmallRye Fault Tolerance guards: retries with exponential backoff around a
 * circuit breaker around a per-attempt timeout. The breaker is named {@code llm-<route>}, so
 * {@code CircuitBreakerMaintenance} can inspect and reset it.
 */
final class GuardedModel {

    /** OpenAI's own endpoint, the default, which answers nothing without a key. */
    private static final String OPENAI_BASE_URL = "https://api.openai.com/v1/";

    private final String route;
    private final String modelName;
    private final boolean keyMissing;
    private final ChatModel model;
    private final TypedGuard<ChatResponse> guard;

    GuardedModel(String route, ChatModel model, LlmConfig.Route policy) {
        this.route = route;
        this.modelName = policy.model();
        this.keyMissing = policy.apiKey().isEmpty() && OPENAI_BASE_URL.equals(policy.baseUrl());
        this.model = model;
        LlmConfig.Retry retry = policy.retry();
        LlmConfig.CircuitBreaker breaker = policy.circuitBreaker();
        // The count and the per-attempt timeout bound the retries; the deadline is only a backstop far beyond them.
        long deadlineMillis = 2 * (retry.maxRetries() + 1L)
                * (policy.timeout().toMillis() + retry.maxDelay().toMillis() + retry.jitter().toMillis());
        this.guard = TypedGuard.create(ChatResponse.class)
                .withDescription("llm " + route)
                .withRetry()
                    .maxRetries(retry.maxRetries())
                    .delay(retry.delay().toMillis(), ChronoUnit.MILLIS)
                    .jitter(retry.jitter().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(deadlineMillis, ChronoUnit.MILLIS)
                    .whenException(GuardedModel::isTransient)
                    .withExponentialBackoff()
                        .factor(2)
                        .maxDelay(retry.maxDelay().toMillis(), ChronoUnit.MILLIS)
                        .done()
                    .done()
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
     * Sends the request under the guards.
     *
     * @throws Exception the last attempt's failure, a timeout, or the open circuit
     */
    ChatResponse chat(ChatRequest request) throws Exception {
        return guard.call(() -> model.chat(request));
    }

    /**
     * Whether another attempt may help: not when the circuit is open, or when the provider refused the
     * request itself (LangChain4j's non-retriable errors: 400, 401, 403, 404).
     */
    private static boolean isTransient(Throwable failure) {
        return !(failure instanceof CircuitBreakerOpenException
                || failure instanceof dev.langchain4j.exception.NonRetriableException);
    }
}
