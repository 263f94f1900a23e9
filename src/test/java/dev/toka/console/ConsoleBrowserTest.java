package dev.toka.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.toka.agent.AgentEvents;
import dev.toka.agent.ApprovalProfile;
import dev.toka.llm.FakeModels;
import dev.toka.llm.FakeOpenAi;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: Playwright drives Debian's chromium ({@value #CHROMIUM}, headless; surefire
 * sets PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, so nothing is downloaded) against this test's service. One browser
 * serves every test, each in its own context (its own cookies). The screenshots land in docs/console. The profile
 * makes {@code fs.write} need approval and a local fake model stands in for the provider, for the approvals test.
 */
@QuarkusTest
@TestProfile(ApprovalProfile.class)
@WithTestResource(FakeModels.class)
class ConsoleBrowserTest {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final Path SCREENSHOTS = Path.of("docs/console");
    private static final String ADMIN = "Bearer " + ConsoleClient.ADMIN_SECRET;
    private static final double LIVE_TIMEOUT_MS = 60_000;

    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @FakeModels.Primary
    FakeOpenAi model;

    private BrowserContext context;
    private Page page;

    @BeforeAll
    static void launchBrowser() throws IOException {
        playwright = Playwright.create();
        browser = launch(playwright);
        Files.createDirectories(SCREENSHOTS);
    }

    /** Chromium refuses its own sandbox when run as root (as in CI containers); then it runs without it. */
    static Browser launch(Playwright playwright) {
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setExecutablePath(Path.of(CHROMIUM))
                .setHeadless(true);
        if ("root".equals(System.getProperty("user.name"))) {
            options.setArgs(List.of("--no-sandbox"));
        }
        return playwright.chromium().launch(options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setBaseURL(root.toString())
                .setViewportSize(1280, 800));
        page = context.newPage();
        page.onDialog(dialog -> dialog.accept());
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    @Test
    void startsTheSampleWorkstreamAndWatchesItsAgentsCompleteOnTheGraphWithoutReloading() throws IOException {
        signIn(ConsoleClient.ADMIN_SECRET);
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Runs").setExact(true)).click();
        page.setInputFiles("#files", sampleWorkstream());
        page.click("text=Start run");
        page.waitForURL("**/console/runs/*");
        String stateAtLoad = page.textContent("#run-state");
        page.evaluate("() => { window.sameDocument = true; }");

        assertEquals("running", stateAtLoad, "the run page opened while the run was still going");
        assertThat(page.locator(".node")).hasCount(4);
        assertThat(page.locator(".node[data-state=completed]"))
                .hasCount(4, new LocatorAssertions.HasCountOptions().setTimeout(LIVE_TIMEOUT_MS));
        assertThat(page.locator("#run-state")).hasText("completed");
        assertEquals(true, page.evaluate("() => window.sameDocument === true"), "the page was never reloaded");
        assertThat(page.locator(".wave")).hasCount(3);
        screenshot("run-graph.png");

        page.setViewportSize(390, 844);
        screenshot("run-graph-phone.png");
    }

    @Test
    void opensAnAgentAndSeesItsTimeline() throws IOException {
        String run = startSampleRunOverTheApi();
        signIn(ConsoleClient.ADMIN_SECRET);
        page.navigate("/console/runs/" + run);
        assertThat(page.locator("#run-state")).hasText("completed",
                new LocatorAssertions.HasTextOptions().setTimeout(LIVE_TIMEOUT_MS));
        page.click(".node[data-agent=summarise] a");
        page.waitForURL("**/console/agents/*");

        assertThat(page.locator("h1")).containsText("summarise");
        assertThat(page.locator("#timeline > li.task")).hasCount(2);
        assertThat(page.locator("#timeline .attempt[data-outcome=completed]")).hasCount(2);
        assertThat(page.locator("#timeline")).containsText("Attempt 1");
        assertThat(page.locator("#timeline")).containsText("echo summary final");
        screenshot("agent-timeline.png");

        page.click("text=Agents");
        assertThat(page.locator(".tree")).containsText("summarise");
        screenshot("agents.png");
    }

    @Test
    void revokesATokenInTheConsoleAndTheApiRefusesItAfterwards() throws IOException {
        String agent = spawn("default", "revocable");
        signIn(ConsoleClient.ADMIN_SECRET);
        page.navigate("/console/tokens");
        page.fill("#subject", agent);
        page.check("input[name=permission][value='events:read']");
        page.click("form button:has-text('Issue')");
        String token = page.inputValue("#issued-token");
        String jti = page.textContent("#issued-jti");
        given().header("Authorization", "Bearer " + token).get("/api/v1/agents/" + agent).then().statusCode(200);

        page.fill("#jti", jti);
        page.fill("#reason", "leaked in a test");
        page.click("form button:has-text('Revoke')");
        assertThat(page.locator("#notice")).containsText("Revoked token " + jti);
        screenshot("tokens.png");

        given().header("Authorization", "Bearer " + token).get("/api/v1/agents/" + agent).then().statusCode(401);
    }

    @Test
    void anAgentTokensSessionSeesNoOtherVaultsAgentsAndNoAdminPages() throws IOException {
        String own = spawn("blue", "blue-agent");
        String foreign = spawn("green", "green-agent");
        String token = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("subject", own, "vault", "blue", "permissions", List.of("events:read"), "ttlSeconds", 600))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        signIn(token);

        page.navigate("/console/agents");
        assertThat(page.locator(".tree")).containsText(own);
        assertThat(page.locator(".tree")).not().containsText(foreign);
        assertThat(page.locator("nav")).not().containsText("Audit");

        page.navigate("/console/agents/" + foreign);
        assertThat(page.locator("h1")).containsText("404");
        for (String adminPage : List.of("/console/runs", "/console/audit")) {
            var answer = page.navigate(adminPage);
            assertEquals(403, answer.status(), adminPage);
            assertThat(page.locator("h1")).containsText("403");
        }
        screenshot("forbidden.png");
    }

