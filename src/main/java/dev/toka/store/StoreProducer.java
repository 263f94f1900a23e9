package dev.toka.store;

import dev.toka.store.jdbc.JdbcEventStore;
import dev.toka.store.memory.InMemoryEventStore;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Makes the one {@link EventStore} bean, on the backend {@link StoreConfig#backend()} names.
 *
 * <p>Both JDBC datasources are built in, because Quarkus fixes a datasource's kind at build time;
 * only the one the backend uses is active at run time (see {@code docs/event-log.md}), so each is
 * injected as an instance and looked up only when chosen.
 */
@Singleton
public class StoreProducer {

    @Inject
    @DataSource("h2")
    InjectableInstance<javax.sql.DataSource> h2;

    @Inject
    @DataSource("postgresql")
    InjectableInstance<javax.sql.DataSource> postgresql;

    @Inject
    StoreConfig config;

    @Inject
    Clock clock;

    @Inject
    CommitListener listener;

    /** The event store of the configured backend. */
    @Produces
    @Singleton
    EventStore eventStore() {
        return switch (config.backend()) {
            case memory -> new InMemoryEventStore(listener, clock);
            case h2 -> jdbc(h2);
            case postgresql -> jdbc(postgresql);
        };
    }

    /** Lets queued appends commit and stops the appender before the datasource goes away. */
    void close(@Disposes EventStore store) {
        if (store instanceof JdbcEventStore jdbc) {
            jdbc.close();
        }
    }

    private EventStore jdbc(InjectableInstance<javax.sql.DataSource> dataSource) {
        return new JdbcEventStore(dataSource.get(), listener, clock, config.maxBatchSize(), config.debug());
    }
}
