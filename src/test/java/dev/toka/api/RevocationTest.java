package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Revocation over HTTP: cascades down a delegation chain, by subject, on termination, and its rules. */
@QuarkusTest
class RevocationTest {

    private static ValidatableResponse revoke(String bearer, Map<String, String> body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tokens/revoke").then();
    }

    private static ValidatableResponse schedule(String bearer, String agent) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "work"))
                .post("/api/v1/operations").then();
    }

    /** Agents a → b → c, each with a token delegated from its parent's. */
    private record Chain(String a, String b, String c, String tokenA, String tokenB, String tokenC) {

        static Chain create() {
            String a = Api.spawnRoot("a");
            String tokenA = Api.tokenFor(a, "agent:spawn", "task:schedule");
            String b = Api.spawnChild(tokenA, a, "b");
            String tokenB = Api.delegate(tokenA, b, 500, "agent:spawn", "task:schedule");
            String c = Api.spawnChild(tokenB, b, "c");
            String tokenC = Api.delegate(tokenB, c, 400, "task:schedule");
            return new Chain(a, b, c, tokenA, tokenB, tokenC);
        }
    }

    private static void revoked(ValidatableResponse response) {
        response.statusCode(401).contentType("application/problem+json").body("detail", containsString("revoked"));
    }

    @Test
    void revokingTheRootOfAThreeLevelChainRevokesEveryTokenDerivedFromIt() {
        Chain chain = Chain.create();
        schedule(chain.tokenC(), chain.c()).statusCode(201);
        revoke(Api.ADMIN, Map.of("jti", Api.jtiOf(chain.tokenA()), "reason", "compromised")).statusCode(200);
        revoked(schedule(chain.tokenA(), chain.a()));
        revoked(schedule(chain.tokenB(), chain.b()));
        revoked(schedule(chain.tokenC(), chain.c()));
    }

    @Test
    void revokingTheMiddleLeavesTheParentValid() {
        Chain chain = Chain.create();
        revoke(chain.tokenB(), Map.of("jti", Api.jtiOf(chain.tokenB()))).statusCode(200);
        schedule(chain.tokenA(), chain.a()).statusCode(201);
        revoked(schedule(chain.tokenB(), chain.b()));
        revoked(schedule(chain.tokenC(), chain.c()));
    }

    @Test
    void aHolderMayRevokeTokensDerivedFromItsOwn() {
        Chain chain = Chain.create();
        revoke(chain.tokenA(), Map.of("jti", Api.jtiOf(chain.tokenC()))).statusCode(200);
        revoked(schedule(chain.tokenC(), chain.c()));
        schedule(chain.tokenB(), chain.b()).statusCode(201);
    }

    @Test
    void aHolderMayNotRevokeItsParentsOrAStrangersToken() {
        Chain chain = Chain.create();
        revoke(chain.tokenC(), Map.of("jti", Api.jtiOf(chain.tokenA()))).statusCode(403)
                .body("type", equalTo("urn:toka:problem:forbidden"));
        Chain other = Chain.create();
        revoke(chain.tokenA(), Map.of("jti", Api.jtiOf(other.tokenA()))).statusCode(403);
        schedule(chain.tokenA(), chain.a()).statusCode(201);
    }

    @Test
    void adminRevokesEveryTokenOfASubject() {
        Chain chain = Chain.create();
        String second = Api.tokenFor(chain.b(), "task:schedule");
        revoke(Api.ADMIN, Map.of("subject", chain.b(), "reason", "retired")).statusCode(200);
        revoked(schedule(chain.tokenB(), chain.b()));
        revoked(schedule(second, chain.b()));
        revoked(schedule(chain.tokenC(), chain.c()));
        schedule(chain.tokenA(), chain.a()).statusCode(201);
    }

    @Test
    void onlyAdminRevokesBySubject() {
        Chain chain = Chain.create();
        revoke(chain.tokenA(), Map.of("subject", chain.b())).statusCode(403);
    }

    @Test
    void terminatingAnAgentRevokesItsTokens() {
        Chain chain = Chain.create();
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "terminate-agent", "agent", chain.b(), "reason", "done"))
                .post("/api/v1/operations").then().statusCode(201);
        revoked(schedule(chain.tokenB(), chain.c()));
        revoked(schedule(chain.tokenC(), chain.c()));
    }

    @Test
    void answersUnknownJtiWith404AndAMalformedRequestWith400() {
        revoke(Api.ADMIN, Map.of("jti", "no-such-token")).statusCode(404).contentType("application/problem+json");
        revoke(Api.ADMIN, Map.of()).statusCode(400).contentType("application/problem+json");
        revoke(Api.ADMIN, Map.of("jti", "x", "subject", "y")).statusCode(400);
    }
}
