package dev.toka.tools.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The limits of one sandboxed command.
 *
 * @param timeout        How long it may run before its whole process tree is killed.
 * @param maxOutputBytes Most bytes kept of stdout and of stderr each.
 * @param environment    Names of the service's environment variables passed through; all others are cleared.
 */
public record SandboxLimits(Duration timeout, int maxOutputBytes, List<String> environment) {

    public SandboxLimits {
        Objects.requireNonNull(timeout, "timeout");
        environment = List.copyOf(environment);
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes must be >= 0");
        }
    }
}
