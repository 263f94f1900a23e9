package dev.toka.tools.sandbox;

import dev.toka.tools.ToolFailedException;
import io.quarkus.logging.Log;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command for a tool: in the workspace as working directory, with the environment cleared
 * but for the names allowed, stdin closed, stdout and stderr capped, and a timeout that kills the
 * whole process tree.
 *
 * <p>Where {@code setsid} exists the command starts as the leader of a new session and process
 * group, so the kill reaches every process of that group even after its parent has died and it was
 * re-parented. Everything the command left running is killed when it ends as well, not only at the
 * timeout. Not covered: a process that starts its own session ({@code setsid}, daemons) escapes the
 * group kill; there are no namespaces, seccomp filters, or memory and CPU limits.
 */
@Singleton
public class ProcessSandbox {

    private static final long DRAIN_WAIT_MILLIS = 2_000;

    private final Optional<Path> setsid = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();
    private final Optional<Path> kill = Stream.of("/usr/bin/kill", "/bin/kill")
            .map(Path::of).filter(Files::isExecutable).findFirst();

    /**
     * Runs {@code argv} and waits for it.
     *
     * @throws ToolFailedException when the command cannot start or runs past the timeout
     */
    public ProcessResult run(List<String> argv, Path workingDirectory, SandboxLimits limits) {
        Process process = start(argv, workingDirectory, limits);
        OutputDrain stdout = OutputDrain.start(process.getInputStream(), limits.maxOutputBytes(),
                "tool-stdout-" + process.pid());
        OutputDrain stderr = OutputDrain.start(process.getErrorStream(), limits.maxOutputBytes(),
                "tool-stderr-" + process.pid());
        try {
            boolean finished = process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            killTree(process);
            OutputDrain.Captured out = stdout.await(DRAIN_WAIT_MILLIS);
            OutputDrain.Captured err = stderr.await(DRAIN_WAIT_MILLIS);
            if (!finished) {
                throw new ToolFailedException("'" + argv.get(0) + "' ran longer than " + limits.timeout()
                        + "; its process tree was killed");
            }
            return new ProcessResult(process.exitValue(), out.text(), out.truncated(), err.text(), err.truncated());
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new ToolFailedException("interrupted while the command ran; its process tree was killed");
        }
    }

    private Process start(List<String> argv, Path workingDirectory, SandboxLimits limits) {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Map<String, String> environment = builder.environment();
        environment.clear();
        for (String name : limits.environment()) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> environment.put(name, value));
        }
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new ToolFailedException("cannot start '" + argv.get(0) + "': " + e.getMessage());
        }
    }

    private void killTree(Process process) {
        // Take the descendants before the kill: once the parent dies they are re-parented and lost.
        List<ProcessHandle> descendants = process.descendants().toList();
        if (setsid.isPresent()) {
            killGroup(process.pid());
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().onExit().join();
    }

    /** {@code setsid} made the command's pid its process group id; signal the whole group. */
    private void killGroup(long groupId) {
        if (kill.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder(kill.get().toString(), "-KILL", "--", "-" + groupId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(DRAIN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            Log.warnf("could not signal process group %d: %s", groupId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
