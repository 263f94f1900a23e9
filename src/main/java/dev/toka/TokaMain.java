package dev.toka;

import dev.toka.store.ChainVerification;
import dev.toka.store.JsonLinesVerifier;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The entry point: {@code verify FILE} checks an exported log offline, without starting the
 * service or opening a database; anything else starts the service.
 */
@QuarkusMain
public final class TokaMain {

    private TokaMain() {}

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(verify(args));
        }
        Quarkus.run(args);
    }

    private static int verify(String... args) {
        if (args.length != 2) {
            System.err.println("usage: java -jar quarkus-run.jar verify EXPORT.jsonl");
            return 2;
        }
        try (BufferedReader lines = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            ChainVerification result = new JsonLinesVerifier().verify(lines);
            if (result.ok()) {
                System.out.printf("OK: the hash chain of %d events is intact%n", result.checked());
                // A file cannot tell it was cut short: only the service's head (GET /api/v1/events/verify) can.
                System.out.printf("head: position %d, hash %s%n", result.head().position(), result.head().hash());
                System.out.println("Compare them with headPosition and headHash of the service's GET /api/v1/events/verify:"
                        + " an export cut short verifies OK here.");
                return 0;
            }
            System.out.printf("BROKEN: the chain breaks at position %d (%d events checked)%n",
                    result.firstBadPosition().getAsLong(), result.checked());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot verify " + args[1] + ": " + e.getMessage());
            return 2;
        }
    }
}
