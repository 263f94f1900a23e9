package dev.toka.tools;

import static dev.toka.tools.ToolCalls.invokeFor;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The file tools stay inside their workspace and within their size caps (%test caps: 4096 bytes). */
@QuarkusTest
class ToolsFileSandboxTest {

    @Test
    void rejectsPathsWithDotDot() {
        invokeFor(ToolCalls.freshAgent(), "fs.read", Map.of("path", "notes/../../other/secret.txt"))
                .statusCode(400)
                .body("type", equalTo("urn:toka:problem:invalid-tool-input"))
                .body("field", equalTo("/path"))
                .body("detail", containsString("'..'"));
    }

    @Test
    void rejectsAbsolutePaths() {
        invokeFor(ToolCalls.freshAgent(), "fs.read", Map.of("path", "/etc/passwd"))
                .statusCode(400)
                .body("field", equalTo("/path"))
                .body("detail", containsString("relative"));
    }

    @Test
    void rejectsADirectoryLinkThatLeavesTheWorkspace() throws Exception {
        String agent = ToolCalls.freshAgent();
        Path outside = Files.createTempDirectory("toka-outside");
        Files.writeString(outside.resolve("secret.txt"), "do not read");
        Path workspace = Files.createDirectories(ToolCalls.workspaceOf(agent));
        Files.createSymbolicLink(workspace.resolve("escape"), outside);

        invokeFor(agent, "fs.read", Map.of("path", "escape/secret.txt"))
                .statusCode(400)
                .body("field", equalTo("/path"))
                .body("detail", containsString("leaves the workspace"));
        invokeFor(agent, "fs.write", Map.of("path", "escape/planted.txt", "content", "x"))
                .statusCode(400)
                .body("field", equalTo("/path"));
        invokeFor(agent, "fs.list", Map.of("path", "escape"))
                .statusCode(400);
        assertFalse(Files.exists(outside.resolve("planted.txt")));
    }

    @Test
    void neverReadsThroughAFileLink() throws Exception {
        String agent = ToolCalls.freshAgent();
        Path outside = Files.createTempFile("toka-outside", ".txt");
        Files.writeString(outside, "do not read");
        Path workspace = Files.createDirectories(ToolCalls.workspaceOf(agent));
        Files.createSymbolicLink(workspace.resolve("link.txt"), outside);

        invokeFor(agent, "fs.read", Map.of("path", "link.txt"))
                .statusCode(400)
                .body("field", equalTo("/path"));
    }

    @Test
    void neverWritesThroughAFileLinkLeavingTheWorkspace() throws Exception {
        String agent = ToolCalls.freshAgent();
        Path outside = Files.createTempFile("toka-outside", ".txt");
        Files.writeString(outside, "untouched");
        Path workspace = Files.createDirectories(ToolCalls.workspaceOf(agent));
        Files.createSymbolicLink(workspace.resolve("link.txt"), outside);

        invokeFor(agent, "fs.write", Map.of("path", "link.txt", "content", "new"))
                .statusCode(400)
                .body("field", equalTo("/path"))
                .body("detail", containsString("leaves the workspace"));
        assertEquals("untouched", Files.readString(outside));
    }

    @Test
    void refusesToReadAFileOverTheCap() throws Exception {
        String agent = ToolCalls.freshAgent();
        Path workspace = Files.createDirectories(ToolCalls.workspaceOf(agent));
        Files.write(workspace.resolve("big.bin"), new byte[4097]);
        Files.write(workspace.resolve("fits.bin"), new byte[4096]);

        invokeFor(agent, "fs.read", Map.of("path", "big.bin"))
                .statusCode(422)
                .body("type", equalTo("urn:toka:problem:tool-failed"))
                .body("detail", containsString("4097 bytes"));
        invokeFor(agent, "fs.read", Map.of("path", "fits.bin"))
                .statusCode(200)
                .body("output.bytes", equalTo(4096));
    }

    @Test
    void refusesToWriteContentOverTheCap() {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "fs.write", Map.of("path", "big.txt", "content", "x".repeat(4097)))
                .statusCode(400)
                .body("field", equalTo("/content"));
        assertFalse(Files.exists(ToolCalls.workspaceOf(agent).resolve("big.txt")));
    }

    @Test
    void writesLeaveNoTemporaryFilesBehind() throws Exception {
        String agent = ToolCalls.freshAgent();
        invokeFor(agent, "fs.write", Map.of("path", "a/b/c.txt", "content", "deep")).statusCode(200);
        try (var entries = Files.list(ToolCalls.workspaceOf(agent).resolve("a/b"))) {
            assertEquals(1, entries.count());
        }
    }
}
