package dev.toka.kernel;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the workstream format's time limits: a whole number with {@code ms}, {@code s}, {@code m} or
 * {@code h}, or bare seconds ({@code "500ms"}, {@code "5m"}, {@code "2h"}, {@code "1800"}).
 */
public final class TaskTimeouts {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private TaskTimeouts() {}

    /**
     * The duration written in {@code text}.
     *
     * @throws IllegalArgumentException naming the accepted forms when the text is not one of them
     */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("must be a positive whole number with ms, s, m or h, or bare seconds"
                    + " (\"500ms\", \"5m\", \"2h\", \"1800\"); got \"" + text + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        switch (unit) {
            case "ms":
                return Duration.ofMillis(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }
}
