package dev.toka.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.Cookie;
import dev.toka.agent.AgentRuntimeProfile;
import dev.toka.orchestration.WideRunSpecs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The docs/performance.md figure for the console: the run page of a live 1,000-agent run (one root, 998
 * workers in parallel, one sink; each task sleeps 100 ms so the run lasts long enough to watch). The
 * browser records each graph update from the request htmx sends to the settled DOM, the answer's size,
 * and the main thread's long tasks; the test also times how long the page shows "completed" after the
 * API does, and the server's rendering of the graph alone. Opt-in:
 * {@code mvn test -Dtest=ConsoleRunPageBenchmarkTest -Dtoka.bench=true}.
 */
@QuarkusTest
@TestProfile(AgentRuntimeProfile.class)
@EnabledIfSystemProperty(named = "toka.bench", matches = "true")
class ConsoleRunPageBenchmarkTest {

    private static final int AGENTS = 1_000;
    private static final String ADMIN = "Bearer " + ConsoleClient.ADMIN_SECRET;

    private static final String RECORDER = """
            () => {
              window.bench = { updates: [], sizes: [], longTasks: [] };
              let started = 0;
              document.body.addEventListener('htmx:beforeRequest', () => { started = performance.now(); });
              document.body.addEventListener('htmx:afterRequest', (e) => window.bench.sizes.push(e.detail.xhr.responseText.length));
              document.body.addEventListener('htmx:afterSettle', () => {
                if (started) { window.bench.updates.push(performance.now() - started); started = 0; }
              });
              new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.bench.longTasks.push(entry.duration)))
                  .observe({ type: 'longtask', buffered: true });
            }""";

    @TestHTTPResource("/")
    URL root;


    @Test
    void measuresTheRunPageOfALiveThousandAgentRun() throws Exception {
        List<Map<String, Object>> specs = WideRunSpecs.of(AGENTS, "sleep 100ms");
        ConsoleClient session = ConsoleClient.signIn(ConsoleClient.ADMIN_SECRET);

        try (Playwright playwright = Playwright.create(); Browser browser = ConsoleBrowserTest.launch(playwright)) {
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setBaseURL(root.toString())
                    .setViewportSize(1280, 800));
            context.addCookies(List.of(new Cookie(ConsoleGate.COOKIE, session.cookie())
                    .setUrl(root.toString() + "console")));
            Page page = context.newPage();
            String runId = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(specs)
                    .post("/api/v1/runs").then().statusCode(201).extract().path("runId");
            long opened = System.nanoTime();
            page.navigate("/console/runs/" + runId);
            double loadMillis = (System.nanoTime() - opened) / 1e6;
            page.evaluate(RECORDER);

            long apiCompleted = awaitCompletedOverTheApi(runId);
            page.waitForSelector("#run-state:text('completed')", new Page.WaitForSelectorOptions().setTimeout(120_000));
            double completionLagMillis = (System.nanoTime() - apiCompleted) / 1e6;

            Map<?, ?> bench = (Map<?, ?>) page.evaluate("() => window.bench");
            double[] updates = doubles(bench.get("updates"));
            double[] sizes = doubles(bench.get("sizes"));
            double[] longTasks = doubles(bench.get("longTasks"));
            int nodes = (Integer) page.evaluate("() => document.querySelectorAll('.node').length");
            assertEquals(AGENTS, nodes);
            double[] render = serverRenderMillis(session, runId, 20);
            System.out.printf("""
                    CONSOLE RUN PAGE, %d agents, load average %s
                      first load: %.0f ms
                      graph updates while live: %d; update (request to settled DOM) median %.0f ms, p95 %.0f ms, max %.0f ms
                      graph fragment: median %.0f KiB
                      main-thread long tasks: %d, total %.0f ms, longest %.0f ms
                      page shows completed %.0f ms after the API does
                      server render of the graph alone (ended run, %d requests): median %.0f ms
                    """, AGENTS, Files.readString(Path.of("/proc/loadavg")).strip(), loadMillis, updates.length,
                    percentile(updates, 50), percentile(updates, 95), percentile(updates, 100),
                    percentile(sizes, 50) / 1024, longTasks.length, Arrays.stream(longTasks).sum(),
                    percentile(longTasks, 100), completionLagMillis, render.length, percentile(render, 50));
        }
    }

    private static long awaitCompletedOverTheApi(String runId) throws InterruptedException {
        while (true) {
            String state = given().header("Authorization", ADMIN).get("/api/v1/runs/" + runId)
                    .then().statusCode(200).extract().path("state");
            if (!"running".equals(state)) {
                assertEquals("completed", state);
                return System.nanoTime();
            }
            Thread.sleep(20);
        }
    }

    private static double[] serverRenderMillis(ConsoleClient session, String runId, int requests) {
        double[] millis = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            session.request().get("/console/runs/" + runId + "/graph").then().statusCode(200);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(value -> ((Number) value).doubleValue()).toArray();
    }

    private static double percentile(double[] values, int percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}
