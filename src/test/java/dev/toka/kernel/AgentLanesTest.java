package dev.toka.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentLanesTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void anOperationStartsOnlyAfterTheOneBeforeItOnTheSameAgentHasFinished() {
        AgentLanes lanes = new AgentLanes(16);
        CompletableFuture<String> firstCommit = new CompletableFuture<>();
        List<String> started = new ArrayList<>();
        CompletableFuture<String> first = lanes.enqueue("agent-a", () -> {
            started.add("first");
            return firstCommit;
        }, executor);
        CompletableFuture<String> second = lanes.enqueue("agent-a", () -> {
            started.add("second");
            return CompletableFuture.completedFuture("second done");
        }, executor);

        assertEquals(List.of("first"), started);
        assertFalse(second.isDone());
        firstCommit.complete("first done");
        assertEquals("first done", first.join());
        assertEquals("second done", second.orTimeout(5, TimeUnit.SECONDS).join());
        assertEquals(List.of("first", "second"), started);
    }

    @Test
    void aFailedOperationFreesTheLaneAndOtherLanesNeverWait() {
        AgentLanes lanes = new AgentLanes(1024);
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> failed = lanes.enqueue("agent-a", () -> {
            throw new AgentStateConflictException("agent-a", AgentStatus.TERMINATED, "is terminated");
        }, executor);
        CompletableFuture<String> afterFailure = lanes.enqueue("agent-a", () -> pending, executor);
        CompletableFuture<String> otherAgent = lanes.enqueue("agent-b", () -> CompletableFuture.completedFuture("b"),
                executor);

        assertTrue(failed.isCompletedExceptionally());
        assertEquals("b", otherAgent.getNow(null), "a free lane runs at once, on the calling thread");
        pending.complete("a");
        assertEquals("a", afterFailure.orTimeout(5, TimeUnit.SECONDS).join());
    }
}
