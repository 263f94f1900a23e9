package dev.toka.orchestration;

import java.util.Objects;

/**
 * One broken rule in a spec set.
 *
 * @param file  The file (or JSON list item) the rule applies to.
 * @param field The field path, for example {@code tasks.default[2].priority}; empty for the whole file.
 * @param rule  What the field must be.
 */
public record SpecError(String file, String field, String rule) {

    public SpecError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String toString() {
        return file + (field.isEmpty() ? "" : ": " + field) + ": " + rule;
    }
}
