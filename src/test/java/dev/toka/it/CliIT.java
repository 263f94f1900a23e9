package dev.toka.it;

import dev.toka.FreePorts;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code toka} command as a user runs it: a process (bin/toka on the packaged jar) against the
 * packaged service. Help and mistakes start nothing; client commands bind no port and create no
 * data; tables by default, JSON with {@code -o json}; exit codes as docs/cli.md lists them; no
 * credential is ever printed (every run checks, see {@link CliProcess}).
 */
class CliIT {

    @TempDir
    static Path serviceData;

    private static ServiceProcess service;

    @TempDir
    Path work;

    private CliProcess toka;

    @BeforeAll
    static void startService() throws Exception {
        // No retries: a failing script agent fails at once.
        service = new ServiceProcess(serviceData, "-Dtoka.agent.retry.max-retries=0");
        service.start();
    }

    @AfterAll
    static void stopService() throws InterruptedException {
        service.close();
    }

    @BeforeEach
    void connectToTheService() {
        toka = new CliProcess(work).env("TOKA_URL", service.baseUrl()).env("TOKA_ADMIN_TOKEN", ServiceProcess.ADMIN_SECRET);
    }

    @Test
    void helpPrintsUsageAndStartsNothing() throws Exception {
        Started help = startJarWatchingItsPort("--help");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("Usage: toka"), help.output());
        assertTrue(help.output().contains("runs") && help.output().contains("Exit codes:"), help.output());
        help.assertStartedNothing();

