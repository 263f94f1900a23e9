package dev.toka.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the arguments ask for, decided before Quarkus could start: plain JUnit, since the point is
 * that nothing but picocli runs. (CliIT runs the packaged command as a process.)
 */
class CliTest {

    @Test
    void noArgumentsAndServeRunTheService() {
        Cli none = new Cli();
        assertEquals(ExitCodes.OK, none.execute());
        assertTrue(none.serveRequested());
        Cli serve = new Cli();
        assertEquals(ExitCodes.OK, serve.execute("serve"));
        assertTrue(serve.serveRequested());
    }

    @Test
    void helpAndVersionDoNotRunTheService() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"--version"}, {"serve", "--help"},
            {"runs", "submit", "--help"}}) {
            Cli cli = new Cli();
            assertEquals(ExitCodes.OK, cli.execute(args), String.join(" ", args));
            assertFalse(cli.serveRequested(), String.join(" ", args));
        }
    }

    @Test
    void rejectsUnknownCommandsAndOptionsWithTheUsageCode() {
        for (String[] args : new String[][] {{"frobnicate"}, {"--frobnicate"}, {"serve", "extra"}, {"tokens"},
            {"runs", "show"}, {"audit", "--decision", "maybe"}, {"migrate", "--to", "jdbc:h2:mem:x"},
            {"migrate", "--from", "jdbc:h2:mem:a", "--from-export", "f.jsonl", "--to", "jdbc:h2:mem:b"},
            {"migrate", "--from", "jdbc:mysql://db/toka", "--to", "jdbc:h2:mem:b"},
            {"migrate", "--from", "jdbc:h2:mem:a", "--to", "jdbc:h2:mem:a"},
            {"migrate", "--from-export", "target/no-such-export.jsonl", "--to", "jdbc:h2:mem:b"}}) {
            Cli cli = new Cli();
            assertEquals(ExitCodes.USAGE, cli.execute(args), String.join(" ", args));
            assertFalse(cli.serveRequested(), String.join(" ", args));
        }
    }
}
