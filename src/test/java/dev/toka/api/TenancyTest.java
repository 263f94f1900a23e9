package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vault is a tenant boundary: wildcard permissions do not cross it; only the admin does. */
@QuarkusTest
class TenancyTest {

    @Test
    void anAgentNeverSchedulesOnAnotherVaultsAgentEvenWithWildcards() {
        String red = Api.spawnRootIn("red", "red-agent");
        String blue = Api.spawnRootIn("blue", "blue-agent");
        String redToken = Api.tokenIn("red", red, "task:*", "agent:*", "observation:*", "events:read");
        given().header("Authorization", redToken).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", blue, "description", "cross-tenant"))
                .post("/api/v1/operations")
                .then().statusCode(403).body("detail", containsString("another vault"));
        given().header("Authorization", redToken).contentType(ContentType.JSON)
                .body(Map.of("op", "suspend-agent", "agent", blue))
                .post("/api/v1/operations").then().statusCode(403);
    }

    @Test
    void anAgentNeverSeesAnotherVaultsAgentsOrEvents() {
        String red = Api.spawnRootIn("red", "red-reader");
        String blue = Api.spawnRootIn("blue", "blue-hidden");
        String redToken = Api.tokenIn("red", red, "events:read");
        given().header("Authorization", redToken).get("/api/v1/agents/" + blue).then().statusCode(404);
        given().header("Authorization", redToken).get("/api/v1/agents")
                .then().statusCode(200).body("agents.id", not(hasItem(blue))).body("agents.id", hasItem(red));
        given().header("Authorization", redToken).queryParam("stream", "agent-" + blue)
                .get("/api/v1/events").then().statusCode(200).body("events", org.hamcrest.Matchers.empty());
        given().header("Authorization", redToken).queryParam("limit", 1000)
                .get("/api/v1/events").then().statusCode(200)
                .body("events.streamId", everyItem(startsWith("agent-" + red)));
    }

    @Test
    void aSubAgentInheritsItsParentsVault() {
        String red = Api.spawnRootIn("red", "red-parent");
        String redToken = Api.tokenIn("red", red, "agent:spawn");
        String child = Api.spawnChild(redToken, red, "red-child");
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + child)
                .then().statusCode(200).body("vault", org.hamcrest.Matchers.equalTo("red"));
    }

    @Test
    void theAdminCrossesVaults() {
        String blue = Api.spawnRootIn("blue", "blue-managed");
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", blue, "description", "admin work"))
                .post("/api/v1/operations").then().statusCode(201);
        given().header("Authorization", Api.ADMIN).get("/api/v1/agents/" + blue).then().statusCode(200);
    }
}
