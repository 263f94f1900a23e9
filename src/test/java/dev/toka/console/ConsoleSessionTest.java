package dev.toka.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.toka.agent.AgentEvents;
import dev.toka.agent.ApprovalProfile;
import dev.toka.llm.FakeModels;
import dev.toka.llm.FakeOpenAi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's session over plain HTTP: the cookie's attributes, CSRF refusals, sign-out, error pages, who may
 * decide approvals. Shares ConsoleBrowserTest's profile (approvals on, fake model), so both run in one boot.
 */
@QuarkusTest
@TestProfile(ApprovalProfile.class)
@WithTestResource(FakeModels.class)
class ConsoleSessionTest {

    @FakeModels.Primary
    FakeOpenAi model;

    @Test
    void signInKeepsTheCredentialOnTheServerBehindAnHttpOnlyStrictCookie() {
        String setCookie = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("credential", ConsoleClient.ADMIN_SECRET).post("/console/sign-in")
                .then().statusCode(303).header("Location", containsString("/console"))
                .extract().header("Set-Cookie");
        assertThat(setCookie, allOf(startsWith(ConsoleGate.COOKIE + "="), containsString("HttpOnly"),
                containsString("SameSite=Strict"), containsString("Path=/console"),
                not(containsString(ConsoleClient.ADMIN_SECRET))));
    }

    @Test
    void rejectsAWrongCredentialWithoutASession() {
        given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("credential", "not-the-secret").post("/console/sign-in")
                .then().statusCode(401).contentType(containsString("text/html"))
                .body(containsString("Sign-in refused")).header("Set-Cookie", nullValue());
    }

    @Test
    void sendsABrowserWithoutASessionToTheSignInPage() {
        given().redirects().follow(false).get("/console/runs")
                .then().statusCode(303).header("Location", containsString("/console/sign-in?session=none&next=%2Fconsole%2Fruns"));
        given().redirects().follow(false).cookie(ConsoleGate.COOKIE, "forged").get("/console")
                .then().statusCode(303);
    }

