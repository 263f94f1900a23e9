package dev.toka.llm.langchain4j;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP requests one model call may send, retries and fallback included: what is left of its task's
 * {@code toka.llm.max-requests-per-task}, or no limit for a call outside a task.
 */
final class RequestAllowance {

    private final int limit;
    private final AtomicInteger sent = new AtomicInteger();

    private RequestAllowance(int limit) {
        this.limit = limit;
    }

    /** At most {@code limit} requests (none when it is 0 or less). */
    static RequestAllowance of(long limit) {
        return new RequestAllowance((int) Math.max(0, Math.min(limit, Integer.MAX_VALUE)));
    }

    /** Bounded only by the guards' own retries. */
    static RequestAllowance unlimited() {
        return new RequestAllowance(Integer.MAX_VALUE);
    }

    /** Counts a request about to be sent. */
    void spend() {
        sent.incrementAndGet();
    }

    /** Requests sent so far. */
    int sent() {
        return sent.get();
    }

    /** Whether no request is left. */
    boolean spent() {
        return sent.get() >= limit;
    }
}
