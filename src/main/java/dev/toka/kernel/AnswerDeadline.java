package dev.toka.kernel;

import dev.toka.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The one deadline of every kernel answer ({@link KernelConfig#answerTimeout()}). A submission that
 * is not answered in time fails with {@link DeadlineExceededException}, whose message says where it
 * stood at that moment. Only the answer gives up: a commit under way still completes, and the
 * operations queued behind it on the same agent go on.
 */
final class AnswerDeadline {

    private final Duration timeout;

    AnswerDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Fails {@code work} once the deadline passes, and returns it.
     *
     * @param whereItStands Says, when the deadline passes, how far the work got; called only then, on a
     *                      timer thread, so it must not block.
     */
    <T> CompletableFuture<T> bound(CompletableFuture<T> work, Supplier<String> whereItStands) {
        return work.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            return CompletableFuture.failedFuture(cause instanceof TimeoutException
                    ? new DeadlineExceededException("no answer within " + timeout + ": " + whereItStands.get())
                    : cause);
        });
    }
}
