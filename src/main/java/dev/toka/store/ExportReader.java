package dev.toka.store;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads an exported log ({@code GET /api/v1/events/export}: one stored event as JSON per line) back
 * into {@link StoredEvent}s, exactly as stored: the offline verifier and the migration from an export
 * read it through here.
 */
public final class ExportReader {

    private final StoredEventJson json = new StoredEventJson();
    private final BufferedReader lines;
    private long lineNumber;

    public ExportReader(BufferedReader lines) {
        this.lines = lines;
    }

    /**
     * The next event, skipping blank lines.
     *
     * @return the event, or null at the end of the file
     * @throws IllegalArgumentException naming the line when one is not a stored event
     */
    public StoredEvent next() throws IOException {
        String line;
        do {
            line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        return parse(line);
    }

    private StoredEvent parse(String line) {
        try {
            return json.read(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + lineNumber + " is not a stored event: " + e.getMessage(), e);
        }
    }
}
