package dev.toka.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.toka.kernel.RunLink;
import dev.toka.kernel.RunLink.RunInput;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a script step's references to the results its run hands the agent: {@code ${deps.<agent>.result}},
 * {@code ${deps.<agent>.result.items[0].url}} (a path into a JSON result), {@code ${item}} and
 * {@code ${item.name}} (the element of a fan-out). Text is put in as it is, anything else as JSON; in a tool
 * step's JSON input, text is escaped so that it can stand between quotes.
 */
final class ResultTemplates {

    /** A reference: {@code deps.<name>.result} or {@code item}, then a path of {@code .key} and {@code [i]}. */
    static final Pattern REFERENCE = Pattern.compile(
            "\\$\\{(?:deps\\.([A-Za-z0-9][A-Za-z0-9._-]*?)\\.result|(item))((?:\\.[A-Za-z0-9_-]+|\\[\\d+])*)}");
    private static final Pattern PATH_STEP = Pattern.compile("\\.([A-Za-z0-9_-]+)|\\[(\\d+)]");

    private final ObjectMapper mapper;
    private final Map<String, JsonNode> results = new HashMap<>();
    private final JsonNode item;

    ResultTemplates(ObjectMapper mapper, RunLink run) {
        this.mapper = mapper;
        if (run != null) {
            for (RunInput input : run.inputsOrNone()) {
                results.put(input.agent(), input.result() == null ? null : valueOf(input.result()));
            }
        }
        this.item = run == null || run.item() == null ? null : json(run.item());
    }

    /** A fan-out item, which the run records as JSON. */
    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }

    /**
     * The step with every reference filled.
     *
     * @param jsonString whether the text is a tool's JSON input, where text values are escaped
     * @throws IllegalArgumentException naming a reference that points at nothing
     */
    String fill(String step, boolean jsonString) {
        Matcher matcher = REFERENCE.matcher(step);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            JsonNode value = resolve(matcher);
            String text = value.isTextual() ? value.asText() : value.toString();
            if (jsonString && value.isTextual()) {
                String quoted = TextNode.valueOf(text).toString();
                text = quoted.substring(1, quoted.length() - 1);
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(text));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private JsonNode resolve(Matcher reference) {
        JsonNode value;
        if (reference.group(2) != null) {
            value = item;
            if (value == null) {
                throw new IllegalArgumentException(reference.group() + ": this agent is not a fan-out instance");
            }
        } else {
            String agent = reference.group(1);
            if (!results.containsKey(agent)) {
                throw new IllegalArgumentException(reference.group() + ": '" + agent
                        + "' is not an agent this one depends on");
            }
            value = results.get(agent);
            if (value == null) {
                throw new IllegalArgumentException(reference.group() + ": '" + agent + "' was skipped");
            }
        }
        Matcher step = PATH_STEP.matcher(reference.group(3));
        while (step.find()) {
            value = step.group(1) != null ? value.get(step.group(1)) : value.get(Integer.parseInt(step.group(2)));
            if (value == null) {
                throw new IllegalArgumentException(reference.group() + ": the result has nothing at '"
                        + step.group() + "'");
            }
        }
        return value;
    }

    /** A result as JSON when it is a JSON object or list, else as text. */
    private JsonNode valueOf(String result) {
        String trimmed = result.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return mapper.readTree(trimmed);
            } catch (JsonProcessingException notJson) {
                // text that merely starts like JSON
            }
        }
        return TextNode.valueOf(result);
    }
}
