package dev.toka.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a tool can do with the data it is given, as its manifest declares it. The security policy
 * decides on effects, not on tool names: once an agent's context holds untrusted content it loses
 * every tool whose effects {@linkplain #carriesDataOut() could carry data out} (the Rule of Two).
 */
public enum ToolEffect {
    /** Reads files of the call's workspace. */
    READS_LOCAL("reads-local"),
    /** Writes files of the call's workspace. */
    WRITES_LOCAL("writes-local"),
    /** Sends requests over the network: a URL, a header or a body can carry data to anyone. */
    NETWORK_EGRESS("network-egress"),
    /** Starts processes, which may do anything their sandbox lets them. */
    RUNS_PROCESSES("runs-processes"),
    /** Changes something outside Toka (sends a message, opens a ticket, pays). */
    EXTERNAL_SIDE_EFFECTS("external-side-effects");

    private final String wireName;

    ToolEffect(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and YAML, for example {@code network-egress}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether a tool with this effect could send what its caller read to someone outside. */
    public boolean carriesDataOut() {
        return this == NETWORK_EGRESS || this == RUNS_PROCESSES || this == EXTERNAL_SIDE_EFFECTS;
    }

    /** Whether any of {@code effects} could carry data out. */
    public static boolean anyCarriesDataOut(Set<ToolEffect> effects) {
        return effects.stream().anyMatch(ToolEffect::carriesDataOut);
    }

    /** The effects of a tool that declares none: all of them, the most dangerous assumption. */
    public static Set<ToolEffect> undeclared() {
        return EnumSet.allOf(ToolEffect.class);
    }

    /** The effect with this name. */
    public static Optional<ToolEffect> ofWireName(String name) {
        return Arrays.stream(values()).filter(value -> value.wireName.equals(name)).findFirst();
    }

    /** Every effect's name, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(ToolEffect::wireName).collect(Collectors.joining(", "));
    }
}
