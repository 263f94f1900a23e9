package dev.toka.agent;

import java.util.function.Supplier;

/**
 * One agent's link to the worker running its task, so terminating the agent can cancel the attempt:
 * the flag is what the plugin sees, the interrupt wakes it from a blocking call.
 */
final class Execution {

    private volatile boolean cancelled;
    private Thread worker;

    /** Whether the agent was terminated. */
    boolean cancelled() {
        return cancelled;
    }

    /** Marks the agent terminated and interrupts its attempt, if one runs. */
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
