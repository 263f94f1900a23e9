package dev.toka.tools.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toka.tools.InvalidManifestException;
import dev.toka.tools.InvalidToolInputException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line with {@code {field}} placeholders, filled from a tool's validated input. Each
 * filled value becomes part of one argument, never a shell word: nothing is split or interpreted.
 */
final class ArgvTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final List<String> parts;

    private ArgvTemplate(List<String> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Checks a template against the input schema's required properties.
     *
     * @throws InvalidManifestException naming the argument at fault
     */
    static ArgvTemplate of(List<String> parts, Set<String> requiredProperties) {
        if (parts.isEmpty()) {
            throw new InvalidManifestException("command", "must name a program");
        }
        for (int i = 0; i < parts.size(); i++) {
            Matcher placeholder = PLACEHOLDER.matcher(parts.get(i));
            if (i == 0 && placeholder.find()) {
                throw new InvalidManifestException("command[0]", "must be a fixed program, without placeholders");
            }
            while (placeholder.find()) {
                if (!requiredProperties.contains(placeholder.group(1))) {
                    throw new InvalidManifestException("command[" + i + "]", "uses {" + placeholder.group(1)
                            + "}, which inputSchema does not list in 'required'");
                }
            }
        }
        return new ArgvTemplate(parts);
    }

    /** The command line for one call. */
    List<String> fill(JsonNode input) {
        return parts.stream().map(part -> PLACEHOLDER.matcher(part).replaceAll(match -> {
            JsonNode value = input.get(match.group(1));
            if (value == null || !value.isValueNode() || value.isNull()) {
                throw new InvalidToolInputException("/" + match.group(1),
                        "must be a string, number or boolean to fill the command");
            }
            return Matcher.quoteReplacement(value.asText());
        })).toList();
    }
}
