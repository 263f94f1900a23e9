package dev.toka.bus;

import java.util.Set;

/**
 * A part of the service that the {@link StartupCoordinator} starts at boot, after everything it
 * depends on: a {@link Projection}, or something that reads projections (the run engine).
 */
public interface Startable {

    /** Its name, for logs and for the error a dependency cycle raises. */
    String name();

    /** What must have started before it (for a projection: caught up with the log). */
    default Set<Class<? extends Startable>> dependsOn() {
        return Set.of();
    }

    /** Called once what it depends on has started; a projection's once it has caught up with the log. */
    void start();
}
