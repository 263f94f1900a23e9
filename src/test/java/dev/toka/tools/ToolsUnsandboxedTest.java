package dev.toka.tools;

import static dev.toka.tools.ToolCalls.invokeFor;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The escape hatch {@code toka.tools.exec.sandbox=none}: commands run, unconfined, as the docs warn. */
@QuarkusTest
@TestProfile(ToolsUnsandboxedTest.Unsandboxed.class)
class ToolsUnsandboxedTest {

    public static class Unsandboxed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.tools.exec.sandbox", "none", "toka.tools.exec.bwrap-path", "/nonexistent/bwrap");
        }
    }

    @Test
    void commandsRunInTheWorkspaceWithoutNamespacesButWithTheLimits() {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c", "pwd; ulimit -n")))
                .statusCode(200)
                .body("output.stdout", containsString("agent-" + agent))
                .body("output.stdout", containsString("\n64\n"));
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c", "head -c 2000000 /dev/zero > big")))
                .statusCode(422)
                .body("detail", containsString("file size limit"));
        invokeFor(agent, "process.exec", Map.of("command", "env"))
                .statusCode(200)
                .body("output.stdout", equalTo("PATH=" + System.getenv("PATH") + "\n"));
    }
}
