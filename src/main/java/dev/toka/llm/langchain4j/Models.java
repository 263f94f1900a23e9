package dev.toka.llm.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.toka.llm.LlmConfig;
import dev.toka.llm.ModelUnavailableException;
import dev.toka.redaction.Redactor;
import io.quarkiverse.langchain4j.ModelName;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The primary model and, when enabled, the fallback: the Quarkus LangChain4j OpenAI chat models named
 * {@value #PRIMARY} and {@value #FALLBACK}, each behind its own guards. A request goes to the primary;
 * when that fails after its retries, or its circuit is open, it goes to the fallback.
 */
@Singleton
class Models {

    static final String PRIMARY = "primary";
    static final String FALLBACK = "fallback";
    private static final int MAX_REASON_LENGTH = 500;

    private final List<GuardedModel> routes = new ArrayList<>();

    Models(@ModelName(PRIMARY) ChatModel primary, @ModelName(FALLBACK) ChatModel fallback, LlmConfig config) {
        routes.add(new GuardedModel(PRIMARY, primary, config.primary(), config.maxRetryAfter()));
        if (config.fallback().enabled()) {
            routes.add(new GuardedModel(FALLBACK, fallback, config.fallback(), config.maxRetryAfter()));
        }
    }

    /** The model a request goes to first. */
    GuardedModel primary() {
        return routes.get(0);
    }

    /** The model a request that gets no answer was tried on last. */
    GuardedModel last() {
        return routes.get(routes.size() - 1);
    }

    /**
     * Sends {@code request} to the primary model, then to the fallback if the primary gave no answer and
     * {@code allowance} has a request left.
     *
     * @throws ModelUnavailableException saying why each model gave none
     */
    Answer chat(ChatRequest request, RequestAllowance allowance) {
        List<String> reasons = new ArrayList<>();
        Exception last = null;
        for (GuardedModel route : routes) {
            if (allowance.spent()) {
                break;
            }
            if (route.keyMissing()) {
                reasons.add(route.route() + " model " + route.modelFor(request) + ": no API key configured; set "
                        + (route.route().equals(PRIMARY) ? "OPENAI_API_KEY" : "TOKA_LLM_FALLBACK_API_KEY")
                        + ", or point the base URL at a server that needs none");
                continue;
            }
            try {
                return new Answer(route.chat(request, allowance), route);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelUnavailableException("interrupted while waiting for the " + route.route() + " model", e);
            } catch (Exception e) {
                last = e;
                reasons.add(route.route() + " model " + route.modelFor(request) + ": " + reason(route, e));
            }
        }
        if (routes.size() == 1) {
            reasons.add("no fallback model (toka.llm.fallback.enabled=false)");
        }
        throw new ModelUnavailableException("no model answered: " + String.join("; ", reasons), last);
    }

    private String reason(GuardedModel route, Exception failure) {
        Throwable e = failure instanceof GuardedModel.AllowanceSpent spent ? spent.getCause() : failure;
        Optional<RetryAfter> rateLimited = RetryAfter.in(e);
        if (rateLimited.isPresent()) {
            return route.tooLongAWait(e).orElse(rateLimited.get().getMessage());
        }
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit open after repeated failures";
        }
        if (e instanceof TimeoutException) {
            return "timed out";
        }
        String message = Redactor.redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return message.length() <= MAX_REASON_LENGTH ? message : message.substring(0, MAX_REASON_LENGTH) + "…";
    }

    /** A model's answer and the route that gave it. */
    record Answer(ChatResponse response, GuardedModel route) {

        boolean fromFallback() {
            return route.route().equals(FALLBACK);
        }
    }
}
