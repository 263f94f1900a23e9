package dev.toka.kernel;

import dev.toka.Sha256;
import dev.toka.redaction.Redactor;
import dev.toka.security.SubjectEnded;
import java.time.Instant;

/**
 * What the kernel records when an operation is applied: the built-in {@link AgentEvent}s, each
 * stored in its agent's stream {@code agent-<id>}, or an {@link ExtensionEvent} of an extension handler.
 * Each is stored under the name its layer declares ({@link KernelEventTypes} for the built-in ones).
 */
public sealed interface KernelEvent permits KernelEvent.AgentEvent, ExtensionEvent {

    /**
     * The event as the kernel records it: the free text it carries (a task's description, an observation,
     * standing instructions, an output, a reason) with secrets masked by the shared {@link Redactor}, the
     * same patterns as model traffic (docs/security.md, "What is redacted"). Ids, names and capabilities
     * are structure and stay as they are; an event without free text is recorded as it is.
     */
    default KernelEvent redacted() {
        return this;
    }

    /** The prefix of agent streams. */
    String AGENT_STREAM_PREFIX = "agent-";

    /** An event of one agent's lifecycle, stored in the agent's stream. */
    sealed interface AgentEvent extends KernelEvent
            permits AgentSpawned, TaskScheduled, ObservationEmitted, AgentSuspended, AgentResumed, AgentTerminated,
                    TaskStarted, TaskCompleted, TaskFailed, TaskTimedOut, TaskCancelled, ApprovalRequested,
                    ApprovalGranted, ApprovalRejected, ApprovalExpired {

        /** The agent the event belongs to. */
        String agentId();
    }

    /** The stream of an agent. */
    static String streamOf(String agentId) {
        return AGENT_STREAM_PREFIX + agentId;
    }

    /**
     * An agent came into being; {@code timeout} is its per-task time limit ({@link TaskTimeouts}), or
     * {@code null}; {@code mandate} is absent in events written before mandates existed.
     */
    record AgentSpawned(String agentId, String parent, String name, String type, String vault, String timeout,
            AgentMandate mandate) implements AgentEvent {

        public AgentSpawned {
            mandate = mandate == null ? AgentMandate.NONE : mandate;
        }

        @Override
        public AgentSpawned redacted() {
            return new AgentSpawned(agentId, parent, name, type, vault, timeout, mandate.redacted());
        }
    }

    /** A task was queued on an agent. */
    record TaskScheduled(String agentId, String taskId, String description) implements AgentEvent {

        @Override
        public TaskScheduled redacted() {
            return new TaskScheduled(agentId, taskId, Redactor.redact(description));
        }
    }

    /** An agent recorded an observation. */
    record ObservationEmitted(String agentId, byte[] data) implements AgentEvent {

        @Override
        public ObservationEmitted redacted() {
            return new ObservationEmitted(agentId, Redactor.redact(data));
        }
    }

    /** An agent stopped taking new tasks. */
    record AgentSuspended(String agentId) implements AgentEvent {}

    /** A suspended agent went back to work. */
    record AgentResumed(String agentId) implements AgentEvent {}

    /** An agent ended for good, and with it every token it holds. */
    record AgentTerminated(String agentId, String reason) implements AgentEvent, SubjectEnded {

        @Override
        public String endedSubject() {
            return agentId;
        }

        @Override
        public AgentTerminated redacted() {
            return new AgentTerminated(agentId, Redactor.redact(reason));
        }
    }

    /**
     * An attempt at a queued task began; attempts count from 1. {@code instance} is the service instance
     * that claimed it and runs it ({@link Fleet}); {@code null} in logs written before instances were recorded.
     */
    record TaskStarted(String agentId, String taskId, int attempt, String instance) implements AgentEvent {}

    /**
     * A task succeeded and left the queue. {@code output} is its result as recorded (secrets masked), or empty
     * when the result was too large and went to {@code artifact}; {@code sha256} is the SHA-256 of the recorded
     * output, or the artifact's. Both are {@code null} in events written before results were hashed.
     */
    record TaskCompleted(String agentId, String taskId, String output, String sha256, ResultArtifact artifact)
            implements AgentEvent {

        @Override
        public TaskCompleted redacted() {
            String recorded = Redactor.redact(output);
            return new TaskCompleted(agentId, taskId, recorded,
                    artifact == null ? Sha256.hex(recorded) : artifact.sha256(), artifact);
        }
    }

    /** An attempt failed; the task stays queued when {@code retrying}, else it left the queue. */
    record TaskFailed(String agentId, String taskId, String reason, int attempt, boolean retrying)
            implements AgentEvent {

        @Override
        public TaskFailed redacted() {
            return new TaskFailed(agentId, taskId, Redactor.redact(reason), attempt, retrying);
        }
    }

    /** An attempt ran out of time; the task stays queued when {@code retrying}, else it left the queue. */
    record TaskTimedOut(String agentId, String taskId, int attempt, boolean retrying) implements AgentEvent {}

    /** A task left the queue unfinished because its agent was terminated. */
    record TaskCancelled(String agentId, String taskId) implements AgentEvent {}

    /**
     * The running attempt of a task asked for a tool call that needs a person's approval: the attempt ends
     * and the task waits, queued, until the approval is granted, rejected or expires (docs/agents.md).
     *
     * @param argumentsSha256 Hex SHA-256 of the call's RFC 8785 canonical arguments (never the arguments).
     * @param modelCall       The log position of the recorded model answer that asked for the call.
     * @param expiresAt       When it expires unanswered.
     */
    record ApprovalRequested(String agentId, String taskId, String approvalId, String toolId, String argumentsSha256,
            int attempt, int step, long modelCall, Instant expiresAt) implements AgentEvent {}

    /**
     * A person granted the approval; {@code token} is the signed one-shot capability bound to the call's
     * arguments, {@code tokenId} its id (revocable like any token).
     */
    record ApprovalGranted(String agentId, String taskId, String approvalId, String token, String tokenId)
            implements AgentEvent {}

    /** A person rejected the approval; the agent is told {@code reason} as the tool's answer. */
    record ApprovalRejected(String agentId, String taskId, String approvalId, String reason) implements AgentEvent {

        @Override
        public ApprovalRejected redacted() {
            return new ApprovalRejected(agentId, taskId, approvalId, Redactor.redact(reason));
        }
    }

    /** Nobody answered the approval in time; the task's next attempt fails with that reason. */
    record ApprovalExpired(String agentId, String taskId, String approvalId) implements AgentEvent {}
}
