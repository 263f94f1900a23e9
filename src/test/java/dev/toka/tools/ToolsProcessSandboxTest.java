package dev.toka.tools;

import static dev.toka.tools.ToolCalls.invokeFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code process.exec} in real processes under bubblewrap (%test: sh, echo and env allowed, PATH
 * passed through, 6 s timeout, 1024 bytes of output, 256 MiB of address space, 1 CPU second, 64
 * processes, 1 MiB files, 64 open files). The service under test has {@code SANDBOX_PLANT} in
 * its environment (surefire configuration).
 */
@QuarkusTest
class ToolsProcessSandboxTest {

    private static final String SECRET = System.getenv("SANDBOX_PLANT");

    @Test
    void runsAnAllowedCommandInTheWorkspace() {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c", "echo hi > made.txt; pwd")))
                .statusCode(200)
                .body("output.exitCode", equalTo(0))
                .body("output.stdout", equalTo("/workspace\n"));
        assertTrue(Files.exists(ToolCalls.workspaceOf(agent).resolve("made.txt")));
    }

    @Test
    void reportsTheExitCodeAndStderr() {
        invokeFor(ToolCalls.freshAgent(), "process.exec",
                Map.of("command", "sh", "args", List.of("-c", "echo oops >&2; exit 3")))
                .statusCode(200)
                .body("output.exitCode", equalTo(3))
                .body("output.stderr", equalTo("oops\n"));
    }

    @Test
    void refusesACommandOffTheAllowList() {
        invokeFor(ToolCalls.freshAgent(), "process.exec", Map.of("command", "ls"))
                .statusCode(400)
                .body("field", equalTo("/command"))
                .body("detail", containsString("not on toka.tools.exec.allowed-commands"));
    }

    @Test
    void passesOnlyTheAllowedEnvironment() {
        String output = invokeFor(ToolCalls.freshAgent(), "process.exec", Map.of("command", "env"))
                .statusCode(200)
                .extract().path("output.stdout");
        List<String> names = output.lines().map(line -> line.contains("=") ? line.substring(0, line.indexOf('=')) : line)
                .toList();
        // bubblewrap sets PWD to the working directory it made; nothing else comes from the service.
        assertEquals(List.of("PATH", "PWD"), names, "the service's environment must not leak: " + names);
    }

    @Test
    void capsTheOutput() {
        invokeFor(ToolCalls.freshAgent(), "process.exec",
                Map.of("command", "sh", "args", List.of("-c", "i=0; while [ $i -lt 500 ]; do echo 0123456789; i=$((i+1)); done")))
                .statusCode(200)
                .body("output.stdout.length()", equalTo(1024))
                .body("output.stdoutTruncated", equalTo(true))
                .body("output.exitCode", equalTo(0));
    }

    @Test
    void theServicesEnvironmentIsNowhereToBeSeen() {
        assertNotNull(SECRET, "surefire must plant SANDBOX_PLANT in the service's environment");
        String output = sandboxed("cat /proc/$PPID/environ /proc/1/environ /proc/*/environ 2>&1 | tr '\\0' '\\n';"
                + " ls /proc");
        assertFalse(output.contains(SECRET), "a sandboxed command read the service's environment:\n" + output);
        assertFalse(output.contains("SANDBOX_PLANT"), output);
    }

    @Test
    void theServicesFilesAreNowhereToBeSeen() throws Exception {
        String name = "toka-planted-" + UUID.randomUUID();
        Path dataFile = Files.writeString(Files.createDirectories(Path.of("target/test-data")).resolve(name), SECRET);
        Path besideWorkspaces = Files.writeString(Path.of("target").resolve(name), SECRET);
        String reads = sandboxed("cat " + dataFile.toAbsolutePath() + " " + besideWorkspaces.toAbsolutePath()
                + "; ls " + Path.of("").toAbsolutePath() + " /root /home; echo end");
        assertFalse(reads.contains(SECRET), "a sandboxed command read the planted file:\n" + reads);
        assertEquals(5, reads.lines().filter(line -> line.contains("No such file or directory")).count(), reads);
        String search = sandboxed("find / -path /proc -prune -o -path /usr -prune -o -name 'toka-planted-*' -print;"
                + " grep -rs " + SECRET + " /etc /tmp /workspace /dev/shm; echo end");
        assertEquals("end\n", search, "a sandboxed command found the planted file");
        String listing = sandboxed("ls /");
        List<String> root = listing.lines().toList();
        assertFalse(root.contains("work") || root.contains("root") || root.contains("home") || root.contains("data"),
                "the host's directories are mounted: " + root);
    }

