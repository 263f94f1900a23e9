package dev.toka.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The generator's options, {@code --name=value} on the command line. */
final class BenchOptions {

    private final Map<String, String> values = new LinkedHashMap<>();

    BenchOptions(String... args) {
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("options are --name=value, got " + arg);
            }
            values.put(arg.substring(2, equals), arg.substring(equals + 1));
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
