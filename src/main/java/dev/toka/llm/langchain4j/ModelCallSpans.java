package dev.toka.llm.langchain4j;

import dev.toka.llm.LlmEvents.TokenCount;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.inject.Singleton;

/**
 * The span of a model call, named and tagged by the OpenTelemetry semantic conventions for generative AI
 * ({@code gen_ai.*}). Prompts and answers are never attributes: they are in the log, and may be large.
 */
@Singleton
class ModelCallSpans {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    /** Every model is reached through an OpenAI-compatible endpoint (docs/llm.md). */
    private static final String OPENAI = "openai";

    private final Tracer tracer;

    ModelCallSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the span of a chat call to {@code model}, as a child of the current span (the task's). */
    Span start(String model) {
        return tracer.spanBuilder("chat " + model)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(SYSTEM, OPENAI)
                .setAttribute(REQUEST_MODEL, model)
                .startSpan();
    }

    /** Adds the answering model and its token counts to the current call's span. */
    static void answered(String model, TokenCount usage) {
        Span.current()
                .setAttribute(RESPONSE_MODEL, model)
                .setAttribute(INPUT_TOKENS, usage.prompt())
                .setAttribute(OUTPUT_TOKENS, usage.completion());
    }
}