    @Test
    void cannotConnectToTheHostsLoopback() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String output = sandboxed("bash -c 'echo > /dev/tcp/127.0.0.1/" + listener.getLocalPort() + "'"
                    + " 2>/dev/null && echo connected || echo refused");
            assertEquals("refused\n", output, "a sandboxed command reached a port on the host's loopback");
        }
    }

    @Test
    void aForkBombEndsWithTheProcessLimitAndTheServiceStaysHealthy() {
        // In the foreground, so the first shell waits on the tree until forks are refused; backgrounded
        // ("f | f &"), it may exit, and end the sandbox, before the tree reaches the limit.
        invokeFor(ToolCalls.freshAgent(), "process.exec",
                Map.of("command", "sh", "args", List.of("-c", "f(){ f | f; }; f")))
                .statusCode(422)
                .body("type", equalTo("urn:toka:problem:tool-failed"))
                .body("detail", containsString("process limit (64) reached"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aMemoryHogEndsWithTheMemoryLimit() {
        invokeFor(ToolCalls.freshAgent(), "process.exec", Map.of("command", "sh",
                "args", List.of("-c", "head -c 300000000 /dev/zero | tr '\\0' a | sort > /dev/null")))
                .statusCode(422)
                .body("detail", containsString("memory limit (268435456 bytes of address space) reached"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aBusyLoopEndsWithTheCpuLimit() {
        invokeFor(ToolCalls.freshAgent(), "process.exec",
                Map.of("command", "sh", "args", List.of("-c", "while :; do :; done")))
                .statusCode(422)
                .body("detail", containsString("CPU time limit (1 s) reached: killed by SIGXCPU"));
    }

    @Test
    void aLargeFileEndsWithTheFileSizeLimit() {
        invokeFor(ToolCalls.freshAgent(), "process.exec",
                Map.of("command", "sh", "args", List.of("-c", "head -c 2000000 /dev/zero > big")))
                .statusCode(422)
                .body("detail", containsString("file size limit (1048576 bytes) reached: killed by SIGXFSZ"));
    }

    @Test
    void theTimeoutEndsEveryProcessEvenInANewSession() throws Exception {
        String agent = ToolCalls.freshAgent();
        String marker = "escape-" + UUID.randomUUID();
        long started = System.nanoTime();
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c",
                "setsid sh -c 'sleep 8; echo " + marker + " > escaped-setsid' &"
                        + " (sh -c 'sleep 8; echo " + marker + " > escaped-double-fork' &) ; sleep 30")))
                .statusCode(422)
                .body("type", equalTo("urn:toka:problem:tool-failed"))
                .body("detail", containsString("every process it started was killed"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 12, "the call must end at the timeout");
        assertNoneAlive(marker);
        Thread.sleep(Math.max(0, 9_000 - Duration.ofNanos(System.nanoTime() - started).toMillis()));
        assertFalse(Files.exists(ToolCalls.workspaceOf(agent).resolve("escaped-setsid")), "the setsid child ran on");
        assertFalse(Files.exists(ToolCalls.workspaceOf(agent).resolve("escaped-double-fork")), "the orphan ran on");
    }

    @Test
    void leftoverBackgroundProcessesDieWhenTheCommandEnds() {
        String marker = "leftover-" + UUID.randomUUID();
        invokeFor(ToolCalls.freshAgent(), "process.exec", Map.of("command", "sh",
                "args", List.of("-c", "setsid sh -c 'sleep 30; echo " + marker + "' > /dev/null 2>&1 &")))
                .statusCode(200)
                .body("output.exitCode", equalTo(0));
        assertNoneAlive(marker);
    }

    /** Runs a shell script in the sandbox and returns its stdout and stderr together. */
    private static String sandboxed(String script) {
        return invokeFor(ToolCalls.freshAgent(), "process.exec",
                Map.of("command", "sh", "args", List.of("-c", "exec 2>&1; " + script)))
                .statusCode(200)
                .extract().path("output.stdout");
    }

    private static void assertNoneAlive(String marker) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(process -> process.info().commandLine().orElse("").contains(marker)));
    }
}
