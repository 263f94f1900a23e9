package dev.toka.kernel;

import dev.toka.store.EventMetadata;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.toka.kernel.AgentView.QueuedTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentViewTest {

    private static final EventMetadata METADATA = EventMetadata.of("admin");

    private static AgentView agentWith(List<QueuedTask> tasks) {
        return new AgentView("a-1", null, "worker", "script", "default", null, AgentMandate.NONE, AgentStatus.READY,
                tasks, null, 0);
    }

    @Test
    void aViewIsASnapshotThatLaterQueueChangesNeverReach() {
        List<QueuedTask> source = new ArrayList<>(List.of(new QueuedTask("t-1", "first", 0, METADATA)));
        AgentView before = agentWith(source);
        source.add(new QueuedTask("t-x", "added to the caller's list afterwards", 0, METADATA));
        AgentView after = before.with(AgentStatus.READY, before.queue().plus(new QueuedTask("t-2", "second", 0, METADATA)), 1);

        assertEquals(List.of("t-1"), before.queuedTasks().stream().map(QueuedTask::taskId).toList());
        assertEquals(List.of("t-1", "t-2"), after.queuedTasks().stream().map(QueuedTask::taskId).toList());
        assertThrows(UnsupportedOperationException.class,
                () -> after.queuedTasks().add(new QueuedTask("t-3", "not through the projection", 0, METADATA)));
    }

    @Test
    void tasksAreFoundByIdAndDroppedFromTheMiddleInOrder() {
        AgentView agent = agentWith(List.of(new QueuedTask("t-1", "one", 0, METADATA), new QueuedTask("t-2", "two", 1, METADATA),
                new QueuedTask("t-3", "three", 0, METADATA)));

        assertEquals(1, agent.indexOf("t-2"));
        assertEquals(-1, agent.indexOf("t-9"));
        assertEquals("two", agent.queued("t-2").orElseThrow().description());
        assertTrue(agent.queued("t-9").isEmpty());
        assertEquals(List.of("t-1", "t-3"),
                agent.queue().minus(agent.indexOf("t-2")).stream().map(QueuedTask::taskId).toList());
    }
}
