package dev.toka.tools.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * Tells from how a command ended whether it ran into one of its {@link ResourceLimits}, for a
 * failure reason a person understands.
 *
 * <p>The CPU and file size limits end a process with a signal, which the exit status shows (128 +
 * signal, from bubblewrap and from Java alike). The memory, process and open-file limits make a
 * system call fail ({@code ENOMEM}, {@code EAGAIN}, {@code EMFILE}) and leave the rest to the
 * program, so they are recognised from the messages the C library and the usual tools print for
 * those errors on standard error.
 */
final class LimitBreach {

    private static final int SIGKILL = 128 + 9;
    private static final int SIGSEGV = 128 + 11;
    private static final int SIGXCPU = 128 + 24;
    private static final int SIGXFSZ = 128 + 25;

    private static final List<String> FORK_FAILED = List.of("Cannot fork", "fork: retry",
            "Resource temporarily unavailable", "can't fork");
    private static final List<String> OUT_OF_MEMORY = List.of("Cannot allocate memory", "memory exhausted",
            "MemoryError", "out of memory", "Out of memory");
    private static final List<String> TOO_MANY_FILES = List.of("Too many open files");

    private LimitBreach() {}

    /** The limit the command ran into, as a failure reason, or empty when it ended on its own terms. */
    static Optional<String> of(int exitCode, String stderr, ResourceLimits limits) {
        if (exitCode == SIGXCPU) {
            return Optional.of("CPU time limit (" + limits.cpuSeconds() + " s) reached: killed by SIGXCPU");
        }
        if (exitCode == SIGXFSZ) {
            return Optional.of("file size limit (" + limits.fileSizeBytes() + " bytes) reached: killed by SIGXFSZ");
        }
        if (exitCode == SIGKILL) {
            return Optional.of("killed by SIGKILL: the CPU time limit (" + limits.cpuSeconds()
                    + " s) or the kernel's out-of-memory killer");
        }
        if (exitCode == SIGSEGV) {
            return Optional.of("killed by SIGSEGV, typically an allocation refused by the memory limit ("
                    + limits.memoryBytes() + " bytes of address space)");
        }
        return inStderr(stderr, limits);
    }

    /** A limit named by an error message on standard error, whatever the exit status. */
    static Optional<String> inStderr(String stderr, ResourceLimits limits) {
        return firstLine(stderr, FORK_FAILED).map(line -> "process limit (" + limits.processes() + ") reached: " + line)
                .or(() -> firstLine(stderr, OUT_OF_MEMORY).map(line -> "memory limit (" + limits.memoryBytes()
                        + " bytes of address space) reached: " + line))
                .or(() -> firstLine(stderr, TOO_MANY_FILES).map(line -> "open-file limit (" + limits.openFiles()
                        + ") reached: " + line));
    }

    private static Optional<String> firstLine(String stderr, List<String> markers) {
        return stderr.lines()
                .filter(line -> markers.stream().anyMatch(line::contains))
                .findFirst()
                .map(String::strip);
    }
}
