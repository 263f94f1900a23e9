package dev.toka.tools;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What calling a tool does to the world, which decides whether a repeated call runs again. */
public enum SideEffect {
    /** Computes from its input alone. */
    NONE("none"),
    /** Reads the workspace or the network, changes nothing. */
    READ_ONLY("read-only"),
    /** Changes something, and doing it twice leaves the same state as once. */
    IDEMPOTENT("idempotent"),
    /** Changes something outside Toka's control (a process, a remote service). */
    EXTERNAL("external"),
    /** Changes something that needs an operator's trust. */
    PRIVILEGED("privileged");

    private final String wireName;

    SideEffect(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and YAML, for example {@code read-only}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Whether a repeat with the same idempotency key returns the recorded result instead of acting
     * again. Calls that change nothing simply run again, so their answer stays current.
     */
    public boolean replaysRepeats() {
        return this != NONE && this != READ_ONLY;
    }

    /** The side effect with this JSON name. */
    public static Optional<SideEffect> ofWireName(String name) {
        return Arrays.stream(values()).filter(value -> value.wireName.equals(name)).findFirst();
    }
}