        CliProcess.Result launcher = toka.run("runs", "submit", "--help");
        assertEquals(0, launcher.exitCode(), launcher.toString());
        assertTrue(launcher.stdout().contains("--watch"), launcher.toString());
    }

    @Test
    void anUnknownCommandIsAUsageErrorAndStartsNothing() throws Exception {
        Started unknown = startJarWatchingItsPort("frobnicate");
        assertEquals(2, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("Unmatched argument at index 0: 'frobnicate'"), unknown.output());
        // picocli shows the usage, or for a near miss the command meant ("Did you mean: toka migrate?").
        assertTrue(unknown.output().contains("Usage: toka") || unknown.output().contains("Did you mean: toka"),
                unknown.output());
        unknown.assertStartedNothing();
    }

    @Test
    void aClientCommandBindsNoPortAndOpensNoDatabase() throws Exception {
        Started list = startJarWatchingItsPort("agents", "list", "--url", service.baseUrl(),
                "--token", ServiceProcess.ADMIN_SECRET);
        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().startsWith("ID "), list.output());
        assertFalse(list.output().contains(ServiceProcess.ADMIN_SECRET));
        list.assertStartedNothing();
    }

    @Test
    void issuesAndRevokesATokenAndARevokedTokenIsUnauthorised() throws Exception {
        String agent = spawnAgent("token-holder");
        CliProcess.Result issued = toka.run("tokens", "issue", "--subject", agent, "-p", "task:schedule",
                "--ttl", "600", "-o", "json");
        assertEquals(0, issued.exitCode(), issued.toString());
        JsonPath token = JsonPath.from(issued.stdout());
        String credential = token.getString("token");

        CliProcess.Result plain = toka.run("tokens", "issue", "--subject", agent, "-p", "task:schedule");
        assertEquals(0, plain.exitCode(), plain.toString());
        assertEquals(1, plain.stdout().strip().lines().count(), "only the token on stdout: " + plain);
        assertTrue(plain.stderr().contains("JTI"), plain.toString());

        CliProcess asAgent = new CliProcess(work).env("TOKA_URL", service.baseUrl()).env("TOKA_TOKEN", credential);
        CliProcess.Result scheduled = asAgent.run("op", "schedule-task", "-f", "agent=" + agent,
                "-f", "description=work with the token");
        assertEquals(0, scheduled.exitCode(), scheduled.toString());
        assertTrue(scheduled.stdout().contains("TaskScheduled"), scheduled.toString());

        CliProcess.Result revoked = toka.run("tokens", "revoke", "--jti", token.getString("jti"), "--reason", "test");
        assertEquals(0, revoked.exitCode(), revoked.toString());
        assertEquals("revoked token " + token.getString("jti"), revoked.stdout().strip());

        CliProcess.Result refused = asAgent.run("op", "schedule-task", "-f", "agent=" + agent, "-f", "description=x");
        assertEquals(4, refused.exitCode(), refused.toString());
        assertEquals(1, refused.stderr().strip().lines().count(), "one line: " + refused);
        assertTrue(refused.stderr().startsWith("toka: ") && refused.stderr().contains("(401)"), refused.toString());
    }

    @Test
    void delegatesAnAttenuatedTokenWithTheParentTokenAsCredential() throws Exception {
        String parent = spawnAgent("delegating-parent");
        String parentToken = JsonPath.from(toka.run("tokens", "issue", "--subject", parent, "-p", "agent:spawn",
                "-p", "task:*", "-o", "json").stdout()).getString("token");
        CliProcess asParent = new CliProcess(work).env("TOKA_URL", service.baseUrl()).env("TOKA_TOKEN", parentToken);
        CliProcess.Result spawned = asParent.run("op", "spawn-agent", "-f", "parent=" + parent, "-f", "name=child",
                "-f", "type=script", "-o", "json");
        assertEquals(0, spawned.exitCode(), spawned.toString());
        String child = JsonPath.from(spawned.stdout()).getString("agentId");

        CliProcess.Result delegated = asParent.run("tokens", "delegate", "--subject", child, "-p", "task:schedule",
                "--ttl", "300");
        assertEquals(0, delegated.exitCode(), delegated.toString());
        CliProcess asChild = new CliProcess(work).env("TOKA_URL", service.baseUrl())
                .env("TOKA_TOKEN", delegated.stdout().strip());
        assertEquals(0, asChild.run("op", "schedule-task", "-f", "agent=" + child, "-f", "description=delegated")
                .exitCode());

        CliProcess.Result wider = asParent.run("tokens", "delegate", "--subject", child, "-p", "agent:control");
        assertEquals(4, wider.exitCode(), wider.toString());
        assertTrue(wider.stderr().contains("(403)"), wider.toString());
    }

    @Test
    void submitsAnOperationFromFlagsJsonAFileOrStdin() throws Exception {
        String agent = spawnAgent("op-target");
        CliProcess.Result fromJson = toka.run("op", "--json",
                "{\"op\":\"schedule-task\",\"agent\":\"" + agent + "\",\"description\":\"from json\"}", "-o", "json");
        assertEquals(0, fromJson.exitCode(), fromJson.toString());
        assertEquals("TaskScheduled", JsonPath.from(fromJson.stdout()).getString("event.type"));

        CliProcess.Result fromStdin = toka.runWithInput("{\"op\":\"suspend-agent\",\"agent\":\"" + agent + "\"}",
                "op", "--file", "-");
        assertEquals(0, fromStdin.exitCode(), fromStdin.toString());
        assertTrue(fromStdin.stdout().contains(agent) && fromStdin.stdout().contains("AgentSuspended"),
                fromStdin.toString());

        CliProcess.Result unknown = toka.run("op", "no-such-op", "-f", "agent=" + agent);
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stderr().startsWith("toka: ") && unknown.stderr().contains("(400)"), unknown.toString());

        CliProcess.Result both = toka.run("op", "suspend-agent", "--json", "{}");
        assertEquals(2, both.exitCode(), both.toString());
    }

    @Test
    void listsAndShowsAgentsAsATableOrJson() throws Exception {
        String agent = spawnAgent("shown");
        CliProcess.Result table = toka.run("agents", "list");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.stdout().lines().findFirst().orElseThrow().matches("ID +NAME +TYPE +STATE.*"), table.toString());
        assertTrue(table.stdout().lines().anyMatch(line -> line.startsWith(agent) && line.contains("shown")),
                table.toString());

        String child = toka.run("op", "spawn-agent", "-f", "parent=" + agent, "-f", "name=child", "-f", "type=script",
                "-o", "json").stdout();
        String childId = JsonPath.from(child).getString("agentId");
        CliProcess.Result children = toka.run("agents", "list", "--parent", agent, "--state", "ready", "-o", "json");
        assertEquals(0, children.exitCode(), children.toString());
        assertEquals(List.of(childId), JsonPath.from(children.stdout()).getList("agents.id"));
        CliProcess.Result onePage = toka.run("agents", "list", "--limit", "1");
        assertEquals(2, onePage.stdout().lines().count(), onePage.toString());
        assertTrue(onePage.stderr().startsWith("more: repeat with --cursor "), onePage.toString());
        CliProcess.Result all = toka.run("agents", "list", "--limit", "1", "--all", "-o", "json");
        assertTrue(JsonPath.from(all.stdout()).getList("agents.id").containsAll(List.of(agent, childId)), all.toString());
        CliProcess.Result badState = toka.run("agents", "list", "--state", "asleep");
        assertEquals(1, badState.exitCode(), badState.toString());
        assertTrue(badState.stderr().contains("(400)"), badState.toString());

        CliProcess.Result json = toka.run("agents", "show", agent, "-o", "json");
        assertEquals(0, json.exitCode(), json.toString());
        assertEquals("shown", JsonPath.from(json.stdout()).getString("name"));

        CliProcess.Result missing = toka.run("agents", "show", "no-such-agent");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertEquals(1, missing.stderr().strip().lines().count(), missing.toString());
        assertTrue(missing.stderr().contains("(404)"), missing.toString());
    }

    @Test
    void watchesARunToItsEndWithAnExitCodeThatReflectsIt() throws Exception {
        Path first = spec("fetch", List.of("echo fetching", "sleep 300ms"));
        Path second = spec("report", List.of("echo writing", "sleep 200ms"), "fetch");
        CliProcess.Result completed = toka.run("runs", "submit", "--watch", first.toString(), second.toString());
        assertEquals(0, completed.exitCode(), completed.toString());
        assertTrue(completed.stdout().contains("[" + "#".repeat(30) + "] 100% 2/2 tasks, 2/2 agents settled"),
                completed.toString());
        assertTrue(completed.stdout().lines().anyMatch(line -> line.matches(" +report +completed +1/1 tasks")),
                completed.toString());
        assertTrue(completed.stdout().lines().anyMatch(line -> line.matches("run \\S+ completed after .*")),
                completed.toString());

        Path broken = spec("broken", List.of("fail on purpose"));
        Path waiting = spec("waiting", List.of("echo never"), "broken");
        CliProcess.Result failed = toka.run("runs", "submit", "-w", "-o", "json", broken.toString(), waiting.toString());
        assertEquals(3, failed.exitCode(), failed.toString());
        JsonPath run = JsonPath.from(failed.stdout());
        assertEquals("failed", run.getString("state"));
        assertEquals(List.of("broken"), run.getList("failedAgents"));
        assertEquals(List.of("waiting"), run.getList("blockedAgents"));

        CliProcess.Result shown = toka.run("runs", "show", run.getString("id"));
        assertEquals(0, shown.exitCode(), shown.toString());
        assertTrue(shown.stdout().lines().anyMatch(line -> line.matches("broken +failed +0/1 .*")), shown.toString());

        CliProcess.Result listed = toka.run("runs", "list", "--state", "failed", "--spec", "broken", "-o", "json");
        assertEquals(0, listed.exitCode(), listed.toString());
        assertEquals(List.of(run.getString("id")), JsonPath.from(listed.stdout()).getList("runs.id"));
        CliProcess.Result table = toka.run("runs", "list", "--spec", "waiting");
        assertTrue(table.stdout().lines().anyMatch(line -> line.startsWith(run.getString("id"))
                && line.contains("failed") && line.contains("broken@v1,waiting@v1")), table.toString());

        CliProcess.Result rebuilt = toka.run("read-models", "rebuild");
        assertEquals(0, rebuilt.exitCode(), rebuilt.toString());
        assertTrue(rebuilt.stdout().lines().anyMatch(line -> line.startsWith("agents read model")), rebuilt.toString());
        assertEquals(listed.stdout(), toka.run("runs", "list", "--state", "failed", "--spec", "broken", "-o", "json")
                .stdout(), "the same after the rebuild");
    }

    @Test
    void cancelsARunAndWatchingItThenReportsItDidNotComplete() throws Exception {
        Path slow = spec("slow", List.of("sleep 60s"));
        CliProcess.Result submitted = toka.run("runs", "submit", slow.toString());
        assertEquals(0, submitted.exitCode(), submitted.toString());
        String runId = submitted.stdout().strip();

        CliProcess.Result cancelled = toka.run("runs", "cancel", runId, "--reason", "not needed");
        assertEquals(0, cancelled.exitCode(), cancelled.toString());
        assertEquals("run " + runId + " cancelled", cancelled.stdout().strip());

        CliProcess.Result watched = toka.run("runs", "watch", runId);
        assertEquals(3, watched.exitCode(), watched.toString());
        assertTrue(watched.stdout().contains("run " + runId + " cancelled after"), watched.toString());

        CliProcess.Result again = toka.run("runs", "cancel", runId);
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("(409)"), again.toString());
    }

    @Test
    void tailsEventsFromAPositionAndFollowsOneStreamLive() throws Exception {
        CliProcess.Result first = toka.run("events", "tail", "--from", "1", "-n", "3", "-o", "json");
        assertEquals(0, first.exitCode(), first.toString());
        List<String> lines = first.stdout().lines().toList();
        assertEquals(3, lines.size(), first.toString());
        List<Long> positions = lines.stream().map(line -> JsonPath.from(line).getLong("position")).toList();
        assertTrue(positions.get(0) >= 1 && positions.get(0) < positions.get(1) && positions.get(1) < positions.get(2),
                first.toString());

        String agent = spawnAgent("followed");
        long head = given().baseUri(service.baseUrl()).header("Authorization", "Bearer " + ServiceProcess.ADMIN_SECRET)
                .get("/api/v1/events/verify").then().statusCode(200).extract().jsonPath().getLong("headPosition");
        CompletableFuture<CliProcess.Result> tail = CompletableFuture.supplyAsync(() -> {
            try {
                return toka.run("events", "tail", "--follow", "--from", String.valueOf(head + 1),
                        "--stream", "agent-" + agent, "-n", "1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CliProcess.Result scheduled = toka.run("op", "schedule-task", "-f", "agent=" + agent, "-f", "description=live");
        assertEquals(0, scheduled.exitCode(), scheduled.toString());
        CliProcess.Result followed = tail.get(120, TimeUnit.SECONDS);
        assertEquals(0, followed.exitCode(), followed.toString());
        assertTrue(followed.stdout().lines().anyMatch(line -> line.contains("agent-" + agent)
                && line.contains("TaskScheduled")), followed.toString());
    }

    @Test
    void readsTheAuditTrailWithFilters() throws Exception {
        String agent = spawnAgent("audited");
        assertEquals(0, toka.run("tokens", "issue", "--subject", agent, "-p", "task:schedule").exitCode());
        CliProcess.Result json = toka.run("audit", "--action", "token:issue", "-o", "json");
        assertEquals(0, json.exitCode(), json.toString());
        List<String> actions = JsonPath.from(json.stdout()).getList("entries.entry.action");
        assertFalse(actions.isEmpty(), json.toString());
        assertTrue(actions.stream().allMatch("token:issue"::equals), json.toString());

        CliProcess.Result table = toka.run("audit", "--decision", "allow", "--limit", "5");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.stdout().startsWith("POSITION"), table.toString());
        assertTrue(table.stdout().contains("next: --from "), table.toString());
    }

    @Test
    void refusesAConfigFileOthersMayReadAndUsesItOnceItIsPrivate() throws Exception {
        Path config = work.resolve("config-home").resolve("toka").resolve("config.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "url=" + service.baseUrl() + "\ntoken=" + ServiceProcess.ADMIN_SECRET + "\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        CliProcess fromFile = new CliProcess(work).secret(ServiceProcess.ADMIN_SECRET);

        CliProcess.Result refused = fromFile.run("agents", "list");
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("others may read it. Run: chmod 600 " + config), refused.toString());

        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        CliProcess.Result used = fromFile.run("agents", "list", "-o", "json");
        assertEquals(0, used.exitCode(), used.toString());
    }

    @Test
    void validatesSpecsOfflineReportingEveryErrorAtOnce() throws Exception {
        Path good = spec("good", List.of("echo ok"));
        Path bad = work.resolve("bad.yaml");
        Files.writeString(bad, "metadata:\n  name: bad\nspec:\n  type: nope\n");
        // No URL and no credential: the command needs neither.
        CliProcess offline = new CliProcess(work);

        CliProcess.Result valid = offline.run("spec", "validate", good.toString());
        assertEquals(0, valid.exitCode(), valid.toString());
        assertTrue(valid.stdout().contains("valid: 1 agents"), valid.toString());

        CliProcess.Result invalid = offline.run("spec", "validate", good.toString(), bad.toString());
        assertEquals(1, invalid.exitCode(), invalid.toString());
        assertTrue(invalid.stderr().contains(bad + ": spec.type: must be a known agent type: llm, script"),
                invalid.toString());
        assertTrue(invalid.stderr().contains(bad + ": metadata.version: is required"), invalid.toString());
        assertTrue(invalid.stderr().contains(bad + ": tasks.default: must list at least one task"), invalid.toString());
    }

    @Test
    void printsACompletionScriptForTheWholeCommandTree() throws Exception {
        CliProcess.Result bash = new CliProcess(work).run("completion", "bash");
        assertEquals(0, bash.exitCode(), bash.toString());
        assertTrue(bash.stdout().contains("complete -F _complete_toka"), bash.toString());
        assertTrue(bash.stdout().contains("submit") && bash.stdout().contains("--watch"), "subcommands and options");
    }

    private String spawnAgent(String name) throws Exception {
        CliProcess.Result spawned = toka.run("op", "spawn-agent", "-f", "name=" + name, "-f", "type=script",
                "-o", "json");
        assertEquals(0, spawned.exitCode(), spawned.toString());
        return JsonPath.from(spawned.stdout()).getString("agentId");
    }

    /** A workstream spec file: one task of script steps, and the agents it requires. */
    private Path spec(String name, List<String> steps, String... requires) throws IOException {
        StringBuilder yaml = new StringBuilder("metadata:\n  name: " + name + "\n  version: v1\n  workstream: cli\n"
                + "spec:\n  name: " + name + " agent\n  domain: testing\n  priority: high\n"
                + "tasks:\n  default:\n    - description: \"" + name + " work\"\n      priority: high\n      steps:\n");
        steps.forEach(step -> yaml.append("        - \"").append(step).append("\"\n"));
        yaml.append("dependencies:\n  required:").append(requires.length == 0 ? " {}\n" : "\n");
        for (String required : requires) {
            yaml.append("    - \"").append(required).append("\": \"needs it\"\n");
        }
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /**
     * Runs the jar the way the issue found it starting the service ({@code java -jar quarkus-run.jar ARGS}) in
     * an empty directory, with the service's port set, and polls that port until the process ends.
     */
    private Started startJarWatchingItsPort(String... args) throws Exception {
        int port = FreePorts.belowEphemeralRange();
        Path directory = Files.createDirectory(work.resolve("cwd-" + System.nanoTime()));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1", "-jar",
                ServiceProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        AtomicBoolean listened = new AtomicBoolean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (process.isAlive() && System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 50);
                listened.set(true);
            } catch (IOException notListening) {
                Thread.sleep(20);
            }
        }
        boolean ended = process.waitFor(1, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        return new Started(ended ? process.exitValue() : -1, output.get(10, TimeUnit.SECONDS), ended, listened.get(),
                directory);
    }

    private record Started(int exitCode, String output, boolean endedByItself, boolean listened, Path directory) {

        void assertStartedNothing() throws IOException {
            assertTrue(endedByItself, "it kept running, like a service:\n" + output);
            assertFalse(listened, "something listened on the service port:\n" + output);
            try (var created = Files.list(directory)) {
                assertEquals(List.of(), created.toList(), "it created files (./data?):\n" + output);
            }
            assertFalse(output.contains("Listening on") || output.contains("Installed features"), output);
        }
    }
}
