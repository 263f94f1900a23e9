package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document: every operation is described and shows at least one example. */
@QuarkusTest
class OpenApiTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void everyOperationHasASummaryAndAnExample() throws Exception {
        JsonNode document = document();
        List<String> lacking = new ArrayList<>();
        for (Operation operation : operations(document)) {
            if (operation.node().path("summary").asText().isBlank()) {
                lacking.add(operation.name() + ": no summary");
            }
            if (operation.node().findValues("examples").isEmpty() && operation.node().findValues("example").isEmpty()) {
                lacking.add(operation.name() + ": no example");
            }
        }
        assertEquals(List.of(), lacking);
    }

    /** docs/api.md promises an example for every request and answer body, in every media type. */
    @Test
    void everyRequestAndAnswerBodyHasAnExample() throws Exception {
        JsonNode document = document();
        List<String> lacking = new ArrayList<>();
        for (Operation operation : operations(document)) {
            operation.node().path("requestBody").path("content").fields().forEachRemaining(body -> {
                if (!hasExample(body.getValue())) {
                    lacking.add(operation.name() + ": request body " + body.getKey());
                }
            });
            operation.node().path("responses").fields().forEachRemaining(response ->
                    response.getValue().path("content").fields().forEachRemaining(body -> {
                        if (!hasExample(body.getValue())) {
                            lacking.add(operation.name() + ": " + response.getKey() + " " + body.getKey());
                        }
                    }));
        }
        assertEquals(List.of(), lacking);
    }

    private static boolean hasExample(JsonNode mediaType) {
        return !mediaType.path("examples").isEmpty() || !mediaType.path("example").isMissingNode();
    }

    /** One operation of the document: its path, a name such as {@code GET /api/v1/agents}, and its object. */
    private record Operation(String path, String name, JsonNode node) {}

    private static List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry ->
                operations.add(new Operation(path.getKey(), entry.getKey().toUpperCase() + " " + path.getKey(),
                        entry.getValue()))));
        return operations;
    }

    /** The common answers come from one filter, and each is a problem with an example; an endpoint's own stay. */
    @Test
    void everyOperationCarriesTheCommonProblemAnswers() throws Exception {
        JsonNode document = document();
        List<String> lacking = new ArrayList<>();
        for (Operation entry : operations(document)) {
            String name = entry.name();
            JsonNode operation = entry.node();
            List<String> expected = new ArrayList<>(List.of("400", "429", "500", "503"));
            if (!operation.path("security").isEmpty() || !document.path("security").isEmpty()) {
                expected.addAll(List.of("401", "403"));
            }
            if (entry.path().contains("{")) {
                expected.add("404");
            }
            if (operation.has("requestBody")) {
                expected.addAll(List.of("413", "415"));
            }
            JsonNode responses = operation.path("responses");
            for (String status : expected) {
                if (!responses.has(status)) {
                    lacking.add(name + ": no " + status);
                }
            }
            responses.fields().forEachRemaining(response -> {
                if (response.getKey().matches("[45]\\d\\d")) {
                    JsonNode problem = response.getValue().path("content").path(PROBLEM);
                    if (!problem.path("schema").path("$ref").asText().endsWith("/Problem")) {
                        lacking.add(name + ": " + response.getKey() + " is not a problem");
                    }
                    if (!hasExample(problem)) {
                        lacking.add(name + ": " + response.getKey() + " has no example");
                    }
                }
            });
        }
        assertEquals(List.of(), lacking);
        assertTrue(document.path("components").path("schemas").has("Problem"));
        // The jwks are public: no credential, so no 401 or 403.
        JsonNode jwks = document.path("paths").path("/.well-known/jwks.json").path("get").path("responses");
        assertFalse(jwks.has("401"), "jwks is public");
        assertTrue(jwks.has("429"));
    }

    /** Answers only some endpoints give stay on them, with their own examples. */
    @Test
    void endpointSpecificProblemAnswersRemain() throws Exception {
        JsonNode paths = document().path("paths");
        JsonNode start = paths.path("/api/v1/runs").path("post").path("responses");
        assertTrue(start.path("422").path("content").path(PROBLEM).path("examples").size() > 0, start.toString());
        assertTrue(start.path("422").path("description").asText().contains("broken rule"));
        JsonNode operations = paths.path("/api/v1/operations").path("post").path("responses");
        assertTrue(operations.has("409"), operations.toString());
        assertTrue(operations.path("403").path("content").path(PROBLEM).path("examples").has("missing permission"),
                "the endpoint's own example, not the common one");
        JsonNode invoke = paths.path("/api/v1/tools/{id}/invoke").path("post").path("responses");
        assertTrue(invoke.has("409") && invoke.has("422"), invoke.toString());
        assertTrue(invoke.path("503").path("description").asText().contains("sandbox"));
    }

    private static JsonNode document() throws Exception {
        return new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }
}
