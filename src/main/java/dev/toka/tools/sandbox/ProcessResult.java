package dev.toka.tools.sandbox;

/**
 * How a sandboxed command ended.
 *
 * @param exitCode        The exit code.
 * @param stdout          Standard output, UTF-8, at most the cap.
 * @param stdoutTruncated Whether standard output was longer than the cap.
 * @param stderr          Standard error, UTF-8, at most the cap.
 * @param stderrTruncated Whether standard error was longer than the cap.
 */
public record ProcessResult(
        int exitCode, String stdout, boolean stdoutTruncated, String stderr, boolean stderrTruncated) {}
