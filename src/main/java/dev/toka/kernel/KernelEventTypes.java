package dev.toka.kernel;

import dev.toka.kernel.KernelEvent.AgentResumed;
import dev.toka.kernel.KernelEvent.ApprovalExpired;
import dev.toka.kernel.KernelEvent.ApprovalGranted;
import dev.toka.kernel.KernelEvent.ApprovalRejected;
import dev.toka.kernel.KernelEvent.ApprovalRequested;
import dev.toka.kernel.KernelEvent.AgentSpawned;
import dev.toka.kernel.KernelEvent.AgentSuspended;
import dev.toka.kernel.KernelEvent.AgentTerminated;
import dev.toka.kernel.KernelEvent.ObservationEmitted;
import dev.toka.kernel.KernelEvent.TaskCancelled;
import dev.toka.kernel.KernelEvent.TaskCompleted;
import dev.toka.kernel.KernelEvent.TaskFailed;
import dev.toka.kernel.KernelEvent.TaskScheduled;
import dev.toka.kernel.KernelEvent.TaskStarted;
import dev.toka.kernel.KernelEvent.TaskTimedOut;
import dev.toka.store.EventType;
import dev.toka.store.EventTypes;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The kernel's built-in events and their stored names. An extension handler declares its own
 * {@link ExtensionEvent}s the same way, in an {@link EventTypes} bean of its layer.
 */
@Singleton
class KernelEventTypes implements EventTypes {

    @Override
    public List<EventType<?>> types() {
        return List.of(
                EventType.of("AgentSpawned", AgentSpawned.class),
                EventType.of("TaskScheduled", TaskScheduled.class),
                EventType.of("ObservationEmitted", ObservationEmitted.class),
                EventType.of("AgentSuspended", AgentSuspended.class),
                EventType.of("AgentResumed", AgentResumed.class),
                EventType.of("AgentTerminated", AgentTerminated.class),
                EventType.of("TaskStarted", TaskStarted.class),
                EventType.of("TaskCompleted", TaskCompleted.class),
                EventType.of("TaskFailed", TaskFailed.class),
                EventType.of("TaskTimedOut", TaskTimedOut.class),
                EventType.of("TaskCancelled", TaskCancelled.class),
                EventType.of("ApprovalRequested", ApprovalRequested.class),
                EventType.of("ApprovalGranted", ApprovalGranted.class),
                EventType.of("ApprovalRejected", ApprovalRejected.class),
                EventType.of("ApprovalExpired", ApprovalExpired.class),
                EventType.of("InstanceHeartbeat", FleetEvent.InstanceHeartbeat.class),
                EventType.of("InstanceStopped", FleetEvent.InstanceStopped.class));
    }
}
