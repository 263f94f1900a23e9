package dev.toka.tools;

import static dev.toka.tools.ToolCalls.invokeFor;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code http.get} against real local servers: one on 127.0.0.1 (allow-listed in %test) and one on
 * 127.0.0.2 (not allow-listed), which must never be reached, not even through a redirect.
 */
@QuarkusTest
class ToolsHttpSandboxTest {

    private static HttpServer allowed;
    private static HttpServer forbidden;
    private static final AtomicInteger FORBIDDEN_HITS = new AtomicInteger();

    @BeforeAll
    static void startServers() throws IOException {
        forbidden = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        forbidden.createContext("/", exchange -> {
            FORBIDDEN_HITS.incrementAndGet();
            respond(exchange, 200, "you should not see this");
        });
        forbidden.start();
        allowed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        allowed.createContext("/hello", exchange -> respond(exchange, 200, "hello tools"));
        allowed.createContext("/big", exchange -> respond(exchange, 200, "x".repeat(5000)));
        allowed.createContext("/to-localhost", exchange -> redirect(exchange,
                "http://localhost:" + allowed.getAddress().getPort() + "/hello"));
        allowed.createContext("/to-forbidden", exchange -> redirect(exchange,
                "http://127.0.0.2:" + forbidden.getAddress().getPort() + "/"));
        allowed.createContext("/loop", exchange -> redirect(exchange, "/loop"));
        allowed.start();
    }

    @AfterAll
    static void stopServers() {
        allowed.stop(0);
        forbidden.stop(0);
    }

    @Test
    void fetchesFromAnAllowedHost() {
        invokeFor(ToolCalls.freshAgent(), "http.get", Map.of("url", url("/hello")))
                .statusCode(200)
                .body("output.status", equalTo(200))
                .body("output.body", equalTo("hello tools"))
                .body("output.truncated", equalTo(false));
    }

    @Test
    void refusesAHostOffTheAllowList() {
        invokeFor(ToolCalls.freshAgent(), "http.get",
                Map.of("url", "http://127.0.0.2:" + forbidden.getAddress().getPort() + "/"))
                .statusCode(400)
                .body("field", equalTo("/url"))
                .body("detail", containsString("not on toka.tools.http.allowed-hosts"));
        assertEquals(0, FORBIDDEN_HITS.get());
    }

    @Test
    void refusesSchemesOtherThanHttp() {
        invokeFor(ToolCalls.freshAgent(), "http.get", Map.of("url", "file:///etc/passwd"))
                .statusCode(400)
                .body("field", equalTo("/url"))
                .body("detail", containsString("http or https"));
    }

    @Test
    void followsARedirectToAnotherAllowedHost() {
        invokeFor(ToolCalls.freshAgent(), "http.get", Map.of("url", url("/to-localhost")))
                .statusCode(200)
                .body("output.url", containsString("localhost"))
                .body("output.body", equalTo("hello tools"));
    }

    @Test
    void refusesARedirectOffTheAllowList() {
        invokeFor(ToolCalls.freshAgent(), "http.get", Map.of("url", url("/to-forbidden")))
                .statusCode(422)
                .body("type", equalTo("urn:toka:problem:tool-failed"))
                .body("detail", containsString("refused"));
        assertEquals(0, FORBIDDEN_HITS.get(), "the redirect target must never be contacted");
    }

    @Test
    void stopsFollowingEndlessRedirects() {
        invokeFor(ToolCalls.freshAgent(), "http.get", Map.of("url", url("/loop")))
                .statusCode(422)
                .body("detail", containsString("redirects"));
    }

    @Test
    void cutsALongBodyAtTheCap() {
        invokeFor(ToolCalls.freshAgent(), "http.get", Map.of("url", url("/big")))
                .statusCode(200)
                .body("output.truncated", equalTo(true))
                .body("output.body.length()", equalTo(2048));
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + allowed.getAddress().getPort() + path;
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