    @Test
    void grantsAnAgentsPendingApprovalInTheConsoleAndTheApiShowsItGranted() throws IOException {
        signIn(ConsoleClient.ADMIN_SECRET);
        page.click("nav >> text=Approvals");
        page.waitForURL("**/console/approvals");
        page.evaluate("() => { window.sameDocument = true; }");

        PendingApprovals.Pending pending = PendingApprovals.request(model, "browser-deployer");
        var card = page.locator("[data-approval='" + pending.approvalId() + "']");
        assertThat(card).containsText("fs.write", new LocatorAssertions.ContainsTextOptions().setTimeout(LIVE_TIMEOUT_MS));
        assertThat(card).containsText("browser-deployer");
        assertEquals(true, page.evaluate("() => window.sameDocument === true"), "it arrived without a reload");
        screenshot("approvals.png");

        card.locator("button:has-text('Grant')").click();
        assertThat(page.locator("#notice")).containsText("Granted approval " + pending.approvalId());
        assertThat(card).hasCount(0);
        List<String> types = AgentEvents.awaitTypes("agent-" + pending.agentId(),
                t -> t.contains("TaskCompleted") || t.contains("TaskFailed"), 30);
        assertTrue(types.contains("ApprovalGranted") && types.contains("TaskCompleted"), types.toString());
        // Its task is done, so the approval has left /api/v1/approvals; the log the API serves holds the grant.
        String decided = AgentEvents.stream("agent-" + pending.agentId()).getString(
                "events.find { it.type == 'ApprovalGranted' }.payload.approvalId");
        assertEquals(pending.approvalId(), decided, "the grant, as GET /api/v1/events shows it");
    }

    private void signIn(String credential) {
        page.navigate("/console");
        page.fill("#credential", credential);
        page.click("button:has-text('Sign in')");
        page.waitForURL("**/console");
        assertThat(page.locator("h1")).hasText("Overview");
    }

    private void screenshot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    private static Path[] sampleWorkstream() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("samples/workstreams"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toArray(Path[]::new);
        }
    }

    private static String startSampleRunOverTheApi() throws IOException {
        var request = given().header("Authorization", ADMIN);
        for (Path file : sampleWorkstream()) {
            request.multiPart("files", file.toFile());
        }
        return request.post("/api/v1/runs").then().statusCode(201).extract().path("runId");
    }

    private static String spawn(String vault, String name) {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("op", "spawn-agent", "name", name, "type", "script", "vault", vault))
                .post("/api/v1/operations").then().statusCode(201).extract().path("agentId");
        assertTrue(id != null && !id.isBlank());
        return id;
    }
}
