package dev.toka.llm.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.toka.TokaException;
import dev.toka.llm.AnswerTooLargeException;
import dev.toka.llm.CallScope;
import dev.toka.llm.LlmConfig;
import dev.toka.llm.LlmEvents.ModelCallFailed;
import dev.toka.llm.LlmEvents.ModelCallRecorded;
import dev.toka.llm.LlmEvents.TokenCount;
import dev.toka.llm.LlmGateway;
import dev.toka.llm.ModelCall;
import dev.toka.llm.ModelRequestsSpentException;
import dev.toka.llm.ModelUnavailableException;
import dev.toka.llm.PromptTooLargeException;
import dev.toka.llm.ReplayMissException;
import dev.toka.llm.UsageLedger;
import dev.toka.redaction.Redactor;
import dev.toka.security.ModelSpend;
import dev.toka.security.SecurityPolicyCoordinator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The gateway on Quarkus LangChain4j: redact, size-check, replay or (after the policy admits the
 * estimated spend) call the guarded models, redact the answer, record it, count it.
 */
@Singleton
public class LangChain4jLlmGateway implements LlmGateway {

    private final LlmConfig config;
    private final Models models;
    private final ChatJson json;
    private final SpendEstimator spends;
    private final SecurityPolicyCoordinator policy;
    private final Prices prices;
    private final CallLog log;
    private final LlmMetrics metrics;
    private final UsageLedger ledger;
    private final ModelCallSpans spans;

    LangChain4jLlmGateway(LlmConfig config, Models models, ChatJson json, SpendEstimator spends,
            SecurityPolicyCoordinator policy, Prices prices, CallLog log, LlmMetrics metrics, UsageLedger ledger,
            ModelCallSpans spans) {
        this.spans = spans;
        this.config = config;
        this.models = models;
        this.json = json;
        this.spends = spends;
        this.policy = policy;
        this.prices = prices;
        this.log = log;
        this.metrics = metrics;
        this.ledger = ledger;
    }

    @Override
    public ChatModel chatModelFor(CallScope scope) {
        return new GatewayChatModel(this, scope);
    }

