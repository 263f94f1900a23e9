package dev.toka.kernel;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an agent is in its lifecycle. */
public enum AgentStatus {
    READY,
    RUNNING,
    SUSPENDED,
    COMPLETED,
    /** An agent of a run whose task failed for good: it starts no other task (docs/agents.md). */
    FAILED,
    TERMINATED;

    /** The lower-case name used in JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
