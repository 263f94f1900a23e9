package dev.toka.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.orchestration.ControlFlow.FanOut;
import dev.toka.orchestration.ControlFlow.Loop;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a spec's control flow: {@code dependencies.when}, {@code loop}, {@code fan_out} and {@code output},
 * compiling each expression so that a broken one is reported with the spec's other errors.
 */
final class ControlFlowReader {

    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_FAN_OUT = 1000;
    private static final int MAX_CONCURRENCY = 100;
    private static final int DEFAULT_CONCURRENCY = 4;
    private static final int MAX_OUTPUT_KEYS = 50;

    private final JsonNode root;
    private final List<SpecError> errors;
    private final String file;
    private final Set<String> required;

    ControlFlowReader(JsonNode root, List<SpecError> errors, String file, Set<String> required) {
        this.root = root;
        this.errors = errors;
        this.file = file;
        this.required = required;
    }

    ControlFlow read() {
        String when = expression("dependencies.when", true);
        if (when != null && required.isEmpty()) {
            error("dependencies.when", "a condition over the dependencies' results needs dependencies.required");
        }
        Loop loop = loop();
        FanOut fanOut = fanOut();
        if (SpecReader.at(root, "loop") != null && SpecReader.at(root, "fan_out") != null) {
            error("fan_out", "cannot be combined with loop in one agent: loop inside a fan-out's instances");
        }
        return new ControlFlow(when, loop, fanOut, output());
    }

    private Loop loop() {
        if (!mapping("loop")) {
            return null;
        }
        String until = expression("loop.until", true);
        if (until == null && SpecReader.at(root, "loop.until") == null) {
            error("loop.until", "is required: the condition that ends the loop");
        }
        Integer max = count("loop.max_iterations", 1, MAX_ITERATIONS, null);
        return until == null || max == null ? null : new Loop(until, max);
    }

    private FanOut fanOut() {
        if (!mapping("fan_out")) {
            return null;
        }
        String items = expression("fan_out.items", false);
        if (items == null && SpecReader.at(root, "fan_out.items") == null) {
            error("fan_out.items", "is required: an expression over deps giving the list to fan out over");
        }
        if (required.isEmpty()) {
            error("fan_out", "fans out over a dependency's result, so it needs dependencies.required");
        }
        Integer max = count("fan_out.max_items", 1, MAX_FAN_OUT, null);
        Integer concurrency = count("fan_out.concurrency", 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY);
        return items == null || max == null || concurrency == null ? null : new FanOut(items, max, concurrency);
    }

    private Map<String, String> output() {
        Map<String, String> output = new LinkedHashMap<>();
        JsonNode node = SpecReader.at(root, "output");
        if (node == null || node.isNull()) {
            return output;
        }
        if (!node.isObject() || node.isEmpty() || node.size() > MAX_OUTPUT_KEYS) {
            error("output", "must be a mapping of 1 to " + MAX_OUTPUT_KEYS + " names to CEL expressions over tasks,"
                    + " such as summary: \"tasks[1]\"");
            return output;
        }
        node.fieldNames().forEachRemaining(key -> {
            String expression = expression("output." + key, false);
            if (expression != null) {
                output.put(key, expression);
            }
        });
        return output;
    }

    /** Whether the key is present, reporting it unless it is a mapping. */
    private boolean mapping(String path) {
        JsonNode node = SpecReader.at(root, path);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            error(path, "must be a mapping");
            return false;
        }
        return true;
    }

    /** The compiled expression at {@code path}, or {@code null} when absent or broken (reported). */
    private String expression(String path, boolean condition) {
        JsonNode node = SpecReader.at(root, path);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            error(path, "must be a CEL expression as text");
            return null;
        }
        String problem = condition ? Expressions.problemWithCondition(node.asText())
                : Expressions.problemWithValue(node.asText());
        if (problem != null) {
            error(path, problem);
            return null;
        }
        return node.asText();
    }

    /** A whole number in {@code [min, max]} at {@code path}; {@code fallback} when absent ({@code null}: required). */
    private Integer count(String path, int min, int max, Integer fallback) {
        JsonNode node = SpecReader.at(root, path);
        if (node == null || node.isNull()) {
            if (fallback == null) {
                error(path, "is required: a whole number from " + min + " to " + max);
            }
            return fallback;
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            error(path, "must be a whole number from " + min + " to " + max);
            return null;
        }
        return node.asInt();
    }

    private void error(String field, String rule) {
        errors.add(new SpecError(file, field, rule));
    }
}