    /** One call, in a span {@code chat <model>} with the {@code gen_ai.*} attributes (docs/observability.md). */
    @Override
    public ChatResponse chat(ModelCall call) {
        Span span = spans.start(models.primary().modelFor(call.request()));
        try (Scope scope = span.makeCurrent()) {
            return chatInSpan(call);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private ChatResponse chatInSpan(ModelCall call) {
        CallScope scope = call.scope();
        ChatRequest request = prepared(call.request());
        ObjectNode requestJson = json.request(request);
        int size = json.text(requestJson.get("messages")).length() + json.text(requestJson.get("tools")).length();
        if (size > config.maxPromptChars()) {
            throw new PromptTooLargeException(size, config.maxPromptChars());
        }
        String digest = json.digest(requestJson);
        Sent sent = new Sent(scope, requestJson, digest, System.nanoTime(), 0);
        if (scope.isReplay()) {
            return replay(sent);
        }
        String model = models.primary().modelFor(request);
        RequestAllowance allowance = allowanceOf(scope);
        if (allowance.spent()) {
            throw spent(sent, model, false, "none was left for this call");
        }
        ModelSpend spend = spends.estimate(scope, request, json.text(requestJson.get("tools")), model);
        try {
            policy.authorizeModelCall(spend);
        } catch (TokaException refused) {
            metrics.refused(model);
            throw refused;
        }
        Models.Answer answer;
        try {
            answer = models.chat(request, allowance);
        } catch (ModelUnavailableException e) {
            String lastTried = models.last().modelFor(request);
            boolean fallbackUsed = models.last() != models.primary();
            if (allowance.spent()) {
                throw spent(sent.sending(allowance.sent()), lastTried, fallbackUsed, e.getMessage());
            }
            fail(sent.sending(allowance.sent()), lastTried, fallbackUsed, e.getMessage(), null, null);
            throw e;
        }
        return answered(sent.sending(allowance.sent()), request, answer);
    }

    /** What is left of the task's HTTP requests to models, counted from the log over all its attempts. */
    private RequestAllowance allowanceOf(CallScope scope) {
        if (scope.taskId() == null) {
            return RequestAllowance.unlimited();
        }
        return RequestAllowance.of(config.maxRequestsPerTask() - ledger.requestsOfTask(scope));
    }

    /** Records the call that spent its task's last request, or found none left, and says so. */
    private ModelRequestsSpentException spent(Sent sent, String model, boolean fallbackUsed, String lastFailure) {
        ModelRequestsSpentException spent = new ModelRequestsSpentException(sent.scope().taskId(),
                config.maxRequestsPerTask(), lastFailure);
        fail(sent, model, fallbackUsed, spent.getMessage(), null, null);
        return spent;
    }

    /** The request as it is sent: secrets redacted from every message, and a bound on the answer. */
    private ChatRequest prepared(ChatRequest request) {
        String messages = Redactor.redact(ChatMessageSerializer.messagesToJson(request.messages()));
        ChatRequestParameters parameters = request.parameters();
        if (parameters.maxOutputTokens() == null) {
            parameters = parameters.overrideWith(
                    ChatRequestParameters.builder().maxOutputTokens(config.maxOutputTokens()).build());
        }
        return ChatRequest.builder()
                .messages(ChatMessageDeserializer.messagesFromJson(messages))
                .parameters(parameters)
                .build();
    }

    private ChatResponse answered(Sent sent, ChatRequest request, Models.Answer answer) {
        ChatResponse response = redacted(answer.response());
        String model = answer.route().modelFor(request);
        TokenCount usage = tokens(response.tokenUsage());
        BigDecimal cost = prices.cost(model, usage.prompt(), usage.completion());
        ObjectNode answerJson = json.answer(response);
        int size = json.text(answerJson.get("message")).length();
        if (size > config.maxAnswerChars()) {
            AnswerTooLargeException tooLarge = new AnswerTooLargeException(size, config.maxAnswerChars());
            fail(sent, model, answer.fromFallback(), tooLarge.getMessage(), usage, cost);
            throw tooLarge;
        }
        CallScope scope = sent.scope();
        log.record(scope, new ModelCallRecorded(scope.agentId(), scope.agentKey(), scope.vault(), scope.runId(),
                scope.taskId(), model, answer.fromFallback(), sent.digest(), sent.request(), answerJson, usage, cost,
                sent.took().toMillis(), sent.requests(), null));
        metrics.answered(answer.fromFallback() ? "fallback" : "answered", model, usage, cost, sent.took());
        ModelCallSpans.answered(model, usage);
        return response;
    }

    private ChatResponse replay(Sent sent) {
        CallScope scope = sent.scope();
        int occurrence = log.occurrences(scope, scope.agentKey(), sent.digest());
        ModelCallRecorded recorded = log.recording(scope.replayOf(), scope.agentKey(), sent.digest(), occurrence)
                .orElse(null);
        if (recorded == null) {
            ReplayMissException miss = new ReplayMissException(scope.replayOf(), scope.agentKey(), sent.digest(),
                    occurrence);
            fail(sent, "replay", false, miss.getMessage(), null, null);
            throw miss;
        }
        log.record(scope, new ModelCallRecorded(scope.agentId(), scope.agentKey(), scope.vault(), scope.runId(),
                scope.taskId(), recorded.model(), recorded.fallbackUsed(), sent.digest(), sent.request(),
                recorded.response(), recorded.usage(), BigDecimal.ZERO, sent.took().toMillis(), 0, scope.replayOf()));
        metrics.answered("replayed", recorded.model(), recorded.usage(), BigDecimal.ZERO, sent.took());
        ModelCallSpans.answered(recorded.model(), recorded.usage());
        return json.answerFrom(recorded.response(), recorded.usage());
    }

    private void fail(Sent sent, String model, boolean fallbackUsed, String error, TokenCount usage, BigDecimal cost) {
        CallScope scope = sent.scope();
        log.record(scope, new ModelCallFailed(scope.agentId(), scope.agentKey(), scope.vault(), scope.runId(),
                scope.taskId(), model, fallbackUsed, sent.digest(), sent.request(), Redactor.redact(error), usage, cost,
                sent.took().toMillis(), sent.requests(), scope.replayOf()));
        metrics.failed(model, sent.took());
    }

    private ChatResponse redacted(ChatResponse response) {
        String message = Redactor.redact(ChatMessageSerializer.messageToJson(response.aiMessage()));
        return response.toBuilder().aiMessage((AiMessage) ChatMessageDeserializer.messageFromJson(message)).build();
    }

    private static TokenCount tokens(TokenUsage usage) {
        if (usage == null) {
            return new TokenCount(0, 0, 0);
        }
        long prompt = orZero(usage.inputTokenCount());
        long completion = orZero(usage.outputTokenCount());
        return new TokenCount(prompt, completion,
                usage.totalTokenCount() != null ? usage.totalTokenCount() : prompt + completion);
    }

    private static long orZero(Integer count) {
        return count == null ? 0 : count;
    }

    /**
     * A call on its way: its scope, its recorded request and digest, when it started, and how many HTTP
     * requests it sent to models.
     */
    private record Sent(CallScope scope, JsonNode request, String digest, long startNanos, int requests) {

        Sent sending(int httpRequests) {
            return new Sent(scope, request, digest, startNanos, httpRequests);
        }

        Duration took() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }
    }
}
