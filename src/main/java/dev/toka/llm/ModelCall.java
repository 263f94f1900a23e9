package dev.toka.llm;

import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Objects;

/**
 * One model call: who makes it and what it asks.
 *
 * @param scope   The agent, run and budgets the call belongs to.
 * @param request The LangChain4j chat request, tool specifications included.
 */
public record ModelCall(CallScope scope, ChatRequest request) {

    public ModelCall {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(request, "request");
    }
}
