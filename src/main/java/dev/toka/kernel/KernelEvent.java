package dev.toka.kernel;

import java.util.Map;

/**
 * What the kernel records when an operation is applied. Each event belongs to one agent and is
 * stored in that agent's stream, {@code agent-<id>}.
 */
public sealed interface KernelEvent
        permits KernelEvent.AgentSpawned, KernelEvent.TaskScheduled, KernelEvent.ObservationEmitted,
                KernelEvent.AgentSuspended, KernelEvent.AgentResumed, KernelEvent.AgentTerminated,
                ExtensionEvent {

    /** The prefix of agent streams. */
    String AGENT_STREAM_PREFIX = "agent-";

    /** The built-in event types by their stored type name. */
    Map<String, Class<? extends KernelEvent>> BUILT_IN = Map.of(
            "AgentSpawned", AgentSpawned.class,
            "TaskScheduled", TaskScheduled.class,
            "ObservationEmitted", ObservationEmitted.class,
            "AgentSuspended", AgentSuspended.class,
            "AgentResumed", AgentResumed.class,
            "AgentTerminated", AgentTerminated.class);

    /** The agent the event belongs to. */
    String agentId();

    /** The stream of an agent. */
    static String streamOf(String agentId) {
        return AGENT_STREAM_PREFIX + agentId;
    }

    /** An agent came into being. */
    record AgentSpawned(String agentId, String parent, String name, String type, String vault) implements KernelEvent {}

    /** A task was queued on an agent. */
    record TaskScheduled(String agentId, String taskId, String description) implements KernelEvent {}

    /** An agent recorded an observation. */
    record ObservationEmitted(String agentId, byte[] data) implements KernelEvent {}

    /** An agent stopped taking new tasks. */
    record AgentSuspended(String agentId) implements KernelEvent {}

    /** A suspended agent went back to work. */
    record AgentResumed(String agentId) implements KernelEvent {}

    /** An agent ended for good. */
    record AgentTerminated(String agentId, String reason) implements KernelEvent {}
}
