package dev.toka.bus.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The Kafka bus across instances ({@code toka.bus.kafka.*}); docs/architecture.md#several-instances. */
@ConfigMapping(prefix = "toka.bus.kafka")
public interface KafkaBusConfig {

    /**
     * The brokers ({@code host:port,...}; env {@code TOKA_KAFKA_BOOTSTRAP_SERVERS}). Unset: no Kafka bus, no Kafka
     * client at all, and instances sharing a database find each other's events by polling the log.
     */
    Optional<String> bootstrapServers();

    /** The topic of one log: every instance on one database uses the same one, and no other log may. */
    @WithDefault("toka-events")
    String topic();

    /** How often the bus checks that Kafka answers. Default 1 s. */
    @WithDefault("PT1S")
    Duration checkInterval();

    /**
     * How long one check may wait for Kafka before the instance is degraded (and polls the log). Default 3 s: on a
     * busy machine a healthy broker can take a second to answer, and a flapping bus helps no one.
     */
    @WithDefault("PT3S")
    Duration checkTimeout();

    /**
     * More Kafka client properties for the producer, consumer and admin client alike, by their Kafka names, for
     * TLS and SASL: {@code toka.bus.kafka.client."security.protocol"=SASL_SSL}.
     */
    Map<String, String> client();
}
