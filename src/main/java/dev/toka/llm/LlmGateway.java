package dev.toka.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * The one way to call a language model. Each call is checked against the agent's and the vault's
 * model-call quotas and the agent's and run's budgets before it is sent, goes to the primary model
 * (falling back to the fallback model when the primary fails or its circuit is open), and is
 * recorded in the log after redaction as {@code ModelCallRecorded} or {@code ModelCallFailed}.
 */
public interface LlmGateway {

    /**
     * Sends one chat request on behalf of {@code call.scope()}, or answers it from the recording of
     * the run named by {@link CallScope#replayOf()} without calling any model.
     *
     * @param call The scope and the request; tool specifications in the request reach the model, and
     *             tool-execution requests come back in the answer.
     * @return the model's answer, with secrets redacted
     * @throws dev.toka.security.RateLimitedException    when the agent's or vault's model-call quota is used up
     * @throws dev.toka.security.BudgetExceededException when the call would break the agent's or run's budget
     * @throws PromptTooLargeException                   when the request is over {@code toka.llm.max-prompt-chars}
     * @throws AnswerTooLargeException                   when the answer is over {@code toka.llm.max-answer-chars}
     * @throws ModelUnavailableException                 when neither the primary nor the fallback model answered
     * @throws ReplayMissException                       when replaying and the recording holds no such request
     */
    ChatResponse chat(ModelCall call);

    /**
     * A LangChain4j {@link ChatModel} whose every call goes through this gateway with {@code scope},
     * for AI services that drive their own tool loop.
     */
    ChatModel chatModelFor(CallScope scope);
}
