package dev.toka.kernel;

import java.util.Set;

/**
 * The agent types something can run, consulted by {@code spawn-agent}. The kernel defines it; the
 * agent runtime implements it from its plugins, so the kernel knows no runtime.
 */
public interface AgentTypes {

    /** The known agent types, for example {@code script}. */
    Set<String> known();
}
