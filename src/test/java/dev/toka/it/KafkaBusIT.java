package dev.toka.it;

import static dev.toka.it.CrossInstance.awaitBusMode;
import static dev.toka.it.CrossInstance.revoke;
import static dev.toka.it.CrossInstance.spawn;
import static dev.toka.it.CrossInstance.token;
import static dev.toka.it.CrossInstance.untilRefused;
import static dev.toka.it.CrossInstance.untilVisible;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.toka.bus.kafka.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two service processes on one PostgreSQL database and one real Kafka broker. Their log poll is set to 5 s, so what
 * crosses within 1 s crossed by Kafka: a spawn on A is visible on B, a revocation on A is refused on B. With the
 * broker stopped both report the bus degraded and still see each other's writes by polling; once it is back they
 * use Kafka again.
 */
@EnabledIfSystemProperty(named = "toka.test.postgres", matches = "true")
class KafkaBusIT {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void instancesOnKafkaSeeEachOtherWithinASecondAndFallBackToPollingWhileItIsAway() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start();
                PostgresDatabase database = new PostgresDatabase()) {
            String[] arguments = arguments(database, broker, "toka-it-" + UUID.randomUUID());
            try (ServiceProcess a = new ServiceProcess(first, arguments);
                    ServiceProcess b = new ServiceProcess(second, arguments)) {
                run(broker, a, b);
            }
        }
    }

    private static void run(KafkaBroker broker, ServiceProcess a, ServiceProcess b) throws Exception {
        a.start(); // one after the other: on a loaded machine two start-ups at once outlast the 60 s limit
        b.start();
        awaitBusMode(a, "kafka");
        awaitBusMode(b, "kafka");

        String agent = spawn(a, "crosses-by-kafka");
        untilVisible(b, agent, ONE_SECOND);
        String token = token(a, agent);
        untilVisible(b, spawn(a, "a-second-one"), ONE_SECOND); // the token's issue is ahead of it on the log
        revoke(a, token);
        untilRefused(b, agent, token, ONE_SECOND);

        broker.stop();
        awaitBusMode(a, "polling");
        awaitBusMode(b, "polling");
        untilVisible(b, spawn(a, "crosses-by-polling"), Duration.ofSeconds(15));

        broker.restart();
        awaitBusMode(a, "kafka");
        awaitBusMode(b, "kafka");
        untilVisible(a, spawn(b, "kafka-again"), ONE_SECOND);
        given().baseUri(b.baseUrl()).header("Authorization", CrossInstance.ADMIN).get("/api/v1/events/verify")
                .then().statusCode(200).body("ok", equalTo(true));
    }

    /** Both instances on one database, one broker and one topic; their log poll slowed to 5 s. */
    static String[] arguments(PostgresDatabase database, KafkaBroker broker, String topic) {
        String[] base = database.serviceArguments();
        String[] all = java.util.Arrays.copyOf(base, base.length + 5);
        all[base.length] = "-Dtoka.bus.kafka.bootstrap-servers=" + broker.bootstrapServers();
        all[base.length + 1] = "-Dtoka.bus.kafka.topic=" + topic;
        all[base.length + 2] = "-Dtoka.bus.kafka.check-interval=PT0.5S";
        all[base.length + 3] = "-Dtoka.bus.kafka.check-timeout=PT1S";
        all[base.length + 4] = "-Dtoka.bus.poll-interval=PT5S";
        return all;
    }
}
