package dev.toka.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.toka.store.EventMetadata;
import dev.toka.store.ExpectedVersion;
import dev.toka.store.NewEvent;
import dev.toka.store.StoredEvent;
import dev.toka.store.jdbc.JdbcEventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower of either kind on a log with a gap, on a real H2 database: it gets everything before the gap and stops
 * there, and catching up does not loop for ever when more than a page of events lies past the gap.
 */
class EventFeedGapTest {

    /** A projection that records the positions it is given. */
    static final class Recorder extends Projection {

        final List<Long> delivered = new CopyOnWriteArrayList<>();

        Recorder(Delivery delivery) {
            super("recorder " + delivery, delivery, Duration.ofSeconds(30));
        }

        @Override
        protected void apply(StoredEvent event) {
            delivered.add(event.position());
        }
    }

    private static final int PAST_THE_GAP = 2_500;

    private JdbcConnectionPool pool;
    private JdbcEventStore store;
    private final CommitRelay relay = new CommitRelay();

    @BeforeEach
    void createLog() {
        Path file = Path.of("target", "event-feed-gap-test", UUID.randomUUID().toString(), "toka").toAbsolutePath();
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + file, "sa", "");
        Flyway.configure().dataSource(pool).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        store = new JdbcEventStore(pool, relay, Clock.systemUTC(), 512, false, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        store.close();
        pool.dispose();
    }

    @Test
    // A separate thread: an endless catch-up loop ignores interrupts, and must fail the test, not hang it.
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFollowerStopsBeforeAGapAndCatchingUpEnds() throws Exception {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 3 + PAST_THE_GAP; i++) {
            events.add(new NewEvent(UUID.randomUUID(), "Counted", "{\"n\":" + i + "}", EventMetadata.of("test")));
        }
        store.append("agent-1", ExpectedVersion.any(), events);
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM events WHERE global_position = 3");
        }
        EventFeed feed = new EventFeed(store, relay, Duration.ofSeconds(1), 64, 1);
        try {
            Recorder onCommit = new Recorder(Projection.Delivery.ON_COMMIT);
            Recorder queued = new Recorder(Projection.Delivery.QUEUED);
            feed.start(onCommit);
            feed.start(queued);

            assertEquals(LongStream.rangeClosed(1, 2).boxed().toList(), onCommit.delivered);
            assertEquals(LongStream.rangeClosed(1, 2).boxed().toList(), queued.delivered);
        } finally {
            feed.close();
        }
    }
}
