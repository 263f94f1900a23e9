package dev.toka.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The verdict on a batch of exchanges: which answers break the rules (no answer, a 5xx, a refusal
 * that is not an RFC 9457 problem with a {@code type}), answers counted by status, category and
 * endpoint.
 */
public final class FuzzReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 40;

    private final List<String> violations = new ArrayList<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Map<Integer, Integer>> byCategory = new TreeMap<>();
    private final Map<String, Integer> byEndpoint = new TreeMap<>();
    private final List<FuzzClient.Exchange> slowest;
    private final List<String> acceptedWrites = new ArrayList<>();
    private final List<String> codecRefusals = new ArrayList<>();

    public FuzzReport(List<FuzzClient.Exchange> exchanges) {
        slowest = exchanges.stream().sorted(java.util.Comparator.comparingLong(FuzzClient.Exchange::millis).reversed())
                .limit(5).toList();
        for (FuzzClient.Exchange exchange : exchanges) {
            FuzzClient.Answer answer = exchange.answer();
            byStatus.merge(answer.status(), 1, Integer::sum);
            byCategory.computeIfAbsent(exchange.request().category().name(), c -> new TreeMap<>())
                    .merge(answer.status(), 1, Integer::sum);
            if (answer.status() > 0) {
                byEndpoint.merge(exchange.request().endpoint(), 1, Integer::sum);
            }
            if (answer.status() >= 200 && answer.status() < 300 && !exchange.request().endpoint().startsWith("GET ")) {
                acceptedWrites.add(answer.status() + " <- " + exchange.request());
            }
            if (answeredByCodec(answer)) {
                codecRefusals.add(answer.status() + " <- " + exchange.request());
                continue;
            }
            String violation = violation(answer);
            if (violation != null) {
                violations.add(violation + " <- " + exchange.request());
            }
        }
    }

    /**
     * Bytes the HTTP codec refuses before any handler runs (a header or request line past its 64 KiB
     * ceilings, control bytes in a header, a broken escape in the target, broken chunking) get the right
     * status with an empty body, or a closed connection: Quarkus offers no hook to answer them (docs/api.md,
     * "What the codec answers itself"). Only requests sent byte for byte can be such.
     */
    private static boolean answeredByCodec(FuzzClient.Answer answer) {
        return answer.bytewise() && answer.body().length == 0 && answer.contentType().isEmpty()
                && (answer.status() == 0 || answer.status() == 400 || answer.status() == 414 || answer.status() == 431);
    }

    private static String violation(FuzzClient.Answer answer) {
        if (answer.status() == 0) {
            return "no answer (" + answer.failure() + ")";
        }
        if (answer.status() >= 500) {
            return answer.status() + " " + answer.contentType() + " " + snippet(answer.body());
        }
        if (answer.status() < 400) {
            return null;
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            return answer.status() + " not a problem: '" + answer.contentType() + "' " + snippet(answer.body());
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem == null || !problem.path("type").isTextual() || problem.path("type").asText().isBlank()) {
                return answer.status() + " problem without a type: " + snippet(answer.body());
            }
            if (problem.path("status").asInt() != answer.status()) {
                return answer.status() + " problem with status " + problem.path("status") + ": " + snippet(answer.body());
            }
            return null;
        } catch (Exception e) {
            return answer.status() + " problem that is not JSON: " + snippet(answer.body());
        }
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return "'" + text.replaceAll("\\s+", " ") + "'";
    }

    /** The rule-breaking answers, each with its request. */
    public List<String> violations() {
        return violations;
    }

    /** How many requests got the given status (0: no answer). */
    public int count(int status) {
        return byStatus.getOrDefault(status, 0);
    }

    /** The endpoints of {@code expected} (by {@link Endpoint#key()}) that no answered request reached. */
    public Set<String> unexercised(List<Endpoint> expected) {
        Set<String> missing = new TreeSet<>();
        expected.forEach(endpoint -> {
            if (!byEndpoint.containsKey(endpoint.key())) {
                missing.add(endpoint.key());
            }
        });
        return missing;
    }

    /** Everything, every violation and every accepted write included, for a file next to the build output. */
    public String full() {
        return summary() + "\n\nall " + violations.size() + " answers that break the rules:\n" + String.join("\n", violations)
                + "\n\n" + acceptedWrites.size() + " hostile requests to changing endpoints answered 2xx:\n"
                + String.join("\n", acceptedWrites) + "\n\n" + codecRefusals.size() + " refused by the HTTP codec itself:\n"
                + String.join("\n", codecRefusals) + "\n";
    }

    /** A summary for the build output. */
    public String summary() {
        StringBuilder text = new StringBuilder("answers by status ").append(byStatus).append('\n');
        byCategory.forEach((category, statuses) -> text.append("  ").append(category).append(' ').append(statuses).append('\n'));
        text.append("requests by endpoint ").append(byEndpoint).append('\n');
        text.append("slowest answers");
        slowest.forEach(e -> text.append("\n  ").append(e.millis()).append(" ms ").append(e.answer().status())
                .append(" <- ").append(e.request()));
        text.append('\n');
        text.append(acceptedWrites.size()).append(" hostile requests to changing endpoints answered 2xx\n");
        text.append(codecRefusals.size()).append(" refused by the HTTP codec itself, without a body (docs/api.md, Limits)\n");
        text.append(violations.size()).append(" answers break the rules");
        violations.stream().limit(SHOWN).forEach(v -> text.append("\n  ").append(v));
        if (violations.size() > SHOWN) {
            text.append("\n  … and ").append(violations.size() - SHOWN).append(" more");
        }
        return text.toString();
    }
}
