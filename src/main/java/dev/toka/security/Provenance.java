package dev.toka.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a piece of content in an agent's context comes from, as far as the agent may trust it.
 * Trusted: the operator's specs and the agent's own outputs. Untrusted: anything a third party could
 * have written, such as an HTTP response, the answer of a tool marked untrusted (an MCP server the
 * operator does not vouch for), or a file written after its writer had read untrusted content.
 */
public enum Provenance {
    TRUSTED("trusted"),
    UNTRUSTED("untrusted");

    private final String wireName;

    Provenance(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and YAML. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The provenance with this name. */
    public static Optional<Provenance> ofWireName(String name) {
        return Arrays.stream(values()).filter(value -> value.wireName.equals(name)).findFirst();
    }
}
