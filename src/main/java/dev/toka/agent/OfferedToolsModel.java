package dev.toka.agent;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.function.Predicate;

/**
 * A model that is sent only the tools still offered. An AI service fixes its tools when a task starts;
 * the Rule of Two can withdraw some in the middle of it (after an untrusted answer), and from the very
 * next request on the model must no longer see them.
 */
final class OfferedToolsModel implements ChatModel {

    private final ChatModel model;
    private final Predicate<String> stillOffered;

    /**
     * @param model        The model the requests go to.
     * @param stillOffered Whether the tool with this function name is still offered.
     */
    OfferedToolsModel(ChatModel model, Predicate<String> stillOffered) {
        this.model = model;
        this.stillOffered = stillOffered;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        List<ToolSpecification> all = request.toolSpecifications() == null ? List.of() : request.toolSpecifications();
        List<ToolSpecification> offered = all.stream().filter(tool -> stillOffered.test(tool.name())).toList();
        if (offered.size() == all.size()) {
            return model.chat(request);
        }
        return model.chat(ChatRequest.builder()
                .messages(request.messages())
                .parameters(DefaultChatRequestParameters.builder().overrideWith(request.parameters())
                        .toolSpecifications(offered).build())
                .build());
    }
}
