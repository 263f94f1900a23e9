package dev.toka.kernel;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an agent is in its lifecycle. */
public enum AgentStatus {
    READY,
    RUNNING,
    SUSPENDED,
    COMPLETED,
    FAILED,
    TERMINATED;

    /** The lower-case name used in JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
