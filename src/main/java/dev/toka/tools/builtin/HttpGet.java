package dev.toka.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.security.Provenance;
import dev.toka.security.ToolEffect;
import dev.toka.tools.HostAllowList;
import dev.toka.tools.InvalidToolInputException;
import dev.toka.tools.SideEffect;
import dev.toka.tools.Tool;
import dev.toka.tools.ToolContext;
import dev.toka.tools.ToolFailedException;
import dev.toka.tools.ToolManifest;
import dev.toka.tools.ToolsConfig;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code http.get}: fetches a URL on an allow-listed host. Redirects are followed here, one hop at a
 * time, and every hop is checked against the allow-list again; each hop has the whole configured
 * time, and the body is cut at {@code toka.tools.http.max-response-bytes}.
 */
@Singleton
public class HttpGet implements Tool {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String SCHEMA = """
            {"type":"object","required":["url"],"additionalProperties":false,
             "properties":{"url":{"type":"string","minLength":1,"maxLength":2048,
               "description":"http or https URL on an allow-listed host"}}}""";

    private final ObjectMapper mapper;
    private final ToolManifest manifest;
    private final HostAllowList allowList;
    private final ToolsConfig.Http config;
    private final HttpClient client;

    public HttpGet(ObjectMapper mapper, ToolsConfig config) {
        this.mapper = mapper;
        this.config = config.http();
        this.allowList = new HostAllowList(this.config.allowedHosts().orElse(List.of()), "toka.tools.http.allowed-hosts");
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.config.timeout())
                .build();
        this.manifest = ToolManifest.of("http.get", "1.0.0", "Fetches a URL from an allow-listed host",
                SideEffect.READ_ONLY, Schemas.parse(mapper, SCHEMA))
                .declaring(Set.of(ToolEffect.NETWORK_EGRESS), Provenance.UNTRUSTED);
    }

    @Override
    public ToolManifest manifest() {
        return manifest;
    }

    @Override
    public JsonNode run(ToolContext context, JsonNode input) {
        URI uri = parse(input.get("url").asText());
        allowList.problemWith(uri).ifPresent(problem -> {
            throw new InvalidToolInputException("/url", problem);
        });
        for (int hop = 0; hop <= config.maxRedirects(); hop++) {
            HttpResponse<CappedBody.Bytes> response = fetch(uri);
            String location = response.headers().firstValue("Location").orElse(null);
            if (!REDIRECTS.contains(response.statusCode()) || location == null) {
                return answer(uri, response);
            }
            uri = nextHop(uri, location);
        }
        throw new ToolFailedException("more than " + config.maxRedirects() + " redirects");
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidToolInputException("/url", "is not a valid URI: " + e.getReason());
        }
    }

    private URI nextHop(URI from, String location) {
        URI next;
        try {
            next = from.resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ToolFailedException("redirect from " + from + " to an invalid location '" + location + "'");
        }
        URI target = next;
        allowList.problemWith(target).ifPresent(problem -> {
            throw new ToolFailedException("redirect from " + from + " to " + target + " refused: the target " + problem);
        });
        return next;
    }

    private HttpResponse<CappedBody.Bytes> fetch(URI uri) {
        Duration timeout = config.timeout();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(timeout).build();
        CompletableFuture<HttpResponse<CappedBody.Bytes>> pending =
                client.sendAsync(request, info -> new CappedBody(config.maxResponseBytes()));
        try {
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new ToolFailedException("GET " + uri + " took longer than " + timeout);
        } catch (ExecutionException e) {
            throw new ToolFailedException("GET " + uri + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new ToolFailedException("interrupted during GET " + uri);
        }
    }

    private JsonNode answer(URI uri, HttpResponse<CappedBody.Bytes> response) {
        CappedBody.Bytes body = response.body();
        return mapper.createObjectNode()
                .put("url", uri.toString())
                .put("status", response.statusCode())
                .put("contentType", response.headers().firstValue("Content-Type").orElse(null))
                .put("truncated", body.truncated())
                .put("body", new String(body.bytes(), StandardCharsets.UTF_8));
    }
}
