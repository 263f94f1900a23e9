package dev.toka.store;

import dev.toka.NonRetriableException;
import dev.toka.ProblemKind;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The log holds an event of a type no layer of this version declares: it was written by a newer or
 * different version of Toka, or by hand. It is never skipped, because a projection that skipped it
 * would show a state the log does not hold.
 */
public final class UnknownEventTypeException extends NonRetriableException {

    /** How the API answers a read that met such an event. */
    public static final ProblemKind KIND = new ProblemKind(500, "unknown-event-type",
            "The log holds an event of a type this version does not know");

    private final long position;

    UnknownEventTypeException(StoredEvent event) {
        super("the event at position " + event.position() + " (stream " + event.streamId() + ", version "
                + event.streamVersion() + ") has type '" + event.type() + "', which this version of Toka does not"
                + " know: it was written by a newer or different version, or by hand. Run the version that wrote it"
                + " (docs/event-log.md, \"Event types\")");
        this.position = event.position();
    }

    /** The global position of the unknown event. */
    public long position() {
        return position;
    }

    @Override
    public ProblemKind problemKind() {
        return KIND;
    }

    @Override
    public Optional<Logger.Level> problemLogLevel() {
        return Optional.of(Logger.Level.ERROR);
    }
}
