package dev.toka.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Parses the command line and runs a client or offline command, all before Quarkus starts: no CDI,
 * no database, no port. {@code serve} (or no command) only records that the caller should start the
 * service, which {@code dev.toka.TokaMain} then does.
 */
public final class Cli {

    private boolean serve;

    /**
     * Runs the command the arguments name: prints help, reports a usage error (exit code 2), or
     * runs a client or offline command.
     *
     * @return the exit code; meaningless when {@link #serveRequested()}
     */
    public int execute(String... args) {
        CommandLine commandLine = new CommandLine(new TokaCommand());
        commandLine.setExecutionStrategy(this::run);
        commandLine.setExecutionExceptionHandler(Cli::report);
        return commandLine.execute(args);
    }

    /** Whether the arguments asked to run the service. */
    public boolean serveRequested() {
        return serve;
    }

    private int run(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        Object command = leaf.commandSpec().userObject();
        if (command instanceof TokaCommand || command instanceof ServeCommand) {
            serve = true;
            return ExitCodes.OK;
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    // One line on stderr, never a stack trace: a problem from the service, a local failure, or a bug.
    private static int report(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof CliException failure) {
            err.println("toka: " + failure.getMessage());
        } else {
            err.println("toka: unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        err.flush();
        return e instanceof CliException failure ? failure.exitCode() : ExitCodes.FAILURE;
    }
}
