package dev.toka.cli;

import dev.toka.store.ChainHead;
import dev.toka.store.LogMigration;
import dev.toka.store.MigrationException;
import dev.toka.store.StorageStrategy;
import dev.toka.store.StoreConfig.Backend;
import dev.toka.store.jdbc.OfflineDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code toka migrate}: copies a log verbatim from one database or an export to another database,
 * offline (no service), and verifies the target's chain before it reports success (docs/event-log.md).
 */
@Command(name = "migrate", description = {"Copy the event log verbatim from a database (--from) or an export "
        + "(--from-export) to a database (--to), then verify the target's whole chain. Offline: stop the service "
        + "on an H2 file first. The source is only read; the target must be empty or hold a prefix of this very "
        + "source, which is how an interrupted migration resumes: run the same command again.",
        "Passwords come from TOKA_MIGRATE_FROM_PASSWORD and TOKA_MIGRATE_TO_PASSWORD, never from the command line.",
        "Exit code 0 when the target verified, 1 when refused or failed (the target then holds an intact prefix), "
                + "2 on a usage error or an unreadable file."})
final class MigrateCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
        @Option(names = "--from", paramLabel = "JDBC_URL",
                description = "The source database, e.g. jdbc:h2:file:./data/toka or jdbc:postgresql://host:5432/toka.")
        String url;

        @Option(names = "--from-export", paramLabel = "FILE",
                description = "The source export (GET /api/v1/events/export, one stored event as JSON per line).")
        Path export;
    }

    @Option(names = "--to", required = true, paramLabel = "JDBC_URL", description = "The target database.")
    String to;

    @Option(names = "--from-user", paramLabel = "USER", description = "Source user; default sa (H2) or postgres.")
    String fromUser;

    @Option(names = "--to-user", paramLabel = "USER", description = "Target user; default sa (H2) or postgres.")
    String toUser;

    @Option(names = "--batch-size", defaultValue = "5000", paramLabel = "N",
            description = "Events per target transaction; default ${DEFAULT-VALUE}.")
    int batchSize;

    // The test hook of an interruption: the real command, stopped after N committed batches.
    @Option(names = "--stop-after-batches", hidden = true, defaultValue = "" + Long.MAX_VALUE)
    long stopAfterBatches;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new CliException(ExitCodes.USAGE, "--batch-size must be at least 1");
        }
        if (to.equals(from.url)) {
            throw new CliException(ExitCodes.USAGE, "--from and --to name the same database");
        }
        OfflineDatabase target = database(to, toUser, "TOKA_MIGRATE_TO_PASSWORD");
        OfflineDatabase source = from.url == null ? null : database(from.url, fromUser, "TOKA_MIGRATE_FROM_PASSWORD");
        PrintStream out = System.out;
        try (LogMigration.Source in = source != null ? StorageStrategy.openSource(source)
                        : StorageStrategy.openExport(from.export);
                LogMigration.Target sink = StorageStrategy.openTarget(target)) {
            out.printf("migrating %s to %s%n", source != null ? source : from.export, target);
            LogMigration.Result result = new LogMigration(in, sink, batchSize, new ProgressLine(out))
                    .run(stopAfterBatches);
            ChainHead head = result.verification().head();
            out.printf("OK: %d events copied, %d were already there; the target's chain of %d events verified,"
                    + " head position %d, hash %s%n", result.copied(), result.alreadyThere(),
                    result.verification().checked(), head.position(), head.hash());
            if (from.export != null) {
                out.println("An export cannot tell it was cut short: compare this head with the exporting service's"
                        + " GET /api/v1/events/verify.");
            }
            return ExitCodes.OK;
        } catch (MigrationException | SQLException e) {
            throw new CliException(ExitCodes.FAILURE, "migration failed: " + e.getMessage());
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read " + from.export + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    private static OfflineDatabase database(String url, String user, String passwordVariable) {
        Backend backend;
        try {
            backend = StorageStrategy.backendOf(url);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        String password = Optional.ofNullable(System.getenv(passwordVariable)).orElse("");
        return new OfflineDatabase(backend, url, user != null ? user : backend == Backend.h2 ? "sa" : "postgres",
                password);
    }

    /** One line a second at most: events copied, the target's head, the rate. */
    private static final class ProgressLine implements LogMigration.Progress {

        private final PrintStream out;
        private final long started = System.nanoTime();
        private long lastPrinted = started;

        ProgressLine(PrintStream out) {
            this.out = out;
        }

        @Override
        public void committed(long copied, ChainHead head, Optional<ChainHead> end) {
            long now = System.nanoTime();
            boolean done = end.isPresent() && end.get().position() == head.position();
            if (now - lastPrinted < 1_000_000_000L && !done) {
                return;
            }
            lastPrinted = now;
            String of = end.map(e -> " of " + e.position() + " (" + (100 * head.position() / Math.max(1, e.position()))
                    + "%)").orElse("");
            out.printf("copied %d events, at position %d%s, %.0f events/s%n", copied, head.position(), of,
                    copied / Math.max(1e-9, (now - started) / 1e9));
        }
    }
}
