package dev.toka.api;

import dev.toka.kernel.WorldState;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the world state has replayed the log, so no request sees a half-rebuilt projection. */
@Readiness
@Singleton
class WorldStateReadiness implements HealthCheck {

    private final WorldState world;

    WorldStateReadiness(WorldState world) {
        this.world = world;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("world-state")
                .status(world.isCaughtUp())
                .withData("position", world.position())
                .build();
    }
}
