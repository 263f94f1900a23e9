package dev.toka.kernel;

/**
 * Records something an agent observed.
 *
 * @param agent The agent id.
 * @param data  The observation (at most 1 MiB; base64 in JSON).
 */
public record EmitObservation(String agent, byte[] data) implements Operation {

    @Override
    public void validate() {
        Limits.requireText("agent", agent, Limits.MAX_IDENTIFIER_BYTES);
        if (data == null) {
            throw new InvalidOperationException("data", "must be present (base64)");
        }
        if (data.length > Limits.MAX_OBSERVATION_BYTES) {
            throw new InvalidOperationException("data", "must be at most " + Limits.MAX_OBSERVATION_BYTES
                    + " bytes (got " + data.length + ")");
        }
    }
}
