package dev.toka.cli;

/** The documented exit codes of the {@code toka} command (docs/cli.md). */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** It failed: the service refused the request, could not be reached, or a file was bad. */
    public static final int FAILURE = 1;
    /** The command line or the configuration is wrong; nothing was sent. */
    public static final int USAGE = 2;
    /** A watched run ended failed, blocked or cancelled. */
    public static final int RUN_NOT_COMPLETED = 3;
    /** The service refused the credential (401) or the right (403). */
    public static final int UNAUTHORISED = 4;

    private ExitCodes() {}
}
