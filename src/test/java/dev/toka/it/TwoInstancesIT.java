package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service instances on one PostgreSQL database: an agent spawned on one is seen by the other,
 * and a token revoked on one is refused by the other, without restarting either.
 */
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class TwoInstancesIT {

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void instancesSharingADatabaseSeeEachOthersAgentsAndRevocations() throws Exception {
        try (PostgresDatabase database = new PostgresDatabase();
                ServiceProcess a = new ServiceProcess(first, database.serviceArguments());
                ServiceProcess b = new ServiceProcess(second, database.serviceArguments())) {
            a.start();
            b.start();
            String admin = "Bearer " + ServiceProcess.ADMIN_SECRET;
            String agent = given().baseUri(a.baseUrl()).header("Authorization", admin).contentType(ContentType.JSON)
                    .body(Map.of("op", "spawn-agent", "name", "shared", "type", "script"))
                    .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
            String token = "Bearer " + given().baseUri(a.baseUrl()).header("Authorization", admin)
                    .contentType(ContentType.JSON)
                    .body(Map.of("subject", agent, "permissions", List.of("task:schedule")))
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token");

            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    given().baseUri(b.baseUrl()).header("Authorization", token).contentType(ContentType.JSON)
                            .body(Map.of("op", "schedule-task", "agent", agent, "description", "on the other one"))
                            .post("/api/v1/operations").then().statusCode(201));

            String jti = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]))
                    .replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
            given().baseUri(a.baseUrl()).header("Authorization", admin).contentType(ContentType.JSON)
                    .body(Map.of("jti", jti)).post("/api/v1/tokens/revoke").then().statusCode(200);
            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    given().baseUri(b.baseUrl()).header("Authorization", token).get("/api/v1/agents/" + agent)
                            .then().statusCode(401).body("detail", containsString("revoked")));
            given().baseUri(b.baseUrl()).header("Authorization", admin).get("/api/v1/events/verify")
                    .then().statusCode(200).body("ok", equalTo(true));
        }
    }
}
