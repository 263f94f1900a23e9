package dev.toka.kernel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Runs the operations on one agent one after another, without holding a thread while one waits for
 * its commit. Operations on the same agent then queue up instead of racing to the store and
 * retrying on version conflicts. Lanes are striped: agents whose ids share a stripe share a lane,
 * which costs them some parallelism and nothing else.
 */
final class AgentLanes {

    // The end of each lane: completes when the last operation queued on it has finished.
    private final AtomicReferenceArray<CompletableFuture<Void>> tails;

    AgentLanes(int stripes) {
        tails = new AtomicReferenceArray<>(stripes);
        for (int i = 0; i < stripes; i++) {
            tails.set(i, CompletableFuture.completedFuture(null));
        }
    }

    /**
     * Starts {@code operation} once everything queued before it on the agent's lane has finished: at
     * once on the calling thread when the lane is free, otherwise on {@code executor}.
     */
    <T> CompletableFuture<T> enqueue(String agentId, Supplier<CompletableFuture<T>> operation, Executor executor) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.getAndSet(Math.floorMod(agentId.hashCode(), tails.length()), finished);
        CompletableFuture<T> result = previous.isDone()
                ? start(operation)
                : previous.thenComposeAsync(ignored -> start(operation), executor);
        result.whenComplete((value, failure) -> finished.complete(null));
        return result;
    }

    private static <T> CompletableFuture<T> start(Supplier<CompletableFuture<T>> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
