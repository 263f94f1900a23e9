package dev.toka.llm.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.toka.llm.LlmEvents.TokenCount;
import dev.toka.store.EventHasher;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The recorded JSON of requests and answers, and the digest replay matches requests by. Messages go
 * through LangChain4j's own codec ({@link ChatMessageSerializer}), so a recorded answer reads back
 * with the same tool-execution requests; tool parameters through LangChain4j's schema mapping.
 */
@Singleton
class ChatJson {

    private static final HexFormat HEX = HexFormat.of();

    private final ObjectMapper mapper;

    ChatJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code messages}, {@code tools} and {@code parameters} of a request. */
    ObjectNode request(ChatRequest request) {
        ObjectNode node = mapper.createObjectNode();
        node.set("messages", parse(ChatMessageSerializer.messagesToJson(request.messages())));
        ArrayNode tools = node.putArray("tools");
        List<ToolSpecification> specifications = request.toolSpecifications();
        if (specifications != null) {
            specifications.forEach(tool -> tools.add(tool(tool)));
        }
        ObjectNode parameters = node.putObject("parameters");
        parameters.put("modelName", request.modelName());
        parameters.put("temperature", request.temperature());
        parameters.put("topP", request.topP());
        parameters.put("topK", request.topK());
        parameters.put("frequencyPenalty", request.frequencyPenalty());
        parameters.put("presencePenalty", request.presencePenalty());
        parameters.put("maxOutputTokens", request.maxOutputTokens());
        parameters.set("stopSequences", mapper.valueToTree(request.stopSequences()));
        parameters.put("toolChoice", request.toolChoice() == null ? null : request.toolChoice().name());
        parameters.set("responseFormat", responseFormat(request.responseFormat()));
        return node;
    }

    private ObjectNode tool(ToolSpecification tool) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", tool.name());
        node.put("description", tool.description());
        if (tool.parameters() != null) {
            // LangChain4j's own mapping of a schema to JSON Schema, the one its providers send.
            node.set("parameters", mapper.valueToTree(JsonSchemaElementUtils.toMap(tool.parameters())));
        }
        return node;
    }

    private JsonNode responseFormat(ResponseFormat format) {
        if (format == null) {
            return null;
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("type", format.type().name());
        if (format.jsonSchema() != null) {
            node.put("name", format.jsonSchema().name());
            node.set("schema", mapper.valueToTree(JsonSchemaElementUtils.toMap(format.jsonSchema().rootElement())));
        }
        return node;
    }

    /** {@code message} (with its tool-execution requests), {@code finishReason}, {@code modelName}, {@code id}. */
    ObjectNode answer(ChatResponse response) {
        ObjectNode node = mapper.createObjectNode();
        node.set("message", parse(ChatMessageSerializer.messageToJson(response.aiMessage())));
        node.put("finishReason", response.finishReason() == null ? null : response.finishReason().name());
        node.put("modelName", response.modelName());
        node.put("id", response.id());
        return node;
    }

    /** The answer a recording holds, as a model would have given it. */
    ChatResponse answerFrom(JsonNode answer, TokenCount usage) {
        return ChatResponse.builder()
                .aiMessage((AiMessage) ChatMessageDeserializer.messageFromJson(answer.get("message").toString()))
                .finishReason(answer.hasNonNull("finishReason")
                        ? FinishReason.valueOf(answer.get("finishReason").asText()) : null)
                .modelName(answer.path("modelName").asText(null))
                .id(answer.path("id").asText(null))
                .tokenUsage(new TokenUsage((int) usage.prompt(), (int) usage.completion(), (int) usage.total()))
                .build();
    }

    /** Hex SHA-256 of the RFC 8785 canonical form of {@code node}. */
    String digest(JsonNode node) {
        try {
            byte[] canonical = EventHasher.canonicalJson(text(node)).getBytes(StandardCharsets.UTF_8);
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The JSON text of {@code node}. */
    String text(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write recorded JSON", e);
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("LangChain4j wrote JSON that does not parse", e);
        }
    }
}
