package dev.toka.store;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Verifies an exported log (one stored event as JSON per line) without a running service or a
 * database: the same {@link ChainVerifier} the stores use, fed from a file.
 */
public final class JsonLinesVerifier {

    private final StoredEventJson json = new StoredEventJson();

    /**
     * Reads every line and checks the chain.
     *
     * @throws IllegalArgumentException naming the line when one is not a stored event
     */
    public ChainVerification verify(BufferedReader lines) throws IOException {
        ChainVerifier verifier = new ChainVerifier();
        String line;
        long lineNumber = 0;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (!verifier.accept(parse(line, lineNumber))) {
                break;
            }
        }
        return verifier.result();
    }

    private StoredEvent parse(String line, long lineNumber) {
        try {
            return json.read(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + lineNumber + " is not a stored event: " + e.getMessage(), e);
        }
    }
}
