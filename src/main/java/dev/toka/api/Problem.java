package dev.toka.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.toka.ProblemKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem detail, the body of every error answer.
 *
 * @param type       A stable URI per kind of error, {@code urn:toka:problem:<slug>}.
 * @param title      A short summary of that kind of error.
 * @param status     The HTTP status.
 * @param detail     What went wrong this time.
 * @param instance   The request path.
 * @param extensions Further members, for example {@code field} or {@code missingPermission}.
 */
@Schema(name = "Problem", description = "RFC 9457 problem detail")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, String instance,
        @Schema(hidden = true) Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Longest detail sent; a detail may quote the request, and an answer must not grow with it. */
    static final int MAX_DETAIL_LENGTH = 1_000;

    public Problem {
        detail = bounded(detail);
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** A problem of this kind, with its extension members. */
    static Problem of(ProblemKind kind, String detail, String instance, Map<String, Object> members) {
        return new Problem(kind.type(), kind.title(), kind.status(), detail, instance, members);
    }

    private static String bounded(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL_LENGTH) {
            return detail;
        }
        int end = Character.isHighSurrogate(detail.charAt(MAX_DETAIL_LENGTH - 1)) ? MAX_DETAIL_LENGTH - 1 : MAX_DETAIL_LENGTH;
        return detail.substring(0, end) + "… (" + (detail.length() - end) + " more characters)";
    }

    @JsonAnyGetter
    Map<String, Object> jsonExtensions() {
        return extensions;
    }

    /** A copy with one more extension member. */
    Problem with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    @Override
    @JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
