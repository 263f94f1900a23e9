package dev.toka.kernel;

import java.util.Map;

/**
 * What the kernel records when an operation is applied: the built-in {@link AgentEvent}s, each
 * stored in its agent's stream {@code agent-<id>}, or an {@link ExtensionEvent} of an extension handler.
 */
public sealed interface KernelEvent permits KernelEvent.AgentEvent, ExtensionEvent {

    /** The prefix of agent streams. */
    String AGENT_STREAM_PREFIX = "agent-";

    /** The built-in event types by their stored type name. */
    Map<String, Class<? extends AgentEvent>> BUILT_IN = Map.of(
            "AgentSpawned", AgentSpawned.class,
            "TaskScheduled", TaskScheduled.class,
            "ObservationEmitted", ObservationEmitted.class,
            "AgentSuspended", AgentSuspended.class,
            "AgentResumed", AgentResumed.class,
            "AgentTerminated", AgentTerminated.class);

    /** An event of one agent's lifecycle, stored in the agent's stream. */
    sealed interface AgentEvent extends KernelEvent
            permits AgentSpawned, TaskScheduled, ObservationEmitted, AgentSuspended, AgentResumed, AgentTerminated {

        /** The agent the event belongs to. */
        String agentId();
    }

    /** The stream of an agent. */
    static String streamOf(String agentId) {
        return AGENT_STREAM_PREFIX + agentId;
    }

    /** An agent came into being. */
    record AgentSpawned(String agentId, String parent, String name, String type, String vault) implements AgentEvent {}

    /** A task was queued on an agent. */
    record TaskScheduled(String agentId, String taskId, String description) implements AgentEvent {}

    /** An agent recorded an observation. */
    record ObservationEmitted(String agentId, byte[] data) implements AgentEvent {}

    /** An agent stopped taking new tasks. */
    record AgentSuspended(String agentId) implements AgentEvent {}

    /** A suspended agent went back to work. */
    record AgentResumed(String agentId) implements AgentEvent {}

    /** An agent ended for good. */
    record AgentTerminated(String agentId, String reason) implements AgentEvent {}
}
