package dev.toka.bus;

/**
 * One consumer's place in the log, fed off the committing thread (see {@link EventFeed#subscription}).
 * A consumer that cannot take more for a while pauses it: the events that commit meanwhile are not
 * kept for it, it reads them from the store from its own position once resumed.
 */
public interface Subscription extends AutoCloseable {

    /** Starts delivering: the stored events from the subscription's position first, then new ones. */
    void start();

    /** Stops delivering until {@link #resume}; may be called from the consumer itself. */
    void pause();

    /** Delivers again after a {@link #pause}; a no-op when not paused. Any thread may call it. */
    void resume();

    /** Ends the subscription for good. */
    @Override
    void close();
}
