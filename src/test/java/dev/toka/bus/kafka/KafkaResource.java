package dev.toka.bus.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.UUID;

/**
 * A real Kafka broker for a {@code @QuarkusTest} ({@code @WithTestResource(KafkaResource.class)}): started before
 * the service, on its own topic, and stopped after. A field {@code @InjectKafka KafkaBroker broker} receives it.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's field that receives the broker. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectKafka {}

    private KafkaBroker broker;
    private String topic;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start();
        topic = "toka-test-" + UUID.randomUUID();
        return Map.of("toka.bus.kafka.bootstrap-servers", broker.bootstrapServers(),
                "toka.bus.kafka.topic", topic,
                "toka.bus.kafka.check-interval", "PT0.5S",
                "toka.bus.kafka.check-timeout", "PT1S");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker, new TestInjector.AnnotatedAndMatchesType(InjectKafka.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        try {
            broker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
