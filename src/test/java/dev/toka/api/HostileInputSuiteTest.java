package dev.toka.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.fuzz.Endpoint;
import dev.toka.fuzz.ForgedTokens;
import dev.toka.fuzz.FuzzClient;
import dev.toka.fuzz.FuzzReport;
import dev.toka.fuzz.FuzzTarget;
import dev.toka.fuzz.FuzzTargets;
import dev.toka.fuzz.HostileRequest;
import dev.toka.fuzz.HostileRequests;
import dev.toka.security.keys.SigningKeys;
import dev.toka.store.EventStore;
import dev.toka.store.StoredEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The project's own hostile-input suite: 10,000 generated requests ({@link HostileRequests}, seeded;
 * {@code -Dtoka.fuzz.seed=N} repeats a run) against every endpoint of the OpenAPI document. No answer
 * may be a 5xx or a refusal other than an RFC 9457 problem with a {@code type}; afterwards the service
 * is ready and takes a normal write, and the log holds nothing new but audit entries.
 */
@QuarkusTest
class HostileInputSuiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = Integer.getInteger("toka.fuzz.requests", 10_000);

    @TestHTTPResource("/")
    URL root;

    @Inject
    SigningKeys keys;

    @Inject
    EventStore store;

    @Test
    void everyEndpointRefusesHostileInputWithAProblemAndWritesNothingButAudit() throws Exception {
        List<Endpoint> endpoints = Endpoint.fromOpenApi(JSON.readTree(
                given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asByteArray()));
        FuzzTarget target = target();
        long seed = HostileRequests.seed();
        System.out.println("hostile-input suite: seed " + seed + " (repeat with -Dtoka.fuzz.seed=" + seed + "), "
                + REQUESTS + " requests over " + endpoints.size() + " endpoints");
        List<HostileRequest> requests = HostileRequests.generate(endpoints, target, seed, REQUESTS);

        long headBefore = store.headPosition();
        long started = System.nanoTime();
        FuzzReport report;
        try (FuzzClient client = new FuzzClient(root.toString(), 8)) {
            report = new FuzzReport(client.sendAll(requests));
        }
        System.out.printf("hostile-input suite: %d requests in %.1f s%n%s%n", requests.size(),
                (System.nanoTime() - started) / 1e9, report.summary());

        Path file = Path.of("target", "hostile-input-suite.txt");
        Files.writeString(file, "seed " + seed + "\n" + report.full());
        List<String> written = unlessRefusals(eventsAfter(headBefore));
        String seeFile = " (every one in " + file + ")";
        assertAll(
                () -> assertTrue(report.violations().isEmpty(), report.violations().size()
                        + " answers break the rules" + seeFile + ", the first: "
                        + report.violations().stream().findFirst().orElse("")),
                () -> assertEquals(Set.of(), report.unexercised(endpoints), "endpoints no hostile request reached"),
                () -> assertTrue(report.count(429) < requests.size() / 100, "rate limits answered " + report.count(429)
                        + " requests: the suite no longer reaches the endpoints"),
                () -> assertEquals(List.of(), written.stream().limit(20).toList(), written.size()
                        + " events other than audit entries were appended; the 2xx answers to changing endpoints" + seeFile));

        given().get("/q/health/ready").then().statusCode(200);
        Api.spawnRoot("after-the-flood");
    }

    /**
     * The events that record anything but a refusal. A refusal leaves an audit entry or, for a tool call the
     * tool refused (a path out of the workspace), ToolInvoked with its ToolFailed (docs/tools.md).
     */
    private static List<String> unlessRefusals(List<StoredEvent> events) throws Exception {
        Set<String> failedCalls = new HashSet<>();
        for (StoredEvent event : events) {
            if (event.type().equals("ToolFailed")) {
                failedCalls.add(callId(event));
            }
        }
        List<String> written = new ArrayList<>();
        for (StoredEvent event : events) {
            boolean refusal = event.type().equals("AuditRecorded") || event.type().equals("ToolFailed")
                    || (event.type().equals("ToolInvoked") && failedCalls.contains(callId(event)));
            if (!refusal) {
                written.add(event.type() + " " + event.streamId() + " " + event.payload());
            }
        }
        return written;
    }

    private static String callId(StoredEvent event) throws Exception {
        return JSON.readTree(event.payload()).path("callId").asText();
    }

    private List<StoredEvent> eventsAfter(long position) {
        List<StoredEvent> events = new ArrayList<>();
        List<StoredEvent> page;
        do {
            page = store.read(position + 1 + events.size(), 1_000);
            events.addAll(page);
        } while (!page.isEmpty());
        return events;
    }

    private FuzzTarget target() throws Exception {
        return FuzzTargets.create(root.toString().replaceAll("/$", ""), Api.ADMIN,
                Optional.of(ForgedTokens.signerWith(keys.current().privateKey())));
    }
}
