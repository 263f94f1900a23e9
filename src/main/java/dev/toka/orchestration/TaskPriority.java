package dev.toka.orchestration;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The priorities of agents and tasks in the workstream format, highest first. */
public enum TaskPriority {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW;

    /** The lower-case name used in specs and JSON. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
