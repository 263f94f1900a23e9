package dev.toka.bus.kafka;

import dev.toka.bus.EventFeed;
import dev.toka.bus.Subscription;
import dev.toka.store.StoredEvent;
import dev.toka.store.StoredEventJson;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Publishes the log to the topic's one partition, in position order, each event keyed by its position. It follows
 * the feed like any queued consumer, from a position the {@link KafkaBus} gives (one past the topic's last record),
 * and skips what the topic already holds, so other instances' events are not sent again.
 *
 * <p>A failed send stops it: the bus then starts it again, once Kafka answers, from the topic's last record, so
 * nothing is lost and the order is kept. Duplicates (two instances racing on one position, a record sent again
 * after a failure) are harmless: consumers take each position once.
 */
final class KafkaPublisher implements AutoCloseable {

    private final EventFeed feed;
    private final String topic;
    private final Map<String, Object> properties;
    private final ExecutorService thread;
    private final StoredEventJson json = new StoredEventJson();
    /** The highest position known to be on the topic: acknowledged to us, or read from it. */
    private final AtomicLong onTopic;
    private volatile Producer<Long, String> producer;
    private Subscription subscription;
    private volatile boolean failed;

    KafkaPublisher(EventFeed feed, String topic, Map<String, Object> properties, ExecutorService thread,
            AtomicLong onTopic) {
        this.feed = feed;
        this.topic = topic;
        this.properties = properties;
        this.thread = thread;
        this.onTopic = onTopic;
    }

    /** (Re)starts publishing from {@code position}, with a fresh producer. */
    synchronized void startFrom(long position) {
        stop();
        failed = false;
        producer = new KafkaProducer<>(properties);
        subscription = feed.subscription(position, this::publish, thread);
        subscription.start();
    }

    /** Whether a send failed since the last start: the publisher has stopped sending. */
    boolean failed() {
        return failed;
    }

    synchronized void stop() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        Producer<Long, String> stopped = producer;
        if (stopped != null) {
            producer = null; // first: the callbacks of what close aborts are then known to be stale
            stopped.close(Duration.ZERO); // what it still held is sent again from the topic's last record
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** On the publisher's thread, in position order. */
    private void publish(StoredEvent event) {
        Producer<Long, String> current = producer;
        if (failed || current == null || event.position() <= onTopic.get()) {
            return;
        }
        try {
            current.send(new ProducerRecord<>(topic, 0, event.position(), json.write(event)), (metadata, error) -> {
                if (error == null) {
                    onTopic.accumulateAndGet(event.position(), Math::max);
                } else {
                    sendFailed(current, event, error);
                }
            });
        } catch (KafkaException e) { // no metadata in max.block.ms, a closed producer
            sendFailed(current, event, e);
        }
    }

    private void sendFailed(Producer<Long, String> sender, StoredEvent event, Exception error) {
        if (sender != producer) {
            return; // a stopped producer's: the restart already resumes from the topic
        }
        if (error instanceof RecordTooLargeException) {
            // Not retried for ever: consumers see the next position's gap and read this one from the store.
            Log.warnf("event %d is too large for a Kafka record; other instances read it from the log",
                    event.position());
            return;
        }
        if (!failed) {
            failed = true;
            Log.warnf("publishing event %d to Kafka failed (%s); publishing resumes from the topic's last record",
                    event.position(), error.toString());
        }
    }
}
