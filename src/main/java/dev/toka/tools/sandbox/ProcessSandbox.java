package dev.toka.tools.sandbox;

import dev.toka.tools.SandboxUnavailableException;
import dev.toka.tools.ToolFailedException;
import dev.toka.tools.ToolsConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a command for a tool in its {@link Confinement} (bubblewrap unless configured otherwise), in
 * the workspace, with stdin closed, stdout and stderr capped, the resource limits, and a timeout.
 * Ending the call, by timeout or not, ends every process it started.
 *
 * <p>The confinement is decided once at start ({@link SandboxProbe}); when bubblewrap was asked for
 * and does not work, every call is refused with the cause, and never run unconfined.
 */
@Singleton
@Startup
public class ProcessSandbox {

    private static final long DRAIN_WAIT_MILLIS = 2_000;
    private static final long KILL_WAIT_MILLIS = 5_000;

    private final Confinement confinement;
    private final ResourceLimits resourceLimits;

    ProcessSandbox(ToolsConfig config) {
        this.resourceLimits = ResourceLimits.of(config.exec().limits());
        this.confinement = SandboxProbe.confinement(config.exec(), resourceLimits);
    }

    /**
     * Runs {@code argv} and waits for it.
     *
     * @param network Whether the command may use the network (the tool allows it and the caller holds the capability).
     * @throws ToolFailedException         when the command runs past the timeout or into a resource limit
     * @throws SandboxUnavailableException when the sandbox cannot be set up
     */
    public ProcessResult run(List<String> argv, Path workspace, SandboxLimits limits, boolean network) {
        if (confinement instanceof Confinement.Unconfined) {
            Log.warnf("running '%s' UNSANDBOXED (toka.tools.exec.sandbox=none): it can read what the service can",
                    argv.get(0));
        }
        Launch launch = confinement.launch(argv, workspace, network, environmentOf(limits.environment()));
        Process process = start(launch, argv.get(0));
        OutputDrain stdout = OutputDrain.start(process.getInputStream(), limits.maxOutputBytes(),
                "tool-stdout-" + process.pid());
        OutputDrain stderr = OutputDrain.start(process.getErrorStream(), limits.maxOutputBytes(),
                "tool-stderr-" + process.pid());
        try {
            boolean finished = process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            killAll(process);
            OutputDrain.Captured out = stdout.await(DRAIN_WAIT_MILLIS);
            OutputDrain.Captured err = stderr.await(DRAIN_WAIT_MILLIS);
            if (!finished) {
                throw new ToolFailedException("'" + argv.get(0) + "' ran longer than " + limits.timeout()
                        + "; every process it started was killed"
                        + LimitBreach.inStderr(err.text(), resourceLimits).map(breach -> " (" + breach + ")").orElse(""));
            }
            int exitCode = process.exitValue();
            confinement.setupFailure(exitCode, err.text()).ifPresent(reason -> {
                throw new SandboxUnavailableException(reason);
            });
            LimitBreach.of(exitCode, err.text(), resourceLimits).ifPresent(reason -> {
                throw new ToolFailedException("'" + argv.get(0) + "' ran into a limit: " + reason);
            });
            return new ProcessResult(exitCode, out.text(), out.truncated(), err.text(), err.truncated());
        } catch (InterruptedException e) {
            killAll(process);
            Thread.currentThread().interrupt();
            throw new ToolFailedException("interrupted while the command ran; every process it started was killed");
        }
    }

    /**
     * The host command line that starts {@code argv} in the same confinement as {@link #run} (namespaces,
     * mounts, resource limits, an empty environment but {@code environment}), for a process that outlives
     * one call and is driven by whoever starts it: an MCP server spoken to over stdin and stdout. It
     * starts with {@code env -i}, so the started process inherits nothing of the service's environment
     * even when its starter cannot clear it. The resource limits count over the process's whole life.
     *
     * @param directory   Its working directory on the host, the sandbox's {@code /workspace}.
     * @param environment Names of the service's variables it gets.
     * @throws SandboxUnavailableException when the sandbox cannot be set up
     */
    public List<String> longLivedCommandLine(List<String> argv, Path directory, List<String> environment,
            boolean network) {
        Launch launch = confinement.launch(argv, directory, network, environmentOf(environment));
        List<String> commandLine = new ArrayList<>(List.of("env", "-i", "-C", launch.directory().toString()));
        new TreeMap<>(launch.environment()).forEach((name, value) -> commandLine.add(name + "=" + value));
        commandLine.addAll(launch.commandLine());
        return commandLine;
    }

    private static Map<String, String> environmentOf(List<String> names) {
        Map<String, String> environment = new LinkedHashMap<>();
        names.forEach(name -> Optional.ofNullable(System.getenv(name)).ifPresent(value -> environment.put(name, value)));
        return environment;
    }

    private static Process start(Launch launch, String command) {
        ProcessBuilder builder = new ProcessBuilder(launch.commandLine()).directory(launch.directory().toFile());
        builder.environment().clear();
        builder.environment().putAll(launch.environment());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new ToolFailedException("cannot start '" + command + "': " + e.getMessage());
        }
    }

    /**
     * Kills the host process and every descendant it still has. Under bubblewrap the kill of the
     * host process ends the PID namespace and all in it; the descendants are killed as well for the
     * unconfined case (taken before the kill: once the parent dies they are re-parented and lost).
     * Through the handle, not {@link Process#destroyForcibly()}, which would also close the output
     * pipes before the drains have read what is still in them.
     */
    private static void killAll(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.toHandle().destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        CompletableFuture<?>[] exits = descendants.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(CompletableFuture.allOf(exits), process.onExit())
                    .get(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Log.warnf("the processes of command %d did not all end within %d ms", process.pid(), KILL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
