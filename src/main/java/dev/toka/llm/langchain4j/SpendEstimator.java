package dev.toka.llm.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModelName;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import dev.toka.llm.CallScope;
import dev.toka.llm.Usage;
import dev.toka.llm.UsageLedger;
import dev.toka.security.Budget;
import dev.toka.security.ModelSpend;
import dev.toka.security.SpendLimit;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * What a call would spend, before it is sent: its prompt tokens (by LangChain4j's OpenAI token
 * estimator with the {@code o200k} encoding, a fair approximation for other models too) plus the most
 * it may answer (its max output tokens), priced by the price table, against the agent's and the run's
 * budgets and what the ledger says they have spent.
 */
@Singleton
class SpendEstimator {

    private final UsageLedger ledger;
    private final Prices prices;

    SpendEstimator(UsageLedger ledger, Prices prices) {
        this.ledger = ledger;
        this.prices = prices;
    }

    /**
     * The spend of sending {@code request} to {@code model}.
     *
     * @param toolsJson The request's tool specifications as JSON text; they count as prompt tokens.
     */
    ModelSpend estimate(CallScope scope, ChatRequest request, String toolsJson, String model) {
        OpenAiTokenCountEstimator tokens = Tokens.ESTIMATOR;
        long prompt = tokens.estimateTokenCountInMessages(request.messages())
                + (long) tokens.estimateTokenCountInText(toolsJson);
        long completion = request.maxOutputTokens();
        List<SpendLimit> limits = new ArrayList<>(2);
        if (scope.agentBudget() != null) {
            limits.add(limit("agent " + scope.agentKey(), ledger.ofAgent(scope), scope.agentBudget()));
        }
        if (scope.runBudget() != null && scope.runId() != null) {
            limits.add(limit("run " + scope.runId(), ledger.ofRun(scope.runId()), scope.runBudget()));
        }
        return new ModelSpend(scope.vault(), scope.agentId(), model, prompt + completion,
                prices.cost(model, prompt, completion), limits);
    }

    private static SpendLimit limit(String holder, Usage spent, Budget budget) {
        return new SpendLimit(holder, spent.totalTokens(), spent.cost(), budget.tokens(), budget.cost());
    }

    /**
     * The estimator, made at the first estimate: it builds its encodings' tables, about a second of CPU that the
     * service's start would otherwise spend (a quarter of the boot's samples) before it is ready.
     */
    private static final class Tokens {
        static final OpenAiTokenCountEstimator ESTIMATOR = new OpenAiTokenCountEstimator(OpenAiChatModelName.GPT_4_O_MINI);
    }
}
