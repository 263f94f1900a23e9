package dev.toka.bus.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.bus.kafka.KafkaResource.InjectKafka;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import dev.toka.store.StoredEventJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Kafka bus against a real broker: the service publishes its log to the topic by position, reports an outage
 * as degraded on the health endpoint, and after it publishes everything committed meanwhile, in order.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
class KafkaBusTest {

    private static final String ADMIN = "Bearer test-admin-secret-0123456789abcdefghij";

    @InjectKafka
    KafkaBroker broker;

    @ConfigProperty(name = "toka.bus.kafka.topic")
    String topic;

    @Inject
    EventStore store;

    @Test
    void publishesTheLogByPositionAndResumesAfterAnOutageWithoutLoss() {
        awaitBus("kafka", false);
        spawn("before-the-outage");
        awaitTopicMatchesTheLog();

        broker.stop();
        awaitBus("polling", true);
        for (int i = 0; i < 3; i++) {
            spawn("during-the-outage-" + i); // the log takes writes while Kafka is away
        }

        broker.restart();
        awaitBus("kafka", false);
        spawn("after-the-outage");
        awaitTopicMatchesTheLog();
    }

    private void awaitBus(String mode, boolean degraded) {
        Awaitility.await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200) // degraded, yet ready: it serves correctly
                        .body("checks.find { it.name == 'bus' }.status", equalTo("UP"))
                        .body("checks.find { it.name == 'bus' }.data.mode", equalTo(mode))
                        .body("checks.find { it.name == 'bus' }.data.degraded", equalTo(degraded)));
    }

    /** Every position from the topic's first record to the log's head is on the topic, in order, as stored. */
    private void awaitTopicMatchesTheLog() {
        Awaitility.await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            List<StoredEvent> published = readTopic();
            assertFalse(published.isEmpty(), "the topic holds the log's latest events");
            long head = store.headPosition();
            long first = published.get(0).position();
            List<StoredEvent> stored = store.read(first, (int) (head - first + 1));
            List<StoredEvent> distinct = new ArrayList<>();
            for (StoredEvent event : published) {
                assertTrue(distinct.isEmpty() || event.position() >= distinct.get(distinct.size() - 1).position(),
                        "positions never go back on the topic");
                if (distinct.isEmpty() || distinct.get(distinct.size() - 1).position() != event.position()) {
                    distinct.add(event);
                }
            }
            assertEquals(stored, distinct);
        });
    }

    private List<StoredEvent> readTopic() {
        StoredEventJson json = new StoredEventJson();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<Long, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<StoredEvent> events = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<Long, String> record : consumer.poll(Duration.ofMillis(200))) {
                    StoredEvent event = json.read(record.value());
                    assertEquals(record.key(), event.position(), "the key is the position");
                    events.add(event);
                }
            }
            return events;
        }
    }

    private static void spawn(String name) {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", name, "type", "script"))
                .post("/api/v1/operations").then().statusCode(201);
    }
}
