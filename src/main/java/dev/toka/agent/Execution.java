package dev.toka.agent;

import java.util.function.Supplier;

/**
 * One agent's link to the worker running its task, so terminating the agent (or stopping the
 * service) can cancel the attempt: the flag is what the plugin sees, the interrupt wakes it from a
 * blocking call. A cancelled attempt reports no outcome.
 */
final class Execution {

    private volatile boolean cancelled;
    private Thread worker;

    /** Whether the agent was terminated or the service is stopping. */
    boolean cancelled() {
        return cancelled;
    }

    /** Marks the agent's work cancelled and interrupts its attempt, if one runs. */
    synchronized void cancel() {
        cancelled = true;
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Runs plugin code on this thread so that {@link #cancel()} can interrupt it. */
    String run(Supplier<String> work) {
        synchronized (this) {
            worker = Thread.currentThread();
            if (cancelled) {
                worker.interrupt();
            }
        }
        try {
            return work.get();
        } finally {
            synchronized (this) {
                worker = null;
            }
        }
    }
}
