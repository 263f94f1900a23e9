package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        String server = System.getProperty("toka.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        String user = System.getProperty("toka.test.postgres.user", "postgres");
        String database = "toka_it_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(server, user, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = server.substring(0, server.lastIndexOf('/') + 1) + database;
        String[] postgres = {"-Dquarkus.profile=postgres", "-Dquarkus.datasource.postgresql.jdbc.url=" + url,
            "-Dquarkus.datasource.postgresql.username=" + user, "-Dtoka.agent.enabled=false"};
        try (ServiceProcess a = new ServiceProcess(first, postgres);
                ServiceProcess b = new ServiceProcess(second, postgres)) {
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
        } finally {
            try (Connection connection = DriverManager.getConnection(server, user, "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
