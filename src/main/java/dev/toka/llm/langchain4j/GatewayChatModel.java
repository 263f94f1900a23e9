package dev.toka.llm.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.toka.llm.CallScope;
import dev.toka.llm.LlmGateway;
import dev.toka.llm.ModelCall;

/** A LangChain4j {@link ChatModel} that sends every request through the gateway in one scope, for AI services. */
final class GatewayChatModel implements ChatModel {

    private final LlmGateway gateway;
    private final CallScope scope;

    GatewayChatModel(LlmGateway gateway, CallScope scope) {
        this.gateway = gateway;
        this.scope = scope;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        return gateway.chat(new ModelCall(scope, request));
    }
}
