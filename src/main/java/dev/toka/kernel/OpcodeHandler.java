package dev.toka.kernel;

import dev.toka.security.Caller;
import dev.toka.security.TokenGrant;
import dev.toka.store.ExpectedVersion;
import java.util.List;
import java.util.Objects;
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

    /** Who may do the operation: an admin only, or a holder of a permission on a target agent. */
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
     * What an operation needs before it is decided; the variants say who may do it.
     */
    sealed interface Requirement permits Requirement.AdminOnly, Requirement.PermissionOnAgent {

        /** Only an admin may do it; it acts on no existing agent (a root spawn, a run). */
        static Requirement adminOnly() {
            return new AdminOnly();
        }

        /**
         * The caller holds {@code permission} and may act on {@code agentId}: the agent itself or one of
         * its descendants in its vault (an admin on any agent).
         */
        static Requirement permissionOn(String permission, String agentId) {
            return new PermissionOnAgent(permission, agentId);
        }

        /** The existing agent the operation acts on, whose operations queue up one after another. */
        Optional<String> targetAgent();

        /** See {@link #adminOnly()}. */
        record AdminOnly() implements Requirement {
            @Override
            public Optional<String> targetAgent() {
                return Optional.empty();
            }
        }

        /**
         * See {@link #permissionOn}.
         *
         * @param permission The permission, for example {@code task:schedule}.
         * @param agentId    The agent acted on.
         */
        record PermissionOnAgent(String permission, String agentId) implements Requirement {

            public PermissionOnAgent {
                Objects.requireNonNull(permission, "permission");
                Objects.requireNonNull(agentId, "agentId");
            }

            @Override
            public Optional<String> targetAgent() {
                return Optional.of(agentId);
            }
        }
    }

    /**
     * What an operation records.
     *
     * @param streamId The stream that receives the events.
     * @param expected The version that stream must have.
     * @param events   The events, at least one.
     * @param agentId  The agent the operation acted on (for a spawn, the new one), or {@code null}.
     * @param token    A token the operation issues, already checked; it is recorded before the events
     *                 (docs/kernel.md, "Spawning with a token").
     */
    record Decision(String streamId, ExpectedVersion expected, List<KernelEvent> events, String agentId,
            Optional<TokenGrant> token) {

        public Decision {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("a decision records at least one event");
            }
            token = token == null ? Optional.empty() : token;
        }

        /** A decision that issues no token. */
        public Decision(String streamId, ExpectedVersion expected, List<KernelEvent> events, String agentId) {
            this(streamId, expected, events, agentId, Optional.empty());
        }

        /** Events on an existing agent's stream, valid only while the stream is as the decision saw it. */
        public static Decision onAgent(AgentView agent, KernelEvent... events) {
            return new Decision(KernelEvent.streamOf(agent.id()), ExpectedVersion.exactly(agent.version()),
                    List.of(events), agent.id());
        }
    }
}
