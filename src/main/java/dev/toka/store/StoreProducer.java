package dev.toka.store;

import dev.toka.store.jdbc.JdbcEventStore;
import dev.toka.store.jdbc.JdbcSnapshots;
import dev.toka.store.memory.InMemorySnapshots;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes the one {@link EventStore} bean, on the backend {@link StoreConfig#backend()} names, through
 * the {@link StorageStrategy}.
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

    @Inject
    StoreTelemetry telemetry;

    /** The store this producer made, closed at shutdown. */
    private volatile EventStore produced;

    /** The one deadline of every write (docs/kernel.md); here it bounds the wait for a commit. */
    @ConfigProperty(name = "toka.kernel.answer-timeout")
    Duration commitTimeout;

    /**
     * The event store of the configured backend, once its log passed the start-up check; read-only
     * when configured so.
     *
     * @throws IllegalStateException naming the first bad position when the log is broken and the
     *     service is not read-only: nothing may be written past a break
     */
    @Produces
    @Singleton
    EventStore eventStore() throws Exception {
        StorageStrategy strategy = new StorageStrategy(telemetry.counting(listener), clock, config.maxBatchSize(),
                config.debug(), commitTimeout);
        EventStore store = strategy.select(config.backend(),
                backend -> (backend == StoreConfig.Backend.h2 ? h2 : postgresql).get());
        // A read-only service inspects the log and writes nothing, not even the check's own checkpoint.
        Optional<LogDefect> defect = store instanceof JdbcEventStore jdbc ? jdbc.findDefect(!config.readOnly())
                : Optional.empty();
        if (config.readOnly()) {
            String reason = defect.map(d -> "the service is read-only (toka.store.read-only=true): " + describe(d)
                    + "; restore the database from a backup").orElse("the service is read-only (toka.store.read-only=true)");
            Log.warnf("%s. Reads, GET /api/v1/events/verify and /export work; every write answers 503.", reason);
            return closedAtShutdown(new ReadOnlyEventStore(store, reason));
        }
        if (defect.isPresent()) {
            close(store);
            String message = describe(defect.get()) + ". The service does not start on a broken log, because every"
                    + " write after the break would be committed but never seen. Restore the database from a backup,"
                    + " or start read-only (toka.store.read-only=true, or TOKA_STORE_READ_ONLY=true) to verify and"
                    + " export the log; see docs/event-log.md";
            Log.error(message);
            throw new IllegalStateException(message);
        }
        return closedAtShutdown(store);
    }

    private EventStore closedAtShutdown(EventStore store) {
        produced = store;
        return store;
    }

    /**
     * Lets queued appends commit and stops the appender, after every other shutdown observer (they may
     * still append) and before the container destroys beans: a disposer could run after the datasource
     * had closed the appender's connection, which Agroal then reports as "already closed".
     */
    void closeAtShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent stop) throws Exception {
        if (produced != null) {
            close(produced);
        }
    }

    private static void close(EventStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static String describe(LogDefect defect) {
        return "the event log is broken at position " + defect.position() + ": " + defect.problem();
    }

    /** Where the projections' snapshots are kept: beside the log, on the same backend. */
    @Produces
    @Singleton
    SnapshotStore snapshotStore() {
        return snapshots();
    }

    /** Where the last verified checkpoint of the chain is kept: beside the log, on the same backend. */
    @Produces
    @Singleton
    ChainCheckpoints chainCheckpoints() {
        return snapshots();
    }

    private BesideTheLog snapshots() {
        return switch (config.backend()) {
            case memory -> new InMemorySnapshots();
            case h2 -> new JdbcSnapshots(h2.get(), clock);
            case postgresql -> new JdbcSnapshots(postgresql.get(), clock);
        };
    }
}
