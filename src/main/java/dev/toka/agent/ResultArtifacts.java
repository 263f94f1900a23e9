package dev.toka.agent;

import dev.toka.Sha256;
import dev.toka.kernel.Limits;
import dev.toka.kernel.ResultArtifact;
import dev.toka.tools.ToolScope;
import dev.toka.tools.Workspaces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Keeps a task result too large to record inline as a content-addressed file in the workspace of the
 * agent's run ({@code .toka/results/<sha256>}), so the log records only its digest and size. Written
 * once: a second result with the same content finds the file there.
 */
@Singleton
class ResultArtifacts {

    private final Workspaces workspaces;

    ResultArtifacts(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** The artifact for {@code result}, or {@code null} when it is small enough to record inline. */
    ResultArtifact keepIfLarge(ToolScope scope, String result) {
        byte[] bytes = result.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= Limits.MAX_INLINE_RESULT_BYTES) {
            return null;
        }
        String sha256 = Sha256.hex(bytes);
        Path file = workspaces.of(scope).directory().resolve(ResultArtifact.pathOf(sha256));
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path partial = Files.createTempFile(file.getParent(), sha256, ".partial");
                Files.write(partial, bytes);
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the result as " + file, e);
        }
        return new ResultArtifact(ResultArtifact.pathOf(sha256), sha256, bytes.length);
    }
}
