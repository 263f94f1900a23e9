package dev.toka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The HTTP API as the command line uses it: JSON in and out, problem+json turned into a
 * {@link RemoteProblem}, server-sent events read line by line. The credential goes into the
 * {@code Authorization} header and nowhere else.
 *
 * <p>Built on {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a command makes one or
 * two requests, and the newer client costs about half a second of start-up (its selector thread and
 * the default TLS context with the whole trust store, even for a plain-http URL) where this one
 * costs well under a tenth (docs/cli.md, start-up cost).
 */
final class TokaClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    private final Connection connection;

    TokaClient(Connection connection) {
        this.connection = connection;
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
        return send("GET", path, null, null);
    }

    JsonNode post(String path, Object body) {
        try {
            return send("POST", path, "application/json", JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.USAGE, "cannot write the request body: " + e.getOriginalMessage());
        }
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
        return send("POST", path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
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
            HttpURLConnection http = open("GET", path, "text/event-stream");
            http.setReadTimeout(0); // a quiet stream is not a dead one
            if (resumeAfter != null) {
                http.setRequestProperty("Last-Event-ID", resumeAfter);
            }
            try {
                int status = http.getResponseCode();
                if (status != 200) {
                    throw new RemoteProblem(status, parse(readError(http)));
                }
                failures = 0;
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(http.getInputStream(), StandardCharsets.UTF_8))) {
                    SseReader reader = new SseReader(lines.lines().iterator());
                    for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                        if (event.id() != null) {
                            resumeAfter = event.id();
                        }
                        if (!listener.onEvent(event)) {
                            http.disconnect();
                            return;
                        }
                    }
                }
            } catch (IOException | UncheckedIOException dropped) {
                if (++failures > 5) {
                    throw unreachable(dropped instanceof UncheckedIOException unchecked ? unchecked.getCause() : dropped);
                }
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

    private HttpURLConnection open(String method, String path, String accept) {
        try {
            HttpURLConnection http = (HttpURLConnection) URI.create(connection.url() + path).toURL().openConnection();
            http.setRequestMethod(method);
            http.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            http.setReadTimeout(READ_TIMEOUT_MILLIS);
            http.setInstanceFollowRedirects(false); // a redirect must not carry the credential elsewhere
            http.setRequestProperty("Accept", accept);
            connection.credential().ifPresent(credential -> http.setRequestProperty("Authorization",
                    "Bearer " + credential));
            return http;
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private JsonNode send(String method, String path, String contentType, byte[] body) {
        HttpURLConnection http = open(method, path, "application/json");
        try {
            if (body != null) {
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", contentType);
                try (OutputStream out = http.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = http.getResponseCode();
            if (status >= 400) {
                throw new RemoteProblem(status, parse(readError(http)));
            }
            if (status >= 300) {
                throw new CliException(ExitCodes.FAILURE, "the service answered " + status + ", a redirect to "
                        + http.getHeaderField("Location") + ": set --url to the address it points at");
            }
            try (InputStream in = http.getInputStream()) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw unreachable(e);
        } finally {
            http.disconnect();
        }
    }

    private static String readError(HttpURLConnection http) throws IOException {
        try (InputStream error = http.getErrorStream()) {
            return error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private CliException unreachable(Throwable e) {
        String why = e instanceof ConnectException ? "connection refused"
                : e instanceof SocketTimeoutException ? "timed out"
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
