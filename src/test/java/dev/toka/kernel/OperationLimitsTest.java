package dev.toka.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation limits of the built-in operations, at and just past each bound. */
class OperationLimitsTest {

    private static final String AGENT = "0b7c6f1e-3f57-4e0e-9d6a-2f1f3c9f2a10";

    @Test
    void acceptsTaskDescriptionOfExactly4096Bytes() {
        assertDoesNotThrow(() -> new ScheduleTask(AGENT, "x".repeat(4096)).validate());
    }

    @Test
    void rejectsTaskDescriptionOf4097BytesNamingFieldAndLimit() {
        InvalidOperationException e = rejects(() -> new ScheduleTask(AGENT, "x".repeat(4097)).validate());
        assertEquals("description", e.field());
        assertTrue(e.getMessage().contains("4096") && e.getMessage().contains("4097"), e.getMessage());
    }

    @Test
    void countsTaskDescriptionInUtf8BytesNotCharacters() {
        // 2048 two-byte characters are exactly 4096 bytes; one more byte pushes past the limit.
        assertDoesNotThrow(() -> new ScheduleTask(AGENT, "é".repeat(2048)).validate());
        rejects(() -> new ScheduleTask(AGENT, "é".repeat(2048) + "x").validate());
    }

    @Test
    void rejectsBlankTaskDescription() {
        assertEquals("description", rejects(() -> new ScheduleTask(AGENT, "  \t ").validate()).field());
    }

    @Test
    void acceptsAgentNameOfExactly256BytesAndRejects257() {
        assertDoesNotThrow(() -> new SpawnAgent(null, "n".repeat(256), "script", null).validate());
        InvalidOperationException e = rejects(() -> new SpawnAgent(null, "n".repeat(257), "script", null).validate());
        assertEquals("name", e.field());
        assertTrue(e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void rejectsBlankAgentName() {
        assertEquals("name", rejects(() -> new SpawnAgent(null, " ", "script", null).validate()).field());
    }

    @Test
    void acceptsObservationOfExactlyOneMebibyteAndRejectsOneByteMore() {
        assertDoesNotThrow(() -> new EmitObservation(AGENT, new byte[1_048_576]).validate());
        InvalidOperationException e = rejects(() -> new EmitObservation(AGENT, new byte[1_048_577]).validate());
        assertEquals("data", e.field());
        assertTrue(e.getMessage().contains("1048576"), e.getMessage());
    }

    @Test
    void rejectsObservationWithoutData() {
        assertEquals("data", rejects(() -> new EmitObservation(AGENT, null).validate()).field());
    }

    @Test
    void rejectsOperationWithoutAgent() {
        assertEquals("agent", rejects(() -> new SuspendAgent(null).validate()).field());
    }

    private static InvalidOperationException rejects(Executable validation) {
        return assertThrows(InvalidOperationException.class, validation);
    }
}
