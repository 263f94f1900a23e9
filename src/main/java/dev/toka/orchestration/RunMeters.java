package dev.toka.orchestration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * {@code toka.runs} (gauge; {@code state}: running, completed, failed, cancelled): runs by state, read from
 * the run projection when scraped. Registered at start.
 */
@Startup
@Singleton
class RunMeters {

    private static final List<String> STATES = List.of(RunView.RUNNING, "completed", "failed", "cancelled");

    RunMeters(MeterRegistry registry, RunProjection runs) {
        for (String state : STATES) {
            Gauge.builder("toka.runs", runs, projection -> projection.countIn(state)).strongReference(true)
                    .description("Runs by state").tag("state", state).register(registry);
        }
    }
}
