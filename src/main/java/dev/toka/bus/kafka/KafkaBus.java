package dev.toka.bus.kafka;

import dev.toka.bus.EventFeed;
import dev.toka.store.EventHasher;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import dev.toka.store.StoredEventJson;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The bus across instances: with {@code toka.bus.kafka.bootstrap-servers} set, each instance publishes what it
 * commits to one Kafka topic ({@link KafkaPublisher}) and hands what the topic brings to its {@link EventFeed}, and
 * the feed stops polling the log. Unset, nothing here runs and no Kafka class is touched.
 *
 * <p>One thread owns the consumer. Every {@code check-interval} it asks Kafka for the topic's end; while that fails
 * the instance is degraded: the feed polls the log again and the publisher stops. When Kafka answers again it
 * reconnects: seeks the topic's end, reads the log once for what came in between, turns polling off and restarts
 * the publisher from the topic's last record. The log stays the source of truth: a record whose hash does not
 * match its content is not applied, and any gap in positions is read from the store by the feed's consumers.
 */
@Singleton
public class KafkaBus {

    private static final int PARTITION = 0;

    private final EventFeed feed;
    private final EventStore store;
    private final KafkaBusConfig config;
    private final StoredEventJson json = new StoredEventJson();
    private final AtomicLong onTopic = new AtomicLong();
    private volatile BusStatus status = BusStatus.IN_PROCESS;
    private volatile boolean running;
    /** Whether the current outage was reported; only the loop's thread uses it. */
    private boolean warned;
    private Thread loop;
    private ExecutorService publisherThread;

    public KafkaBus(EventFeed feed, EventStore store, KafkaBusConfig config) {
        this.feed = feed;
        this.store = store;
        this.config = config;
    }

    /** How this instance receives other instances' events right now. */
    public BusStatus status() {
        return status;
    }

