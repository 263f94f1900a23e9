package dev.toka.orchestration;

import java.util.Objects;

/**
 * One spec as submitted, before parsing: a YAML (or JSON) document and where it came from.
 *
 * @param file The file name, or {@code specs[i]} for an item of a JSON list.
 * @param text The document.
 */
public record SpecSource(String file, String text) {

    public SpecSource {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
    }
}
