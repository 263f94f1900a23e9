package dev.toka.llm;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** With no API key configured (the default), the service runs and a model call fails with a clear reason. */
@QuarkusTest
class LlmWithoutKeyTest {

    @Inject
    LlmGateway gateway;

    @Test
    void theServiceStartsAndAModelCallNamesTheMissingKey() {
        given().when().get("/q/health/ready").then().statusCode(200);

        ModelUnavailableException failure = assertThrows(ModelUnavailableException.class, () -> gateway.chat(
                new ModelCall(CallScope.ofAgent("default", "agent-without-key"),
                        ChatRequest.builder().messages(UserMessage.from("hello")).build())));

        assertTrue(failure.getMessage().contains("OPENAI_API_KEY"), failure.getMessage());
        assertTrue(failure.getMessage().contains("no API key configured"), failure.getMessage());
    }
}
