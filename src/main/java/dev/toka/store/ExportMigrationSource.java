package dev.toka.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An export file ({@code GET /api/v1/events/export}) as a migration's source: read once, front to
 * back. An export records no head apart from its events, so the migration copies to its last line.
 */
public final class ExportMigrationSource implements LogMigration.Source {

    private final BufferedReader lines;
    private final ExportReader export;

    public ExportMigrationSource(BufferedReader lines) {
        this.lines = lines;
        this.export = new ExportReader(lines);
    }

    @Override
    public Optional<ChainHead> head() {
        return Optional.empty();
    }

    /** Skips the events before {@code fromPosition}: a resumed migration starts after the target's head. */
    @Override
    public List<StoredEvent> read(long fromPosition, int limit) {
        List<StoredEvent> page = new ArrayList<>(Math.min(limit, 4_096));
        try {
            while (page.size() < limit) {
                StoredEvent event = export.next();
                if (event == null) {
                    break;
                }
                if (event.position() >= fromPosition) {
                    page.add(event);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the export failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MigrationException("the export is not a log: " + e.getMessage(), e);
        }
        return page;
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            // Read-only; nothing to lose.
        }
    }
}
