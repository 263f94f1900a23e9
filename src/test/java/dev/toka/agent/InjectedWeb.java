package dev.toka.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The open web of a prompt-injection test, on 127.0.0.1 (an allow-listed host, so only the Rule of Two
 * stands between the agent and the attacker): a page whose text the attacker wrote, and the attacker's
 * collector, which remembers every request it receives.
 */
final class InjectedWeb {

    private final HttpServer server;
    private final List<String> collected = new CopyOnWriteArrayList<>();

    /** Serves at {@code pagePath} the HTML that {@code page} writes, given the collector's URL. */
    InjectedWeb(String pagePath, UnaryOperator<String> page) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(pagePath, exchange -> respond(exchange, page.apply(collectorUrl())));
        server.createContext("/collect", exchange -> {
            collected.add(exchange.getRequestURI().toString());
            respond(exchange, "thanks");
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String collectorUrl() {
        return url("/collect");
    }

    /** The paths and queries the collector received, in order. */
    List<String> collected() {
        return collected;
    }

    void forget() {
        collected.clear();
    }

    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
