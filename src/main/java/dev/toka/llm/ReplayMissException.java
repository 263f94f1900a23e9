package dev.toka.llm;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Map;

/**
 * A replayed run asked for something its recording never answered (HTTP 409, problem {@code replay-miss}):
 * the agent's requests diverged from the recorded run, so no model is called in its place.
 *
 * <p>Not retriable: the same request will miss again.
 */
public final class ReplayMissException extends NonRetriableException {

    /** How the API answers it. */
    public static final ProblemKind KIND = new ProblemKind(409, "replay-miss",
            "The replayed run's recording holds no answer to this model request");

    private final String agentKey;
    private final String requestDigest;

    public ReplayMissException(String replayOf, String agentKey, String requestDigest, int occurrence) {
        super("run " + replayOf + " recorded no answer for agent '" + agentKey + "' to request " + requestDigest
                + (occurrence == 0 ? "" : " a " + ordinal(occurrence + 1) + " time"));
        this.agentKey = agentKey;
        this.requestDigest = requestDigest;
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }

    /** The agent whose request missed. */
    public String agentKey() {
        return agentKey;
    }

    /** The digest of the request that missed. */
    public String requestDigest() {
        return requestDigest;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Map<String, Object> problemMembers() {
        return Map.of("agentKey", agentKey, "requestDigest", requestDigest);
    }
}
