package dev.toka.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The generator's options, {@code --name=value} on the command line. */
final class BenchOptions {

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Parses {@code args}; a name outside {@code known} is refused, so that a typo cannot go unnoticed. */
    BenchOptions(Set<String> known, String... args) {
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("options are --name=value, got " + arg);
            }
            String name = arg.substring(2, equals);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; the options are " + known);
            }
            values.put(name, arg.substring(equals + 1));
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }
}
