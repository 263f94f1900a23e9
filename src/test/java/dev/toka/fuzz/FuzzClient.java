package dev.toka.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends hostile requests, several at a time: through one keep-alive {@link HttpClient} when it can
 * carry them unchanged, byte for byte on a socket of its own when it cannot.
 */
public final class FuzzClient implements AutoCloseable {

    /**
     * What came back: the status (0 when none came), the media type and the body; {@code failure} says why
     * none came; {@code bytewise} whether the request went out byte for byte on a socket of its own.
     */
    public record Answer(int status, String contentType, byte[] body, String failure, boolean bytewise) {}

    /** A request, its answer and how long the answer took. */
    public record Exchange(HostileRequest request, Answer answer, long millis) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final URI base;
    private final HttpClient client;
    private final ExecutorService workers;

    public FuzzClient(String baseUrl, int concurrency) {
        this.base = URI.create(baseUrl);
        this.workers = Executors.newFixedThreadPool(concurrency);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(2)).build();
    }

    /** Sends them all and returns each with its answer, in order. */
    public List<Exchange> sendAll(List<HostileRequest> requests) throws Exception {
        List<Future<Exchange>> pending = new ArrayList<>(requests.size());
        for (HostileRequest request : requests) {
            pending.add(workers.submit(() -> {
                long started = System.nanoTime();
                Answer answer = send(request);
                return new Exchange(request, answer, (System.nanoTime() - started) / 1_000_000);
            }));
        }
        List<Exchange> exchanges = new ArrayList<>(requests.size());
        for (Future<Exchange> exchange : pending) {
            exchanges.add(exchange.get());
        }
        return exchanges;
    }

    Answer send(HostileRequest request) {
        try {
            HttpRequest built = request.raw() ? null : build(request);
            return built == null ? sendRaw(request) : sendThroughClient(built);
        } catch (Exception e) {
            return new Answer(0, "", new byte[0], e.toString(), false);
        }
    }

    /** The request for the HTTP client, or null where the client would refuse or change it. */
    private HttpRequest build(HostileRequest request) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(new URI(request.target())))
                    .timeout(TIMEOUT)
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
            for (HostileRequest.Header header : request.headers()) {
                builder.header(header.name(), header.value());
            }
            return builder.build();
        } catch (Exception refused) {
            return null;
        }
    }

    private Answer sendThroughClient(HttpRequest request) throws Exception {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException staleConnection) {
            // A kept-alive connection the server closed after its last answer: the request never reached it.
            if (!String.valueOf(staleConnection.getMessage()).contains("received no bytes")) {
                throw staleConnection;
            }
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body()) {
            // An accepted stream never ends: its first bytes are enough.
            return new Answer(response.statusCode(), contentType,
                    contentType.startsWith("text/event-stream") ? new byte[0] : body.readNBytes(MAX_BODY_BYTES), null, false);
        }
    }

    private Answer sendRaw(HostileRequest request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            try {
                socket.getOutputStream().write(request.wireBytes());
                socket.getOutputStream().flush();
            } catch (IOException closedWhileSending) {
                // The server may answer and close before it has read everything; the answer is what counts.
            }
            return parse(receive(socket.getInputStream()));
        }
    }

    /** Everything up to the server's close, or only the head of an endless event stream. */
    private static byte[] receive(InputStream in) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, read);
                String head = received.toString(StandardCharsets.ISO_8859_1);
                if (head.contains("\r\n\r\n") && head.substring(0, head.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT)
                        .contains("text/event-stream")) {
                    break;
                }
            }
        } catch (IOException reset) {
            // A reset after the answer still leaves the answer.
        }
        return received.toByteArray();
    }

    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/") || end < 0) {
            return new Answer(0, "", bytes, bytes.length == 0 ? "connection closed without an answer"
                    : "not an HTTP answer: " + text.substring(0, Math.min(80, text.length())), true);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = "";
        boolean chunked = false;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).strip();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        String body = text.substring(end + 4);
        return new Answer(status, contentType, (chunked ? dechunk(body) : body).getBytes(StandardCharsets.ISO_8859_1), null,
                true);
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