    void onStart(@Observes StartupEvent start) {
        Optional<String> servers = config.bootstrapServers().filter(value -> !value.isBlank());
        if (servers.isEmpty()) {
            return;
        }
        status = BusStatus.polling("connecting to Kafka at " + servers.get());
        running = true;
        publisherThread = Executors.newSingleThreadExecutor(task -> daemon(task, "toka-bus-kafka-publisher"));
        loop = daemon(() -> run(servers.get()), "toka-bus-kafka");
        loop.start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (!running) {
            return;
        }
        running = false; // the loop ends after its current poll or check, and closes the clients cleanly
        try {
            loop.join(config.checkTimeout().multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisherThread.shutdownNow();
    }

    private void run(String servers) {
        TopicPartition partition = new TopicPartition(config.topic(), PARTITION);
        try (Admin admin = Admin.create(common(servers, "toka-bus-admin"));
                KafkaConsumer<Long, String> consumer = new KafkaConsumer<>(consumerProperties(servers));
                KafkaPublisher publisher = new KafkaPublisher(feed, config.topic(), producerProperties(servers),
                        publisherThread, onTopic)) {
            consumer.assign(List.of(partition));
            Duration interval = config.checkInterval();
            long nextCheck = System.nanoTime();
            boolean connected = false;
            while (running) {
                if (System.nanoTime() - nextCheck >= 0) {
                    nextCheck = System.nanoTime() + interval.toNanos();
                    connected = check(admin, consumer, partition, publisher, connected, servers);
                }
                if (connected) {
                    try {
                        deliver(consumer.poll(Duration.ofMillis(100)));
                    } catch (RuntimeException e) { // the log could not be read (database away): reconnect re-reads it
                        connected = degrade(publisher, connected, servers, e);
                    }
                } else {
                    Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextCheck - System.nanoTime())));
                }
            }
        } catch (InterruptedException | org.apache.kafka.common.errors.InterruptException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Not silent and not fatal: the instance keeps polling the log, the health check says why.
            Log.errorf(e, "the Kafka bus stopped; this instance polls the log");
            status = BusStatus.polling("the Kafka bus stopped: " + e);
            feed.pollLog(true);
        }
    }

    /** One check of Kafka: connects, stays connected, or degrades; returns whether it is connected. */
    private boolean check(Admin admin, KafkaConsumer<Long, String> consumer, TopicPartition partition,
            KafkaPublisher publisher, boolean connected, String servers) {
        try {
            if (!connected) {
                ensureTopic(admin);
            }
            long end = consumer.endOffsets(List.of(partition), config.checkTimeout()).get(partition);
            if (connected && !publisher.failed()) {
                return true;
            }
            connect(consumer, partition, end, publisher);
            warned = false;
            status = BusStatus.kafka(servers);
            Log.infof("the bus uses Kafka at %s (topic %s); this instance no longer polls the log", servers,
                    config.topic());
            return true;
        } catch (RuntimeException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return degrade(publisher, connected, servers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    /** Back to polling the log until Kafka answers; returns false (not connected). */
    private boolean degrade(KafkaPublisher publisher, boolean connected, String servers, Exception cause) {
        if (connected || !warned) { // once per outage, not once per check
            warned = true;
            Log.warnf("the Kafka bus at %s is unavailable (%s): this instance polls the log (toka.bus.poll-interval)"
                    + " until it is back", servers, cause.toString());
        }
        feed.pollLog(true);
        publisher.stop();
        status = BusStatus.polling("the Kafka bus at " + servers + " is unavailable: " + cause);
        return false;
    }

    private void ensureTopic(Admin admin)
            throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        // One partition: the topic is the log's order. Replication as the brokers' default.
        NewTopic topic = new NewTopic(config.topic(), Optional.of(1), Optional.empty());
        try {
            admin.createTopics(List.of(topic)).all().get(config.checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Takes the topic from its end: reads its last record's position, reads the log once for everything committed
     * before now (whatever commits later reaches the topic after this point), stops polling, and publishes from one
     * past the last record (the log's head when the topic is empty: the store holds the rest for every consumer).
     */
    private void connect(KafkaConsumer<Long, String> consumer, TopicPartition partition, long end,
            KafkaPublisher publisher) {
        long last = end == 0 ? 0 : lastPosition(consumer, partition, end);
        consumer.seek(partition, end);
        onTopic.accumulateAndGet(last, Math::max);
        feed.readOtherInstances();
        feed.pollLog(false);
        publisher.startFrom((last == 0 ? store.headPosition() : last) + 1);
    }

    private long lastPosition(KafkaConsumer<Long, String> consumer, TopicPartition partition, long end) {
        consumer.seek(partition, end - 1);
        long deadline = System.nanoTime() + config.checkTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<Long, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() != null) {
                    return record.key();
                }
            }
            if (consumer.position(partition) >= end) {
                return 0; // the record is gone (retention): as if the topic were empty
            }
        }
        throw new org.apache.kafka.common.errors.TimeoutException("the topic's last record did not arrive");
    }

    private void deliver(ConsumerRecords<Long, String> records) {
        if (records.isEmpty()) {
            return;
        }
        List<StoredEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<Long, String> record : records) {
            StoredEvent event = verified(record);
            if (event == null) {
                feed.readOtherInstances(); // the log has it: read it from there
                continue;
            }
            onTopic.accumulateAndGet(event.position(), Math::max);
            events.add(event);
        }
        feed.offerFromOtherInstances(events);
    }

    /** The record's event if its key is its position and its hash matches its content; else null. */
    private StoredEvent verified(ConsumerRecord<Long, String> record) {
        try {
            StoredEvent event = json.read(record.value());
            if (record.key() != null && record.key() == event.position()
                    && EventHasher.expectedHash(event).equals(event.hash())) {
                return event;
            }
        } catch (IllegalArgumentException | NullPointerException notAnEvent) {
            // reported below
        }
        Log.warnf("Kafka record at offset %d of %s is not an intact event; the log is read instead", record.offset(),
                config.topic());
        return null;
    }

    private Map<String, Object> common(String servers, String clientId) {
        Map<String, Object> properties = new HashMap<>(config.client());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    private Map<String, Object> consumerProperties(String servers) {
        Map<String, Object> properties = common(servers, "toka-bus-consumer");
        // No group: each instance reads the whole partition itself, from where it connected.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return properties;
    }

    private Map<String, Object> producerProperties(String servers) {
        Map<String, Object> properties = common(servers, "toka-bus-publisher");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // keeps the order across retries
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0); // latency first: a group commit is already a batch
        // Fail fast when Kafka is away; the log keeps everything and the publisher resumes from the topic.
        long timeout = config.checkTimeout().toMillis();
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (2 * timeout));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, LongSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return properties;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
