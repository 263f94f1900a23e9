package dev.toka.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * What one instance does and another sees, over HTTP: a spawn becoming visible, a revocation being refused, and how
 * long each took to cross. Shared by the Kafka bus IT, the fleet IT and the propagation benchmark.
 */
final class CrossInstance {

    static final String ADMIN = "Bearer " + ServiceProcess.ADMIN_SECRET;

    private CrossInstance() {}

    static String spawn(ServiceProcess on, String name) {
        return given().baseUri(on.baseUrl()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", name, "type", "script"))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
    }

    static String token(ServiceProcess on, String agent) {
        return "Bearer " + given().baseUri(on.baseUrl()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", agent, "permissions", List.of("task:schedule")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
    }

    static void revoke(ServiceProcess on, String token) {
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        String jti = claims.replaceAll(".*\"jti\":\"([^\"]+)\".*", "$1");
        given().baseUri(on.baseUrl()).header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("jti", jti)).post("/api/v1/tokens/revoke").then().statusCode(200);
    }

    /** Milliseconds from now until {@code on} shows the agent; fails past {@code limit}. */
    static long untilVisible(ServiceProcess on, String agent, Duration limit) {
        return until(limit, () -> given().baseUri(on.baseUrl()).header("Authorization", ADMIN)
                .get("/api/v1/agents/" + agent).statusCode() == 200);
    }

    /** Milliseconds from now until {@code on} authenticates the token (anything but 401); fails past {@code limit}. */
    static long untilAuthenticated(ServiceProcess on, String agent, String token, Duration limit) {
        return until(limit, () -> given().baseUri(on.baseUrl()).header("Authorization", token)
                .get("/api/v1/agents/" + agent).statusCode() != 401);
    }

    /** Milliseconds from now until {@code on} refuses the token (401); fails past {@code limit}. */
    static long untilRefused(ServiceProcess on, String agent, String token, Duration limit) {
        return until(limit, () -> given().baseUri(on.baseUrl()).header("Authorization", token)
                .get("/api/v1/agents/" + agent).statusCode() == 401);
    }

    /** Waits until the instance's health endpoint reports the bus mode (and stays ready). */
    static void awaitBusMode(ServiceProcess on, String mode) {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() ->
                mode.equals(given().baseUri(on.baseUrl()).get("/q/health/ready").then().statusCode(200)
                        .extract().path("checks.find { it.name == 'bus' }.data.mode")));
    }

    private static long until(Duration limit, java.util.function.BooleanSupplier condition) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            long elapsed = System.nanoTime() - start;
            if (elapsed > limit.toNanos()) {
                throw new AssertionError("not within " + limit.toMillis() + " ms");
            }
            try {
                Thread.sleep(2); // a 2 ms resolution, without a spinning client competing for the two cores
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
