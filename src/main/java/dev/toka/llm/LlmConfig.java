package dev.toka.llm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the LLM gateway ({@code toka.llm.*}). Endpoints and keys of the two models are
 * Quarkus LangChain4j's {@code quarkus.langchain4j.openai.primary.*} and {@code …fallback.*}.
 */
@ConfigMapping(prefix = "toka.llm")
public interface LlmConfig {

    /** The primary model and its guards. */
    Route primary();

    /** The fallback model, used when the primary fails or its circuit is open. */
    Fallback fallback();

    /** Max output tokens set on a request that names none, so every answer, and its estimate, is bounded; default 4096. */
    @WithDefault("4096")
    int maxOutputTokens();

    /** The largest request, in characters of its recorded JSON (messages and tools); default 200000. */
    @WithDefault("200000")
    int maxPromptChars();

    /** The largest answer, in characters of its recorded message JSON; default 100000. */
    @WithDefault("100000")
    int maxAnswerChars();

    /**
     * HTTP requests to models one task may send, over all its attempts, retries and fallbacks; once they
     * are spent the task fails for good; default 6.
     */
    @WithDefault("6")
    int maxRequestsPerTask();

    /**
     * The longest {@code Retry-After} of a 429 answer that is waited out before the next attempt; a
     * provider asking for longer fails the attempt at once; default 30s.
     */
    @WithDefault("30s")
    Duration maxRetryAfter();

    /** Prices per model name; a model without an entry costs nothing. */
    Map<String, Price> prices();

    /** One model and the guards around its calls. */
    interface Route {

        /** The OpenAI-compatible endpoint, for example {@code http://localhost:11434/v1} for Ollama. */
        String baseUrl();

        /** The API key; a local server needs none, OpenAI's own endpoint does. */
        Optional<String> apiKey();

        /** The model name, as the endpoint knows it (also the key of the price table). */
        String model();

        /** The time limit of one attempt; default 60s. */
        @WithDefault("60s")
        Duration timeout();

        /** Retries of a failed attempt. */
        Retry retry();

        /** The circuit breaker around the model's attempts. */
        CircuitBreaker circuitBreaker();
    }

    /** The fallback model: off unless enabled. */
    interface Fallback extends Route {

        /** Whether there is a fallback model; default false. */
        @WithDefault("false")
        boolean enabled();
    }

    /** Retries with exponential backoff. */
    interface Retry {

        /** Attempts after the first; default 2. */
        @WithDefault("2")
        int maxRetries();

        /** The wait before the first retry; default 500ms. */
        @WithDefault("500ms")
        Duration delay();

        /** The longest wait between attempts; the wait doubles up to it; default 10s. */
        @WithDefault("10s")
        Duration maxDelay();

        /** Random variation of each wait, so many agents do not retry in step; default 200ms. */
        @WithDefault("200ms")
        Duration jitter();
    }

    /** Stops sending attempts to a model that keeps failing. */
    interface CircuitBreaker {

        /** How many recent attempts the failure ratio is computed over; default 20. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** The ratio of failed attempts that opens the circuit; default 0.5. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the circuit stays open before a trial attempt; default 30s. */
        @WithDefault("30s")
        Duration delay();
    }

    /** What a model's tokens cost, in one currency unit of the operator's choice. */
    interface Price {

        /** Cost of 1,000 prompt tokens ({@code prompt-per-1k}). */
        @WithName("prompt-per-1k")
        BigDecimal promptPer1k();

        /** Cost of 1,000 completion tokens ({@code completion-per-1k}). */
        @WithName("completion-per-1k")
        BigDecimal completionPer1k();
    }
}
