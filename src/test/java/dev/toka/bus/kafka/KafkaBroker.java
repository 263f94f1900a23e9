package dev.toka.bus.kafka;

import dev.toka.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) in this JVM, on loopback and free ports, with its
 * data in a temporary directory. It can be stopped and started again on the same port and data, as an outage.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Kept so the levels stay set: the JDK holds loggers weakly. */
    private static final List<Logger> QUIET = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(Logger::getLogger).peek(logger -> logger.setLevel(Level.SEVERE)).toList();

    private final Path directory;
    private final Properties properties;
    private final int port;
    private KafkaRaftServer server;

    private KafkaBroker(Path directory, int port, int controllerPort) {
        this.directory = directory;
        this.port = port;
        this.properties = new Properties();
        properties.putAll(java.util.Map.ofEntries(
                java.util.Map.entry("process.roles", "broker,controller"),
                java.util.Map.entry("node.id", "1"),
                java.util.Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                java.util.Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:"
                        + controllerPort),
                java.util.Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                java.util.Map.entry("controller.listener.names", "CONTROLLER"),
                java.util.Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                java.util.Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                java.util.Map.entry("log.dirs", directory.resolve("data").toString()),
                java.util.Map.entry("num.partitions", "1"),
                java.util.Map.entry("offsets.topic.replication.factor", "1"),
                java.util.Map.entry("transaction.state.log.replication.factor", "1"),
                java.util.Map.entry("transaction.state.log.min.isr", "1"),
                java.util.Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                java.util.Map.entry("group.initial.rebalance.delay.ms", "0")));
    }

    /** Formats fresh storage and starts the broker. */
    public static KafkaBroker start() {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("toka-kafka"), FreePorts.belowEphemeralRange(), FreePorts.belowEphemeralRange());
            broker.format();
            broker.restart();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker, keeping its data: an outage. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts it again on the same port and data. */
    public synchronized void restart() {
        if (server == null) {
            server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
            server.startup();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** As {@code kafka-storage.sh format}, through execute: main would exit the JVM. */
    private void format() throws IOException {
        Path file = directory.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "toka test broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
            file.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting the Kafka storage failed: " + output);
        }
    }

}
