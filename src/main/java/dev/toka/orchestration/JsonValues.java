package dev.toka.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Results as values: a result that is a JSON object or list is that value, any other result is its text. */
final class JsonValues {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonValues() {}

    /** The value of a result for an expression: JSON objects and lists as maps and lists, else the text. */
    static Object ofResult(String result) {
        if (result == null) {
            return NullValue.NULL_VALUE;
        }
        JsonNode json = jsonOrNull(result);
        return json == null ? result : toCel(json);
    }

    /** The result as JSON: its JSON object or list, or a JSON string of its text. */
    static JsonNode jsonOfResult(String result) {
        JsonNode json = result == null ? null : jsonOrNull(result);
        return json != null ? json : MAPPER.getNodeFactory().textNode(result);
    }

    private static JsonNode jsonOrNull(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) {
            return null;
        }
        try {
            return MAPPER.readTree(trimmed);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    /** A JSON value as CEL sees it: integers as {@code long}, other numbers as {@code double}. */
    static Object toCel(JsonNode node) {
        if (node == null || node.isNull()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    /** A value CEL computed, as JSON text. */
    static String jsonOf(Object value) {
        try {
            return MAPPER.writeValueAsString(value instanceof NullValue ? null : normalised(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + value, e);
        }
    }

    /** CEL's maps, lists and null value in Jackson's terms. */
    private static Object normalised(Object value) {
        if (value instanceof NullValue) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalised(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonValues::normalised).toList();
        }
        return value;
    }
}
