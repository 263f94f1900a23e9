package dev.toka.api;

import dev.toka.bus.kafka.BusStatus;
import dev.toka.bus.kafka.KafkaBus;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * How other instances' events reach this one: {@code in-process}, {@code kafka}, or {@code polling} with
 * {@code degraded: true} while a configured Kafka does not answer. Always UP: a degraded instance still serves
 * every request correctly, only later (docs/operations.md#a-fleet-on-kafka), so it must stay in the load balancer.
 */
@Readiness
@Singleton
class BusReadiness implements HealthCheck {

    private final KafkaBus bus;

    BusReadiness(KafkaBus bus) {
        this.bus = bus;
    }

    @Override
    public HealthCheckResponse call() {
        BusStatus status = bus.status();
        return HealthCheckResponse.named("bus")
                .up()
                .withData("mode", status.mode())
                .withData("degraded", status.degraded())
                .withData("detail", status.detail())
                .build();
    }
}