    @Test
    void refusesAStateChangeWithoutTheSessionsCsrfToken() {
        ConsoleClient session = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);
        List<String> keysBefore = kids();
        session.request().post("/console/tokens/rotate")
                .then().statusCode(403).contentType(containsString("text/html")).body(containsString("CSRF"));
        session.request().header(ConsoleGate.CSRF_HEADER, "guessed").post("/console/tokens/rotate")
                .then().statusCode(403);
        ConsoleClient other = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);
        session.request().header(ConsoleGate.CSRF_HEADER, other.csrf()).post("/console/tokens/rotate")
                .then().statusCode(403);
        assertEquals(keysBefore, kids(), "a refused request rotated no key");

        session.withCsrf().post("/console/tokens/rotate").then().statusCode(200).body(containsString("New signing key"));
        assertEquals(keysBefore.size() + 1, kids().size());
    }

    @Test
    void signingOutEndsTheSession() {
        ConsoleClient session = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);
        session.request().get("/console").then().statusCode(200);
        session.withCsrf().post("/console/sign-out").then().statusCode(200)
                .header("HX-Redirect", "/console/sign-in").header("Set-Cookie", containsString("Max-Age=0"));
        session.request().get("/console").then().statusCode(303);
    }

    @Test
    void everyPageRendersForTheAdmin() {
        ConsoleClient session = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);
        for (String page : List.of("/console", "/console/overview/live", "/console/runs", "/console/agents",
                "/console/events", "/console/events/1", "/console/audit", "/console/tokens", "/console/approvals",
                "/console/approvals/pending")) {
            session.request().get(page).then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Cache-Control", "no-store")
                    .body(anyOf(containsString("</html>"), containsString("id=\"live\""), containsString("id=\"pending\"")));
        }
    }

    @Test
    void answersAnErrorWithAPageOfTheSameStatus() {
        ConsoleClient session = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);
        session.request().get("/console/runs/no-such-run")
                .then().statusCode(404).contentType(containsString("text/html")).body(containsString("404"));
    }

    @Test
    void answersBadFormInputWithAClientErrorPageAndStoresNothing() {
        ConsoleClient session = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);
        session.withCsrf().contentType("application/x-www-form-urlencoded").formParam("subject", "x")
                .formParam("ttlSeconds", "soon").post("/console/tokens/issue")
                .then().statusCode(400).contentType(containsString("text/html"));
        session.withCsrf().contentType("application/x-www-form-urlencoded").formParam("reason", "no id")
                .post("/console/tokens/revoke").then().statusCode(400).body(containsString("jti"));
        session.withCsrf().contentType("application/x-www-form-urlencoded").formParam("jti", "no-such-token")
                .post("/console/tokens/revoke").then().statusCode(404);
        int runsBefore = runCount();
        session.withCsrf().multiPart("files", "latin1.yaml", new byte[] {'a', ':', ' ', (byte) 0xE9},
                "application/yaml").post("/console/runs").then().statusCode(400).body(containsString("UTF-8"));
        session.withCsrf().multiPart("files", "broken.yaml", "metadata: [".getBytes(StandardCharsets.UTF_8),
                "application/yaml").post("/console/runs").then().statusCode(422).contentType(containsString("text/html"));
        assertEquals(runsBefore, runCount(), "no run started");
        session.request().get("/console/events/not-a-position").then().statusCode(400);
    }

    @Test
    void decidingAnApprovalNeedsApprovalGrantAndTheCsrfTokenAsTheApiDoes() {
        PendingApprovals.Pending pending = PendingApprovals.request(model, "console-approval");
        String grant = "/console/approvals/" + pending.approvalId() + "/grant";
        String reject = "/console/approvals/" + pending.approvalId() + "/reject";
        ConsoleClient reader = ConsoleClient.signIn(token(pending.agentId(), "events:read"));
        ConsoleClient approver = ConsoleClient.signIn(token(pending.agentId(), "approval:grant", "events:read"));

        reader.request().get("/console").then().statusCode(200).body(not(containsString("/console/approvals")));
        for (String page : List.of("/console/approvals", "/console/approvals/pending", "/console/approvals/live")) {
            reader.request().get(page).then().statusCode(403).contentType(containsString("text/html"))
                    .body(containsString("approval:grant"));
        }
        reader.withCsrf().post(grant).then().statusCode(403).body(containsString("approval:grant"));
        reader.withCsrf().contentType(ContentType.URLENC).formParam("reason", "no").post(reject)
                .then().statusCode(403).body(containsString("approval:grant"));
        approver.request().post(grant).then().statusCode(403).body(containsString("CSRF"));
        approver.request().header(ConsoleGate.CSRF_HEADER, reader.csrf()).contentType(ContentType.URLENC)
                .formParam("reason", "no").post(reject).then().statusCode(403).body(containsString("CSRF"));
        assertEquals("pending", PendingApprovals.state(pending.approvalId()), "no refused request decided it");
        assertEquals(List.of(), AgentEvents.types("agent-" + pending.agentId()).stream()
                .filter(type -> type.startsWith("Approval") && !type.equals("ApprovalRequested")).toList());

        approver.request().get("/console/approvals").then().statusCode(200)
                .body(containsString("href=\"/console/approvals\""), containsString(pending.approvalId()));
        // A form field stops at 2,048 bytes (Quarkus' form attribute limit), below the API's 4,096 for a reason.
        approver.withCsrf().contentType(ContentType.URLENC).formParam("reason", "x".repeat(4097)).post(reject)
                .then().statusCode(413);
        assertEquals("pending", PendingApprovals.state(pending.approvalId()), "an over-long reason decided nothing");
        approver.withCsrf().contentType(ContentType.URLENC).formParam("reason", "not on a Sunday").post(reject)
                .then().statusCode(200).body(containsString("Rejected approval " + pending.approvalId()),
                        containsString("not on a Sunday"));
        assertThat(AgentEvents.awaitTypes("agent-" + pending.agentId(), types -> types.contains("ApprovalRejected"), 10),
                org.hamcrest.Matchers.hasItem("ApprovalRejected"));
        approver.withCsrf().post(grant).then().statusCode(anyOf(org.hamcrest.Matchers.is(404),
                org.hamcrest.Matchers.is(409))); // decided: nothing left to grant
    }

    /** A token for the agent with these permissions, from the API. */
    private static String token(String agent, String... permissions) {
        return given().header("Authorization", "Bearer " + ConsoleClient.ADMIN_SECRET).contentType(ContentType.JSON)
                .body(Map.of("subject", agent, "permissions", List.of(permissions), "ttlSeconds", 600))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    private static int runCount() {
        return given().header("Authorization", "Bearer " + ConsoleClient.ADMIN_SECRET).queryParam("limit", 1000)
                .get("/api/v1/runs").then().statusCode(200).extract().jsonPath().getList("runs").size();
    }

    private static List<String> kids() {
        return JsonPath.from(given().get("/.well-known/jwks.json").asString()).getList("keys.kid");
    }
}
