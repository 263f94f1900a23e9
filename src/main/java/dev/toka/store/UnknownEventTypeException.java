package dev.toka.store;

import dev.toka.NonRetriableException;

/**
 * The log holds an event of a type no layer of this version declares: it was written by a newer or
 * different version of Toka, or by hand. It is never skipped, because a projection that skipped it
 * would show a state the log does not hold.
 */
public final class UnknownEventTypeException extends NonRetriableException {

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
}
