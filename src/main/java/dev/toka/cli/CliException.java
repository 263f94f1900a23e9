package dev.toka.cli;

/** A failure the command reports as one line on stderr, ending it with {@link #exitCode()}. */
class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
