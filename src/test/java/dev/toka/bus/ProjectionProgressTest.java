package dev.toka.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ProjectionProgressTest {

    @Test
    void waitersCompleteWhenTheirPositionIsAppliedAndNotBefore() {
        ProjectionProgress progress = new ProjectionProgress("test projection", Duration.ofSeconds(5));
        progress.advanceTo(3);
        assertTrue(progress.whenReached(3).isDone(), "an applied position is reached at once");

        CompletableFuture<Void> five = progress.whenReached(5);
        CompletableFuture<Void> seven = progress.whenReached(7);
        progress.advanceTo(4);
        assertFalse(five.isDone());
        progress.advanceTo(6);
        assertTrue(five.isDone());
        assertFalse(seven.isDone());
        progress.advanceTo(7);
        assertTrue(seven.isDone());
        assertEquals(7, progress.position());
    }

    @Test
    void aPositionThatIsNeverReachedFailsAfterTheTimeoutNamingTheProjectionAndWhereItStands() {
        ProjectionProgress progress = new ProjectionProgress("test projection", Duration.ofMillis(50));
        progress.advanceTo(4);
        DeadlineExceededException late = assertThrows(DeadlineExceededException.class, () -> progress.await(6));
        assertTrue(late.getMessage().contains("test projection did not reach position 6 within PT0.05S;"
                + " it stands at position 4"), late.getMessage());
    }

    @Test
    void aTimedOutWaiterIsForgottenSoAStuckProjectionDoesNotCollectThem() {
        ProjectionProgress progress = new ProjectionProgress("test projection", Duration.ofMillis(50));
        for (int i = 0; i < 100; i++) {
            CompletableFuture<Void> late = progress.whenReached(1);
            assertThrows(CompletionException.class, late::join);
        }
        assertEquals(0, progress.waiting());
    }

    @Test
    void racingWaitersAndAdvancesNeverLoseAWakeUp() throws Exception {
        ProjectionProgress progress = new ProjectionProgress("test projection", Duration.ofSeconds(10));
        Thread projection = new Thread(() -> {
            for (long position = 1; position <= 200_000; position++) {
                progress.advanceTo(position);
            }
        });
        projection.start();
        for (long target = 1; target <= 200_000; target += 997) {
            progress.await(target);
        }
        projection.join();
        progress.await(200_000);
    }
}
