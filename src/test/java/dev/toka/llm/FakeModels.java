package dev.toka.llm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts two fake OpenAI-compatible servers, one for the primary and one for the fallback model,
 * points the Quarkus LangChain4j clients at them, and keeps the guards' limits short. Test fields of
 * type {@link FakeOpenAi} annotated {@link Primary} or {@link Fallback} receive them.
 */
public class FakeModels implements QuarkusTestResourceLifecycleManager {

    /** Marks the field that receives the primary model's server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Primary {}

    /** Marks the field that receives the fallback model's server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Fallback {}

    static final String PRIMARY_MODEL = "fake-primary";
    static final String FALLBACK_MODEL = "fake-fallback";

    private Vertx vertx;
    private FakeOpenAi primary;
    private FakeOpenAi fallback;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        primary = new FakeOpenAi(vertx);
        fallback = new FakeOpenAi(vertx);
        try {
            primary.start();
            fallback.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake model servers", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("toka.llm.primary.base-url", primary.baseUrl());
        config.put("quarkus.langchain4j.openai.primary.api-key", "test-primary-key");
        config.put("toka.llm.fallback.base-url", fallback.baseUrl());
        config.put("quarkus.langchain4j.openai.fallback.api-key", "test-fallback-key");
        config.put("toka.llm.primary.model", PRIMARY_MODEL);
        config.put("toka.llm.fallback.model", FALLBACK_MODEL);
        config.put("toka.llm.fallback.enabled", "true");
        for (String route : new String[] {"primary", "fallback"}) {
            String prefix = "toka.llm." + route + ".";
            config.put(prefix + "timeout", "2s");
            // Like the defaults: three attempts on the primary, two on the fallback.
            config.put(prefix + "retry.max-retries", route.equals("primary") ? "2" : "1");
            config.put(prefix + "retry.delay", "10ms");
            config.put(prefix + "retry.max-delay", "20ms");
            config.put(prefix + "retry.jitter", "0ms");
            config.put(prefix + "circuit-breaker.request-volume-threshold", "4");
            config.put(prefix + "circuit-breaker.failure-ratio", "0.5");
            config.put(prefix + "circuit-breaker.delay", "60s");
        }
        config.put("toka.llm.prices." + PRIMARY_MODEL + ".prompt-per-1k", "0.01");
        config.put("toka.llm.prices." + PRIMARY_MODEL + ".completion-per-1k", "0.03");
        config.put("toka.llm.max-prompt-chars", "20000");
        config.put("toka.llm.max-answer-chars", "5000");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(primary, new TestInjector.AnnotatedAndMatchesType(Primary.class, FakeOpenAi.class));
        injector.injectIntoFields(fallback, new TestInjector.AnnotatedAndMatchesType(Fallback.class, FakeOpenAi.class));
    }

    @Override
    public void stop() {
        try {
            primary.stop();
            fallback.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the fake model servers", e);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
