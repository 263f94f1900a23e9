package dev.toka.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.toka.fuzz.Endpoint;
import dev.toka.fuzz.FuzzClient;
import dev.toka.fuzz.FuzzReport;
import dev.toka.fuzz.FuzzTarget;
import dev.toka.fuzz.FuzzTargets;
import dev.toka.fuzz.HostileRequest;
import dev.toka.fuzz.HostileRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs/performance.md flood: the packaged service, started as the run command starts it (its JVM
 * options, default settings otherwise), takes 10,000 hostile requests from the hostile-input suite's
 * generator; its resident memory is sampled throughout. Prints BENCH lines with the peak RSS, the
 * requests, the answers by status and the duration; the target is a peak under 1 GiB. Run with
 * {@code mvn verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dtoka.bench=true -Dit.test=HostileFloodBenchmarkIT}.
 */
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
class HostileFloodBenchmarkIT {

    private static final int REQUESTS = Integer.getInteger("toka.fuzz.requests", 10_000);
    private static final int CONCURRENCY = 16;
    private static final long ONE_GIB_KIB = 1024 * 1024;

    @TempDir
    Path data;

    @Test
    void floodsTheServiceWithHostileRequestsAndReportsPeakRss() throws Exception {
        try (ServiceProcess service = ServiceProcess.asRunCommand(data)) {
            service.start();
            String admin = "Bearer " + ServiceProcess.ADMIN_SECRET;
            List<Endpoint> endpoints = Endpoint.fromOpenApi(new ObjectMapper().readTree(given().baseUri(service.baseUrl())
                    .queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asByteArray()));
            FuzzTarget target = FuzzTargets.create(service.baseUrl(), admin, Optional.empty());
            long seed = HostileRequests.seed();
            List<HostileRequest> requests = HostileRequests.generate(endpoints, target, seed, REQUESTS);

            try (RssSampler rss = new RssSampler(service.pid(), 50); FuzzClient client = new FuzzClient(service.baseUrl(), CONCURRENCY)) {
                long rssBefore = rss.kib("VmRSS");
                long started = System.nanoTime();
                FuzzReport report = new FuzzReport(client.sendAll(requests));
                double seconds = (System.nanoTime() - started) / 1e9;
                long peak = Math.max(rss.peakRssKib(), rss.kib("VmHWM"));
                System.out.printf("BENCH hostile flood: seed %d, %d requests over %d endpoints, %d at a time, in %.1f s"
                        + " (%.0f requests/s)%n", seed, requests.size(), endpoints.size(), CONCURRENCY, seconds,
                        requests.size() / seconds);
                System.out.printf("BENCH JVM options %s; RSS before %d MiB, peak (VmHWM) %d MiB, after %d MiB; ready after: %d%n",
                        ServiceProcess.runCommandJvmOptions(), rssBefore / 1024, peak / 1024, rss.kib("VmRSS") / 1024,
                        given().baseUri(service.baseUrl()).get("/q/health/ready").statusCode());
                System.out.println("BENCH " + report.summary().replace("\n", "\nBENCH "));
                System.out.println("BENCH service log: " + Files.size(data.resolve("service.log")) + " bytes");
                assertTrue(peak < ONE_GIB_KIB, "peak RSS " + peak / 1024 + " MiB is over the 1 GiB target");
            }
        }
    }
}
