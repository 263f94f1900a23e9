package dev.toka.bus;

import dev.toka.store.EventLog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The bus's gauges, registered at start and read from the followers themselves when scraped:
 *
 * <ul>
 *   <li>{@code toka.projection.lag} (gauge; {@code projection}): the log's head position minus the
 *       projection's, in events;
 *   <li>{@code toka.sse.subscribers} (gauge): live event streams (server-sent events).
 * </ul>
 */
@Startup
@Singleton
class BusMeters {

    BusMeters(MeterRegistry registry, EventLog log, EventFeed feed, @All List<Projection> projections) {
        for (Projection projection : projections) {
            Gauge.builder("toka.projection.lag", projection, p -> Math.max(0, log.headPosition() - p.position()))
                    .strongReference(true)
                    .description("Events committed that the projection has not applied yet")
                    .baseUnit("events")
                    .tag("projection", projection.name())
                    .register(registry);
        }
        Gauge.builder("toka.sse.subscribers", feed, EventFeed::liveSubscriptions).strongReference(true)
                .description("Live event streams (server-sent events)")
                .register(registry);
    }
}
