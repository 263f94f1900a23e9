package dev.toka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The HTTP API as the command line uses it: JSON in and out, problem+json turned into a
 * {@link RemoteProblem}, server-sent events read line by line. The credential goes into the
 * {@code Authorization} header and nowhere else.
 */
final class TokaClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Connection connection;
    private final HttpClient http;

    TokaClient(Connection connection) {
        this.connection = connection;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** A query string from the non-null values, encoded; empty when there are none. */
    static String query(Map<String, ?> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** A path segment, encoded, so an id cannot change the route. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send(request(path).GET().header("Accept", "application/json"));
    }

    JsonNode post(String path, Object body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.USAGE, "cannot write the request body: " + e.getOriginalMessage());
        }
        return send(request(path).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    /** Posts files as the multipart form field {@code files}, as the workstream endpoints take them. */
    JsonNode postFiles(String path, List<Path> files) {
        String boundary = "toka-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Path file : files) {
            String name = file.getFileName().toString().replace("\"", "");
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/yaml\r\n\r\n");
            try {
                body.write(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new CliException(ExitCodes.FAILURE, "cannot read " + file + ": " + e.getMessage());
            }
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /**
     * Follows a server-sent event stream; on a dropped connection it reconnects with
     * {@code Last-Event-ID}, so no event is lost or repeated.
     *
     * @param lastEventId The position to resume after, or {@code null} to start as {@code path} says.
     * @param listener    Gets each event; returning false ends the stream.
     */
    void follow(String path, String lastEventId, SseListener listener) {
        String resumeAfter = lastEventId;
        int failures = 0;
        while (true) {
            HttpRequest.Builder request = request(path).header("Accept", "text/event-stream").GET();
            if (resumeAfter != null) {
                request.header("Last-Event-ID", resumeAfter);
            }
            try {
                HttpResponse<Stream<String>> response = http.send(request.build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                    String body = String.join("\n", (Iterable<String>) response.body()::iterator);
                    throw new RemoteProblem(response.statusCode(), parse(body));
                }
                failures = 0;
                SseReader reader = new SseReader(response.body().iterator());
                for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                    if (event.id() != null) {
                        resumeAfter = event.id();
                    }
                    if (!listener.onEvent(event)) {
                        response.body().close();
                        return;
                    }
                }
            } catch (IOException | UncheckedIOException dropped) {
                if (++failures > 5) {
                    throw unreachable(dropped);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.FAILURE, "interrupted");
            }
            pause(failures);
        }
    }

    private static void pause(int failures) {
        try {
            Thread.sleep(Math.min(5_000, 250L << Math.min(failures, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(connection.url() + path));
        connection.credential().ifPresent(credential -> builder.header("Authorization", "Bearer " + credential));
        return builder;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() >= 400) {
            throw new RemoteProblem(response.statusCode(), body);
        }
        return body;
    }

    private CliException unreachable(Exception e) {
        String why = e instanceof ConnectException ? "connection refused"
                : e instanceof HttpTimeoutException ? "timed out"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException(ExitCodes.FAILURE, "cannot reach the service at " + connection.url() + ": " + why
                + " (set --url, TOKA_URL or url in the config file)");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One server-sent event. */
    record SseEvent(String id, String type, String data) {}

    /** Receives server-sent events. */
    @FunctionalInterface
    interface SseListener {
        /** @return false to stop following */
        boolean onEvent(SseEvent event);
    }

    /** Assembles events from the lines of a {@code text/event-stream}; comments and retry hints are skipped. */
    static final class SseReader {

        private final Iterator<String> lines;

        SseReader(Iterator<String> lines) {
            this.lines = lines;
        }

        /** The next event, or {@code null} when the stream ends. */
        SseEvent next() {
            String id = null;
            String type = null;
            StringBuilder data = null;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        return new SseEvent(id, type, data.toString());
                    }
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> type = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> { } // a comment (empty field) or retry
                }
            }
            return null;
        }
    }
}
