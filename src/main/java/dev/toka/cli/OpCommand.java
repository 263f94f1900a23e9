package dev.toka.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code toka op}: one kernel operation (docs/kernel.md), from flags or from JSON. */
@Command(name = "op", description = {"Submit one kernel operation (POST /api/v1/operations).",
        "From flags:  toka op schedule-task -f agent=ID -f description='summarise the report'",
        "From JSON:   toka op --json '{\"op\":\"suspend-agent\",\"agent\":\"ID\"}'",
        "From a file: toka op --file op.json   (--file - reads stdin)",
        "A -f value that is JSON (a number, true, an object, a quoted string) is sent as that JSON; "
                + "anything else as a string."})
final class OpCommand implements Callable<Integer> {

    @Mixin
    ClientOptions client;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OP", description = "The operation, e.g. spawn-agent.")
    String op;

    @Option(names = {"-f", "--field"}, paramLabel = "NAME=VALUE", description = "A field of the operation; repeat.")
    Map<String, String> fields = new LinkedHashMap<>();

    @Option(names = "--json", paramLabel = "JSON", description = "The whole operation as a JSON object.")
    String json;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the operation as JSON from FILE (- for stdin).")
    Path file;

    @Override
    public Integer call() {
        ObjectNode operation = operation();
        JsonNode result = client.client().post("/api/v1/operations", operation);
        if (client.json()) {
            ClientOptions.printJson(System.out, result);
        } else {
            JsonNode event = result.path("event");
            new Table("AGENT", "POSITION", "EVENT")
                    .row(result.path("agentId").asText(), event.path("position").asText(), event.path("type").asText())
                    .print(System.out);
            if (result.hasNonNull("token")) {
                // The child agent's new token: printed because the caller asked for it (the "token" field).
                System.out.println("token: " + result.path("token").path("token").asText());
            }
        }
        return ExitCodes.OK;
    }

    private ObjectNode operation() {
        int sources = (json != null ? 1 : 0) + (file != null ? 1 : 0) + (op != null || !fields.isEmpty() ? 1 : 0);
        if (sources != 1) {
            throw new CliException(ExitCodes.USAGE, "give the operation one way: OP with -f fields, --json or --file");
        }
        if (json != null) {
            return object(json, "--json");
        }
        if (file != null) {
            return object(read(file), file.toString());
        }
        if (op == null) {
            throw new CliException(ExitCodes.USAGE, "name the operation (OP) before its -f fields");
        }
        ObjectNode operation = TokaClient.JSON.createObjectNode().put("op", op);
        fields.forEach((name, value) -> operation.set(name, value(value)));
        return operation;
    }

    private static String read(Path file) {
        try {
            return file.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILURE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static ObjectNode object(String text, String source) {
        try {
            JsonNode node = TokaClient.JSON.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.USAGE, source + " is not JSON: " + e.getOriginalMessage());
        }
        throw new CliException(ExitCodes.USAGE, source + " must be a JSON object with an \"op\" member");
    }

    // Strict: "9a1e-…" is text, not the number 9 followed by junk.
    private static JsonNode value(String text) {
        try {
            JsonNode node = TokaClient.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (IOException plainText) {
            // not JSON: sent as text
        }
        return TokaClient.JSON.getNodeFactory().textNode(text);
    }
}
