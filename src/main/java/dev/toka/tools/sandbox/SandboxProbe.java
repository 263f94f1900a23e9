package dev.toka.tools.sandbox;

import dev.toka.tools.ToolsConfig;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decides at start what commands run in: finds bubblewrap and the util-linux helpers, and proves that
 * they work on this machine by running {@code true} in a sandbox exactly as a call would. Any
 * failure is the cause every later call is refused with; only {@code toka.tools.exec.sandbox=none}
 * runs commands unconfined.
 */
final class SandboxProbe {

    private static final long PROBE_SECONDS = 10;

    private SandboxProbe() {}

    static Confinement confinement(ToolsConfig.Exec config, ResourceLimits limits) {
        Optional<Path> prlimit = onPath("prlimit");
        if (config.sandbox() == ToolsConfig.SandboxMode.NONE) {
            Log.warn("toka.tools.exec.sandbox=none: process.exec and YAML command tools run UNSANDBOXED, as the"
                    + " service's user, able to read its environment, data and network; use only for development");
            return new Confinement.Unconfined(prlimit.map(path -> prlimitLine(path, limits)).orElse(List.of()));
        }
        Confinement confinement = bubblewrap(config, limits, prlimit);
        if (confinement instanceof Confinement.Unavailable unavailable) {
            Log.errorf("the process sandbox is unavailable, so process.exec and YAML command tools refuse every"
                    + " call: %s", unavailable.reason());
        } else {
            Log.infof("process sandbox: bubblewrap %s", ((Bubblewrap) confinement).bwrap());
        }
        return confinement;
    }

    private static Confinement bubblewrap(ToolsConfig.Exec config, ResourceLimits limits, Optional<Path> prlimit) {
        Optional<Path> bwrap = onPath(config.bwrapPath());
        if (bwrap.isEmpty()) {
            return new Confinement.Unavailable("bubblewrap ('" + config.bwrapPath() + "', toka.tools.exec.bwrap-path)"
                    + " is not installed or not executable");
        }
        if (prlimit.isEmpty()) {
            return new Confinement.Unavailable("prlimit (util-linux) is not installed; it sets the resource limits");
        }
        OptionalInt uid = runsAsRoot() ? OptionalInt.of(config.sandboxUid()) : OptionalInt.empty();
        List<String> setpriv = List.of();
        if (uid.isPresent()) {
            Optional<Path> program = onPath("setpriv");
            if (program.isEmpty()) {
                return new Confinement.Unavailable("setpriv (util-linux) is not installed; the service runs as root"
                        + " and needs it to run commands as toka.tools.exec.sandbox-uid");
            }
            String id = String.valueOf(uid.getAsInt());
            setpriv = List.of(program.get().toString(), "--reuid=" + id, "--regid=" + id, "--clear-groups",
                    "--no-new-privs", "--");
        }
        Bubblewrap candidate = new Bubblewrap(bwrap.get(), prlimitLine(prlimit.get(), limits), setpriv, uid);
        return prove(candidate).<Confinement>map(Confinement.Unavailable::new).orElse(candidate);
    }

    /** Runs {@code true} in the sandbox; the reason it failed, or empty when it worked. */
    private static Optional<String> prove(Bubblewrap candidate) {
        Path workspace = null;
        try {
            workspace = Files.createTempDirectory("toka-sandbox-probe");
            Launch launch = candidate.launch(List.of("true"), workspace.toRealPath(), false, Map.of());
            ProcessBuilder builder = new ProcessBuilder(launch.commandLine())
                    .directory(launch.directory().toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("bubblewrap did not start a sandbox within " + PROBE_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of("bubblewrap cannot create a sandbox here (exit " + process.exitValue() + "): "
                            + output.lines().findFirst().orElse("no message"));
        } catch (IOException | RuntimeException e) {
            return Optional.of("bubblewrap cannot create a sandbox here: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing bubblewrap");
        } finally {
            deleteQuietly(workspace);
        }
    }

    private static List<String> prlimitLine(Path prlimit, ResourceLimits limits) {
        List<String> line = new ArrayList<>(List.of(prlimit.toString()));
        line.addAll(limits.prlimitOptions());
        line.add("--");
        return line;
    }

    /** A path as given, or a bare name looked up on the service's PATH. */
    private static Optional<Path> onPath(String program) {
        if (program.contains("/")) {
            return Optional.of(Path.of(program)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Stream.of(path.split(":"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean runsAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            Log.debugf("could not delete the probe directory %s: %s", directory, e.getMessage());
        }
    }
}
