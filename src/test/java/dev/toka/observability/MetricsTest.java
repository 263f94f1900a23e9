package dev.toka.observability;

import static dev.toka.agent.AgentEvents.ADMIN;
import static dev.toka.agent.AgentEvents.submit;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Toka's meters on {@code /q/metrics}: every one is there from the start, before anything used it, and they
 * move with the work. A profile of its own gives it a service that nothing else has used.
 */
@QuarkusTest
@TestProfile(MetricsTest.FreshService.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsTest {

    /** The test profile as it is, in a service of its own. */
    public static class FreshService implements QuarkusTestProfile {}

    /** Every Toka meter, as Prometheus names it, with one of its series' labels. */
    private static final List<String> SERIES = List.of(
            "toka_operations_total{op=\"spawn-agent\",outcome=\"committed\"",
            "toka_operations_total{op=\"schedule-task\",outcome=\"refused\"",
            "toka_store_append_seconds_count",
            "toka_store_commit_events_count",
            "toka_projection_lag_events{projection=\"world state\"",
            "toka_projection_lag_events{projection=\"run projection\"",
            "toka_tasks{state=\"queued\"",
            "toka_tasks{state=\"running\"",
            "toka_runs{state=\"running\"",
            "toka_runs{state=\"cancelled\"",
            "toka_llm_calls_total{model=\"gpt-4o-mini\",outcome=\"answered\"",
            "toka_llm_tokens_total{kind=\"prompt\",model=\"gpt-4o-mini\"",
            "toka_llm_tokens_total{kind=\"completion\",model=\"gpt-4o-mini\"",
            "toka_llm_cost_total{model=\"gpt-4o-mini\"",
            "toka_tool_calls_total{outcome=\"completed\",tool=\"fs.read\"",
            "toka_tool_calls_total{outcome=\"refused\",tool=\"process.exec\"",
            "toka_refusals_total{reason=\"forbidden\"",
            "toka_refusals_total{reason=\"unauthorized\"",
            "toka_sse_subscribers");

    @Test
    @Order(1)
    void everyTokaMeterIsThereFromTheStart() {
        String scrape = scrape();
        for (String series : SERIES) {
            assertFalse(Double.isNaN(value(scrape, series)), series + " missing from:\n" + tokaLines(scrape));
        }
        assertEquals(0.0, value(scrape, "toka_sse_subscribers"));
        assertEquals(0.0, value(scrape, "toka_tasks{state=\"queued\""));
    }

    @Test
    @Order(2)
    void theMetersMoveWithTheWork() {
        String before = scrape();
        String agent = submit(Map.of("op", "spawn-agent", "name", "counted", "type", "script"));
        submit(Map.of("op", "schedule-task", "agent", agent, "description", "echo hi"));
        given().header("Authorization", "Bearer not-a-credential").get("/api/v1/agents").then().statusCode(401);
        given().header("Authorization", ADMIN).get("/api/v1/agents").then().statusCode(200);

        String after = scrape();
        assertEquals(1.0, delta(before, after, "toka_operations_total{op=\"spawn-agent\",outcome=\"committed\""));
        assertEquals(1.0, delta(before, after, "toka_operations_total{op=\"schedule-task\",outcome=\"committed\""));
        assertEquals(1.0, delta(before, after, "toka_tasks{state=\"queued\""), "the agent runtime is off here");
        assertEquals(1.0, delta(before, after, "toka_refusals_total{reason=\"unauthorized\""));
        assertTrue(delta(before, after, "toka_store_append_seconds_count") >= 2, "the token and the agent's events");
        assertTrue(delta(before, after, "toka_store_commit_events_sum") >= 2);
        assertTrue(value(after, "toka_projection_lag_events{projection=\"world state\"") >= 0);
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static double delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** The value of the first series that starts with {@code series} (name, then labels in order); NaN if none. */
    private static double value(String scrape, String series) {
        return Arrays.stream(scrape.split("\n"))
                .filter(line -> line.startsWith(series) && (series.contains("{") || line.charAt(series.length()) == ' '
                        || line.charAt(series.length()) == '{'))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static String tokaLines(String scrape) {
        return String.join("\n", Arrays.stream(scrape.split("\n")).filter(l -> l.startsWith("toka_")).toList());
    }
}
