package dev.toka.kernel;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An executor whose tasks run on the thread that waits for the result: a blocking caller lends its
 * own thread to the work it waits for, so that work never lands on the store's appender thread and
 * never needs a pool of its own. Use one per wait.
 */
final class WaitingThreadExecutor implements Executor {

    private static final Runnable WAKE_UP = () -> {};

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the tasks handed to this executor until {@code result} completes; like {@code join}, not interruptible. */
    void runUntilDone(CompletableFuture<?> result) {
        result.whenComplete((value, failure) -> tasks.add(WAKE_UP));
        boolean interrupted = false;
        while (!result.isDone()) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
