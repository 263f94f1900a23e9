package dev.toka.store;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Verifies an exported log (one stored event as JSON per line) without a running service or a
 * database: the same {@link ChainVerifier} the stores use, fed from a file.
 */
public final class JsonLinesVerifier {

    /**
     * Reads every line and checks the chain.
     *
     * @throws IllegalArgumentException naming the line when one is not a stored event
     */
    public ChainVerification verify(BufferedReader lines) throws IOException {
        ChainVerifier verifier = new ChainVerifier();
        ExportReader export = new ExportReader(lines);
        StoredEvent event;
        while ((event = export.next()) != null) {
            if (!verifier.accept(event)) {
                break;
            }
        }
        return verifier.result();
    }
}
