package dev.toka.cli;

import dev.toka.store.ChainVerification;
import dev.toka.store.JsonLinesVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code toka verify FILE}: checks an exported log's hash chain offline, with no service and no network. */
@Command(name = "verify", description = {"Check the hash chain of an exported log (GET /api/v1/events/export) "
        + "offline: no service, no database, no network.",
        "Exit code 0 if intact, 1 if broken, 2 if the file cannot be read or is not an export."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The export, one stored event as JSON per line.")
    Path file;

    @Override
    public Integer call() {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ChainVerification result = new JsonLinesVerifier().verify(lines);
            if (result.ok()) {
                System.out.printf("OK: the hash chain of %d events is intact%n", result.checked());
                // A file cannot tell it was cut short: only the service's head (GET /api/v1/events/verify) can.
                System.out.printf("head: position %d, hash %s%n", result.head().position(), result.head().hash());
                System.out.println("Compare them with headPosition and headHash of the service's GET /api/v1/events/verify:"
                        + " an export cut short verifies OK here.");
                return ExitCodes.OK;
            }
            System.out.printf("BROKEN: the chain breaks at position %d (%d events checked)%n",
                    result.firstBadPosition().getAsLong(), result.checked());
            return ExitCodes.FAILURE;
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "cannot verify " + file + ": " + e.getMessage());
        }
    }
}
