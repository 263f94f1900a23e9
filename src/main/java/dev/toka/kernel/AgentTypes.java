package dev.toka.kernel;

import java.util.Optional;
import java.util.Set;

/**
 * The agent types something can run, consulted by {@code spawn-agent}. The kernel defines it; the
 * agent runtime implements it from its plugins, so the kernel knows no runtime.
 */
public interface AgentTypes {

    /** The known agent types, for example {@code script}. */
    Set<String> known();

    /**
     * Why a task's text cannot run on agent type {@code type} (a {@code script} task written as a
     * natural-language description), or empty when it can, as far as can be told before it runs.
     */
    default Optional<String> problemWith(String type, String taskText) {
        return Optional.empty();
    }
}
