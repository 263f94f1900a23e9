package dev.toka.tools;

import static dev.toka.tools.ToolCalls.invokeFor;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code process.exec} in real processes (%test: sh, echo and env allowed, PATH passed through,
 * 2 s timeout, 1024 bytes of output).
 */
@QuarkusTest
class ToolsProcessSandboxTest {

    @Test
    void runsAnAllowedCommandInTheWorkspace() {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c", "echo hi > made.txt; pwd")))
                .statusCode(200)
                .body("output.exitCode", equalTo(0))
                .body("output.stdout", containsString("agent-" + agent));
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
        assertEquals(List.of("PATH"), names, "the service's environment must not leak: " + names);
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
    void theTimeoutKillsTheWholeProcessTree() throws Exception {
        String agent = ToolCalls.freshAgent();
        long started = System.nanoTime();
        invokeFor(agent, "process.exec", Map.of("command", "sh",
                "args", List.of("-c", "sleep 30 & echo $! > child.pid; echo $$ > parent.pid; sleep 30")))
                .statusCode(422)
                .body("type", equalTo("urn:toka:problem:tool-failed"))
                .body("detail", containsString("process tree was killed"));
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 15, "the call must end at the timeout");

        Path workspace = ToolCalls.workspaceOf(agent);
        for (String file : List.of("parent.pid", "child.pid")) {
            long pid = Long.parseLong(Files.readString(workspace.resolve(file)).strip());
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            assertFalse(process.isPresent() && process.get().isAlive(), file + " " + pid + " is still alive");
        }
    }

    @Test
    void leftoverBackgroundProcessesDieWhenTheCommandEnds() throws Exception {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "process.exec", Map.of("command", "sh",
                "args", List.of("-c", "sleep 30 > /dev/null 2>&1 & echo $! > child.pid")))
                .statusCode(200)
                .body("output.exitCode", equalTo(0));
        long pid = Long.parseLong(Files.readString(ToolCalls.workspaceOf(agent).resolve("child.pid")).strip());
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
    }
}
