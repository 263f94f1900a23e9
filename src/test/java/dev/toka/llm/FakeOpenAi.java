package dev.toka.llm;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A local OpenAI-compatible chat completions endpoint: it keeps every request body it receives and
 * answers from a script of replies, then with its default reply.
 */
public final class FakeOpenAi {

    /** How the fake answers one request. */
    public sealed interface Reply {

        /** A chat completion whose message holds {@code text}, with the given token counts. */
        static Reply text(String text, int promptTokens, int completionTokens) {
            JsonObject message = new JsonObject().put("role", "assistant").put("content", text);
            return new Completion(completion(message, "stop", promptTokens, completionTokens));
        }

        /** A chat completion asking for one tool call. */
        static Reply toolCall(String callId, String tool, String arguments) {
            JsonObject call = new JsonObject().put("id", callId).put("type", "function")
                    .put("function", new JsonObject().put("name", tool).put("arguments", arguments));
            JsonObject message = new JsonObject().put("role", "assistant").putNull("content")
                    .put("tool_calls", new JsonArray().add(call));
            return new Completion(completion(message, "tool_calls", 20, 10));
        }

        /** An error status with an OpenAI-style error body. */
        static Reply status(int status) {
            return new Status(status, null);
        }

        /** A 429 whose {@code Retry-After} header holds {@code retryAfter}. */
        static Reply tooManyRequests(String retryAfter) {
            return new Status(429, retryAfter);
        }

        /** {@code then}, after a pause. */
        static Reply after(Duration pause, Reply then) {
            return new Delayed(pause, then);
        }

        private static JsonObject completion(JsonObject message, String finishReason, int prompt, int completion) {
            return new JsonObject()
                    .put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1)
                    .put("model", "fake")
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
                            .put("finish_reason", finishReason)))
                    .put("usage", new JsonObject().put("prompt_tokens", prompt).put("completion_tokens", completion)
                            .put("total_tokens", prompt + completion));
        }
    }

    record Completion(JsonObject body) implements Reply {}

    record Status(int status, String retryAfter) implements Reply {}

    record Delayed(Duration pause, Reply then) implements Reply {}

    private final Vertx vertx;
    private final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    private final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
    private final Queue<Reply> script = new ArrayDeque<>();
    private List<Reply> byStep = List.of();
    private Reply otherwise = Reply.text("ok", 1, 1);
    private HttpServer server;

    public FakeOpenAi(Vertx vertx) {
        this.vertx = vertx;
    }

    public void start() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    arrivalNanos.add(System.nanoTime());
                    JsonObject json = body.length() == 0 ? new JsonObject() : body.toJsonObject();
                    requests.add(json);
                    send(next(json), request.response());
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The base URL to configure as {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1/";
    }

    /** Forgets the requests and the script; answers "ok" until told otherwise. */
    public synchronized void reset() {
        requests.clear();
        arrivalNanos.clear();
        script.clear();
        byStep = List.of();
        otherwise = Reply.text("ok", 1, 1);
    }

    /**
     * Answers a request that holds {@code n} tool results with {@code replies[n]} (the last one beyond), so a
     * request the client sends again after a timeout on a busy machine gets the same answer, not the next one.
     */
    public synchronized void willReplyByStep(Reply... replies) {
        byStep = List.of(replies);
    }

    /** Answers the next requests with {@code replies}, in order, then as before. */
    public synchronized void willReply(Reply... replies) {
        script.addAll(List.of(replies));
    }

    /** Answers every request, after the script, with {@code reply}. */
    public synchronized void alwaysReply(Reply reply) {
        otherwise = reply;
    }

    /** The bodies of the requests received, oldest first. */
    public List<JsonObject> requests() {
        return List.copyOf(requests);
    }

    /** When the requests arrived ({@link System#nanoTime()}), oldest first. */
    public List<Long> arrivalNanos() {
        return List.copyOf(arrivalNanos);
    }

    /** How many requests arrived. */
    public int requestCount() {
        return requests.size();
    }

    private synchronized Reply next(JsonObject request) {
        if (!byStep.isEmpty()) {
            long step = request.getJsonArray("messages", new JsonArray()).stream()
                    .filter(message -> message instanceof JsonObject m && "tool".equals(m.getString("role"))).count();
            return byStep.get((int) Math.min(step, byStep.size() - 1));
        }
        Reply scripted = script.poll();
        return scripted != null ? scripted : otherwise;
    }

    private void send(Reply reply, HttpServerResponse response) {
        if (reply instanceof Delayed delayed) {
            vertx.setTimer(delayed.pause().toMillis(), id -> send(delayed.then(), response));
        } else if (reply instanceof Status status) {
            if (status.retryAfter() != null) {
                response.putHeader("Retry-After", status.retryAfter());
            }
            response.setStatusCode(status.status()).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", new JsonObject().put("message", "fake failure")
                            .put("type", "server_error")).encode());
        } else if (reply instanceof Completion completion) {
            response.putHeader("Content-Type", "application/json").end(completion.body().encode());
        }
    }
}
