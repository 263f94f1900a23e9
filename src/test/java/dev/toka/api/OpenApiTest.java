package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document: every operation is described and shows at least one example. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyOperationHasASummaryAndAnExample() throws Exception {
        JsonNode document = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        List<String> lacking = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(operation -> {
                String name = operation.getKey().toUpperCase() + " " + path.getKey();
                if (operation.getValue().path("summary").asText().isBlank()) {
                    lacking.add(name + ": no summary");
                }
                if (operation.getValue().findValues("examples").isEmpty()
                        && operation.getValue().findValues("example").isEmpty()) {
                    lacking.add(name + ": no example");
                }
            });
        }
        assertEquals(List.of(), lacking);
    }
}
