package dev.toka.tools;

import static dev.toka.tools.ToolCalls.invokeFor;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The workspaces lie below a directory only the service's user may enter, as under {@code /root} or
 * in a {@code mktemp -d} folder: the sandbox must still mount the call's workspace, and its command
 * must be able to write there.
 */
@QuarkusTest
@TestProfile(ToolsPrivateWorkspaceRootTest.PrivateRoot.class)
class ToolsPrivateWorkspaceRootTest {

    static final Path ROOT = privateDirectory().resolve("workspaces");

    public static class PrivateRoot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toka.tools.workspace-root", ROOT.toString());
        }
    }

    @Test
    void aCommandRunsInAWorkspaceBelowADirectoryOnlyTheServiceMayEnter() throws IOException {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "process.exec", Map.of("command", "sh", "args", List.of("-c", "echo written > note.txt; cat note.txt")))
                .statusCode(200)
                .body("output.stdout", equalTo("written\n"));
        assertEquals("written\n", Files.readString(ROOT.resolve("default").resolve("agent-" + agent).resolve("note.txt")));
    }

    private static Path privateDirectory() {
        try {
            return Files.createTempDirectory(Path.of("target"), "private-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
