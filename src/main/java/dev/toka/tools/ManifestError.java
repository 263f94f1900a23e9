package dev.toka.tools;

/**
 * Why a YAML manifest file was skipped.
 *
 * @param file  The file's name in the manifest directory.
 * @param field The member at fault, for example {@code command[1]} or {@code inputSchema/properties}.
 * @param rule  The rule it breaks.
 */
public record ManifestError(String file, String field, String rule) {}
