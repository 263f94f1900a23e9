package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail: denials, issuance, revocation, rotation and admin actions, queried with filters and pages. */
@QuarkusTest
class AuditQueryTest {

    @Test
    void recordsADenialWithPrincipalActionTargetReasonAndAddressButNeverTheToken() {
        String agent = Api.spawnRoot("audited");
        String token = Api.tokenFor(agent, "events:read");
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "x"))
                .post("/api/v1/operations").then().statusCode(403);
        String body = given().header("Authorization", Api.ADMIN)
                .queryParam("principal", agent).queryParam("decision", "deny")
                .get("/api/v1/audit")
                .then().statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].entry.action", equalTo("task:schedule"))
                .body("entries[0].entry.target", equalTo(agent))
                .body("entries[0].entry.status", equalTo(403))
                .body("entries[0].entry.clientAddress", equalTo("127.0.0.1"))
                .body("entries[0].entry.tokenId", equalTo(Api.jtiOf(token)))
                .extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains(token.substring("Bearer ".length())));
    }

    @Test
    void recordsIssuedDelegatedAndRevokedTokensAndKeyRotations() {
        String agent = Api.spawnRoot("issuer-audit");
        String token = Api.tokenFor(agent, "agent:spawn", "task:schedule");
        String child = Api.spawnChild(token, agent, "child");
        String childToken = Api.delegate(token, child, 60, "task:schedule");
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("jti", Api.jtiOf(childToken))).post("/api/v1/tokens/revoke").then().statusCode(200);
        given().header("Authorization", Api.ADMIN).post("/api/v1/keys/rotate").then().statusCode(201);

        given().header("Authorization", Api.ADMIN).queryParam("action", "token:delegate").queryParam("limit", 1000)
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.tokenId", hasItem(Api.jtiOf(childToken)));
        given().header("Authorization", Api.ADMIN).queryParam("action", "token:revoke").queryParam("limit", 1000)
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.tokenId", hasItem(Api.jtiOf(childToken)));
        given().header("Authorization", Api.ADMIN).queryParam("action", "token:issue").queryParam("limit", 1000)
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.tokenId", hasItem(Api.jtiOf(token)));
        given().header("Authorization", Api.ADMIN).queryParam("action", "keys:rotate")
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.decision", everyItem(equalTo("allow")));
    }

    @Test
    void recordsAdminActions() {
        String agent = Api.spawnRoot("admin-audited");
        given().header("Authorization", Api.ADMIN).queryParam("principal", "admin").queryParam("action", "agent:spawn")
                .queryParam("limit", 1000)
                .get("/api/v1/audit").then().statusCode(200)
                .body("entries.entry.decision", everyItem(equalTo("allow")))
                .body("entries.entry.action", everyItem(equalTo("agent:spawn")));
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "suspend-agent", "agent", agent)).post("/api/v1/operations").then().statusCode(201);
        given().header("Authorization", Api.ADMIN).queryParam("principal", "admin").queryParam("action", "agent:control")
                .queryParam("limit", 1000)
                .get("/api/v1/audit").then().statusCode(200).body("entries.entry.target", hasItem(agent));
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("agent", agent, "input", Map.of())).post("/api/v1/tools/fs.list/invoke")
                .then().statusCode(200);
        given().header("Authorization", Api.ADMIN).queryParam("principal", "admin").queryParam("action", "tool:fs.list")
                .queryParam("limit", 1000)
                .get("/api/v1/audit").then().statusCode(200).body("entries.entry.target", hasItem(agent));
    }

    @Test
    void pagesWithNext() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer nonsense-" + i).get("/api/v1/agents").then().statusCode(401);
        }
        long next = given().header("Authorization", Api.ADMIN)
                .queryParam("principal", "anonymous").queryParam("limit", 1)
                .get("/api/v1/audit").then().statusCode(200).body("entries", hasSize(1))
                .extract().jsonPath().getLong("next");
        given().header("Authorization", Api.ADMIN)
                .queryParam("principal", "anonymous").queryParam("limit", 1).queryParam("from", next)
                .get("/api/v1/audit").then().statusCode(200).body("entries", hasSize(1))
                .body("entries[0].position", org.hamcrest.Matchers.greaterThanOrEqualTo((int) next));
    }

    @Test
    void isForTheAdminOnlyAndValidatesItsParameters() {
        String agent = Api.spawnRoot("nosy");
        given().header("Authorization", Api.tokenFor(agent, "events:read")).get("/api/v1/audit")
                .then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", Api.ADMIN).queryParam("decision", "maybe").get("/api/v1/audit")
                .then().statusCode(400).body("field", equalTo("decision"));
        given().header("Authorization", Api.ADMIN).queryParam("limit", 5000).get("/api/v1/audit")
                .then().statusCode(400).body("detail", containsString("1000"));
        given().get("/api/v1/audit").then().statusCode(401).body("type", not(equalTo("")));
    }
}
