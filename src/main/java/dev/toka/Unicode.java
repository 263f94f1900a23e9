package dev.toka;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Well-formed Unicode in Java strings. JSON lets a client write a lone UTF-16 surrogate as an escape
 * ({@code "\ud800"}); such a string has no UTF-8 form, so it is refused wherever text enters the
 * service, and escaped wherever stored text leaves it.
 */
public final class Unicode {

    private Unicode() {}

    /** The index of the first surrogate without its partner, or {@code -1} when {@code text} is well-formed. */
    public static int firstLoneSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A JSON text with each lone surrogate written as its {@code \}{@code uXXXX} escape: the same JSON
     * value, now with a UTF-8 form. Only strings can hold such a character, so the escape lands inside one.
     */
    public static String escapeLoneSurrogates(String json) {
        int first = firstLoneSurrogate(json);
        if (first < 0) {
            return json;
        }
        StringBuilder escaped = new StringBuilder(json.length() + 16).append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                escaped.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * Where in a JSON tree the first malformed text (a member name or a string) is, as a path such as
     * {@code mandate.capabilities[2]}; {@code null} when every text is well-formed.
     */
    public static String pathOfLoneSurrogate(JsonNode node) {
        return pathOfLoneSurrogate(node, "");
    }

    private static String pathOfLoneSurrogate(JsonNode node, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> members = node.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            String inner = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            if (firstLoneSurrogate(member.getKey()) >= 0) {
                return inner;
            }
            String found = pathOfLoneSurrogate(member.getValue(), inner);
            if (found != null) {
                return found;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            String found = pathOfLoneSurrogate(node.get(i), path + "[" + i + "]");
            if (found != null) {
                return found;
            }
        }
        return node.isTextual() && firstLoneSurrogate(node.textValue()) >= 0 ? path : null;
    }
}
