package dev.toka.kernel;

import dev.toka.security.Caller;
import dev.toka.store.ExpectedVersion;
import java.util.List;
import java.util.Optional;

/**
 * Applies one kind of {@link Operation}. Every operation, built-in or not, is handled by a CDI
 * bean of this type, so a new operation is added by adding a bean, without editing the kernel.
 *
 * @param <O> The operation type handled.
 */
public interface OpcodeHandler<O extends Operation> {

    /** The {@code op} name in the API, for example {@code schedule-task}. */
    String opcode();

    /** The record the {@code op} body is read into. */
    Class<O> operationType();

    /** The permission the operation needs, and the agent it acts on (empty: admin only). */
    Requirement requirement(O operation);

    /**
     * Decides what to record, given the target agent's current state. Called after the caller was
     * authorised; may be called again when a concurrent change to the same agent wins the race.
     *
     * @param operation The validated operation.
     * @param target    The target agent's state, empty for operations without a target.
     * @param caller    Who asked.
     * @throws AgentStateConflictException when the agent's state does not allow the operation
     */
    Decision decide(O operation, Optional<AgentView> target, Caller caller);

    /**
     * What an operation needs.
     *
     * @param permission  The permission, for example {@code task:schedule}.
     * @param targetAgent The agent acted on, if any.
     */
    record Requirement(String permission, Optional<String> targetAgent) {}

    /**
     * What an operation records.
     *
     * @param streamId The stream that receives the events.
     * @param expected The version that stream must have.
     * @param events   The events, at least one.
     * @param agentId  The agent the operation acted on (for a spawn, the new one), or {@code null}.
     */
    record Decision(String streamId, ExpectedVersion expected, List<KernelEvent> events, String agentId) {

        public Decision {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a decision records at least one event");
            }
        }

        /** Events on an existing agent's stream, valid only while the stream is as the decision saw it. */
        public static Decision onAgent(AgentView agent, KernelEvent... events) {
            return new Decision(KernelEvent.streamOf(agent.id()), ExpectedVersion.exactly(agent.version()),
                    List.of(events), agent.id());
        }
    }
}
