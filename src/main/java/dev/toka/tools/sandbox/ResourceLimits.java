package dev.toka.tools.sandbox;

import dev.toka.tools.ToolsConfig;
import java.util.List;

/**
 * The kernel resource limits of one command, set with util-linux {@code prlimit} on the process that
 * becomes the sandbox, so the command and everything it starts inherit them and cannot raise them.
 *
 * @param memoryBytes   RLIMIT_AS: address space per process.
 * @param cpuSeconds    RLIMIT_CPU: SIGXCPU at this many CPU seconds, SIGKILL one second later.
 * @param processes     RLIMIT_NPROC: processes and threads of the user the command runs as.
 * @param fileSizeBytes RLIMIT_FSIZE: largest file written; SIGXFSZ beyond it.
 * @param openFiles     RLIMIT_NOFILE: open file descriptors per process.
 */
record ResourceLimits(long memoryBytes, long cpuSeconds, long processes, long fileSizeBytes, long openFiles) {

    ResourceLimits {
        if (memoryBytes < 1 || cpuSeconds < 1 || processes < 1 || fileSizeBytes < 0 || openFiles < 1) {
            throw new IllegalArgumentException("resource limits must be positive (file size >= 0)");
        }
    }

    static ResourceLimits of(ToolsConfig.Limits config) {
        return new ResourceLimits(config.memoryBytes(), config.cpuSeconds(), config.processes(),
                config.fileSizeBytes(), config.openFiles());
    }

    /** The prlimit options, soft and hard limit alike but for CPU, whose soft limit sends SIGXCPU first. */
    List<String> prlimitOptions() {
        return List.of("--as=" + memoryBytes, "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1),
                "--nproc=" + processes, "--fsize=" + fileSizeBytes, "--nofile=" + openFiles, "--core=0");
    }
}
