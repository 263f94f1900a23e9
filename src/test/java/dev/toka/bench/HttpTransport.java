package dev.toka.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The generator's HTTP client: the Vert.x core client (what Vert.x WebClient wraps) on one event loop,
 * HTTP/1.1 with a pool of keep-alive connections. On 2 cores it costs about 25 µs of CPU per request;
 * {@code java.net.http.HttpClient} cost 470–850 µs and capped the load it could offer.
 */
final class HttpTransport implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_MILLIS = 30_000;

    /** A reply: the body only when asked for, or when the status is not 2xx (so failures can be shown). */
    record Reply(int status, String body) {}

    private final Vertx vertx;
    private final HttpClient client;
    private final String host;
    private final int port;

    HttpTransport(URI base, int connections) {
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                .setPreferNativeTransport(false));
        this.host = base.getHost();
        this.port = base.getPort();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(connections).setEventLoopSize(1));
    }

    /** Sends a request with a bearer credential; {@code body == null} means GET. */
    CompletableFuture<Reply> send(String path, String bearer, byte[] body, boolean keepBody) {
        RequestOptions options = new RequestOptions()
                .setMethod(body == null ? HttpMethod.GET : HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setURI(path)
                .setIdleTimeout(REQUEST_TIMEOUT_MILLIS)
                .putHeader("Authorization", "Bearer " + bearer);
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(payload ->
                        new Reply(response.statusCode(), keepBody || response.statusCode() / 100 != 2
                                ? payload.toString(StandardCharsets.UTF_8) : null)))
                .toCompletionStage()
                .toCompletableFuture();
    }

    @Override
    public void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
