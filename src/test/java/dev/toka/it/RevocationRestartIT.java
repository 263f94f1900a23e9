package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revocation cascade over a three-level delegation chain still holds after the service is killed and restarted. */
class RevocationRestartIT {

    @TempDir
    Path data;

    @Test
    void revocationCascadeSurvivesAKill() throws Exception {
        try (ServiceProcess service = new ServiceProcess(data)) {
            service.start();
            String admin = "Bearer " + ServiceProcess.ADMIN_SECRET;
            String a = spawn(service, admin, null, "a");
            String tokenA = "Bearer " + given().baseUri(service.baseUrl()).header("Authorization", admin)
                    .contentType(ContentType.JSON)
                    .body(Map.of("subject", a, "permissions", List.of("agent:spawn", "task:schedule")))
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
            String b = spawn(service, tokenA, a, "b");
            String tokenB = delegate(service, tokenA, b, 300);
            String c = spawn(service, tokenB, b, "c");
            String tokenC = delegate(service, tokenB, c, 200);
            given().baseUri(service.baseUrl()).header("Authorization", tokenA).contentType(ContentType.JSON)
                    .body(Map.of("jti", jtiOf(tokenB), "reason", "compromised"))
                    .post("/api/v1/tokens/revoke").then().statusCode(200);

            service.kill();
            service.start();

            schedule(service, tokenA, a, 201);
            schedule(service, tokenB, b, 401);
            schedule(service, tokenC, c, 401);
        }
    }

    private static String spawn(ServiceProcess service, String bearer, String parent, String name) {
        Map<String, Object> body = parent == null
                ? Map.of("op", "spawn-agent", "name", name, "type", "script")
                : Map.of("op", "spawn-agent", "parent", parent, "name", name, "type", "script");
        return given().baseUri(service.baseUrl()).header("Authorization", bearer).contentType(ContentType.JSON)
                .body(body).post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    private static String delegate(ServiceProcess service, String bearer, String child, int ttlSeconds) {
        return "Bearer " + given().baseUri(service.baseUrl()).header("Authorization", bearer)
                .contentType(ContentType.JSON)
                .body(Map.of("subject", child, "permissions", List.of("agent:spawn", "task:schedule"), "ttlSeconds", ttlSeconds))
                .post("/api/v1/tokens/delegate").then().statusCode(201).extract().path("token");
    }

    private static void schedule(ServiceProcess service, String bearer, String agent, int status) {
        var response = given().baseUri(service.baseUrl()).header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("op", "schedule-task", "agent", agent, "description", "after restart"))
                .post("/api/v1/operations").then().statusCode(status);
        if (status == 401) {
            response.body("detail", containsString("revoked"));
        }
    }

    private static String jtiOf(String bearer) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(bearer.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
    }
}
