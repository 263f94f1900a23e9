package dev.toka;

import dev.toka.cli.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point. A static {@code main} annotated {@link QuarkusMain} runs before Quarkus starts
 * anything, so the command line is parsed first: {@code serve} (or no command) starts the service;
 * every other command, a usage error and {@code --help} end here without CDI, a database or a port
 * (docs/cli.md).
 */
@QuarkusMain
public final class TokaMain {

    // Not private: @QuarkusMain makes this class a bean, and ArC warns about a private constructor at every build.
    TokaMain() {}

    public static void main(String... args) {
        Cli cli = new Cli();
        int exitCode = cli.execute(args);
        if (cli.serveRequested()) {
            Quarkus.run();
        } else {
            System.exit(exitCode);
        }
    }
}
